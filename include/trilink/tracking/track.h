// A track: one target's estimate as the tracker keeps it.
//
// The estimate is the filter state at the time of the track's last update
// (posterior); the tracker predicts it to each scan without storing the
// prediction, so a scan that misses changes nothing but the counters.
//
// Status: tentative until the confirmation rule (M of the last N
// opportunities, initiator.h) holds, then confirmed; deleted tracks leave
// the tracker. Quality is the fraction of hits over the last eight
// opportunities to be detected.
#pragma once

#include <bit>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "trilink/core/time.h"
#include "trilink/tracking/filter.h"

namespace trilink::tracking {

enum class TrackStatus { kTentative, kConfirmed };

// One past update, kept so that an out-of-sequence measurement can be
// folded in by re-running the updates after it (tracker.h).
template <int N>
struct TrackUpdate {
  UtcTime time;  // measurement time
  std::shared_ptr<const MeasurementModel<N>> model;
  MeasurementVector measurement;
  FilterState<N> before;  // the posterior before this update
  UtcTime before_time;    // its time
};

template <int N>
struct Track {
  uint64_t id = 0;  // track number, unique within a tracker, from 1
  TrackStatus status = TrackStatus::kTentative;
  UtcTime born;
  UtcTime time;                        // of the estimate (the last update)
  FilterState<N> state;                // at `time`
  int hits = 0;                        // updates so far
  int misses = 0;                      // consecutive opportunities missed
  uint64_t history = 0;                // detection opportunities, newest in bit 0 (1 = hit)
  int opportunities = 0;               // number of valid bits in `history` (saturates at 64)
  std::deque<TrackUpdate<N>> updates;  // oldest first, for out-of-sequence measurements

  bool confirmed() const { return status == TrackStatus::kConfirmed; }
  // Opportunities missed since the track started (within the 64 kept).
  int total_misses() const { return opportunities - std::popcount(history & Mask(opportunities)); }
  // Fraction of hits in the last eight opportunities (1 for a new track).
  double quality() const {
    const int window = opportunities < 8 ? opportunities : 8;
    if (window == 0) return 1.0;
    return std::popcount(history & Mask(window)) / static_cast<double>(window);
  }
  // The `bits` lowest bits set (bits in [0, 64]).
  static uint64_t Mask(int bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }
  void Record(bool hit) {
    history = (history << 1) | (hit ? 1u : 0u);
    if (opportunities < 64) ++opportunities;
    if (hit) {
      ++hits;
      misses = 0;
    } else {
      ++misses;
    }
  }
};

}  // namespace trilink::tracking
