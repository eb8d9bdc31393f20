// A partner's local track as partners share it: one node's tracker's
// estimate of one target, made from that node's own detections only
// (DESIGN.md: a node publishes only its local tracks, never fused ones).
//
// The state is the tracker's full 10-component ballistic state in ECEF
// (tracking/ballistic.h: position, Earth-relative velocity, extra
// acceleration, inverse ballistic coefficient) with its full covariance, at
// the time of its last update (time of validity). The mode probabilities are
// the partner's IMM's (0 for a single-model filter): the flight phase as the
// partner sees it.
//
// A received local track is checked before it is fused (CheckLocalTrack):
// a message from a partner is input, and a malformed or hostile one must
// never reach the fused picture.
//
// Usage:
//   LocalTrack track = LocalTrackOf("JP", tracker.tracks()[i], tracker.bank(), sequence, 1);
//   if (std::optional<std::string> why = CheckLocalTrack(track, now, {})) refuse(*why);
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "trilink/core/gaussian.h"
#include "trilink/core/time.h"
#include "trilink/tracking/ballistic.h"
#include "trilink/tracking/track.h"

namespace trilink::fusion {

struct LocalTrack {
  std::string partner;    // the node whose tracker made it ("JP")
  uint64_t number = 0;    // the partner's track number, >= 1
  uint32_t sequence = 0;  // update sequence of this track, from 1, +1 per message
  // Which run of the partner's node made it: a restarted node numbers its
  // tracks and sequences from 1 again, so a change of incarnation starts
  // the track afresh.
  uint64_t incarnation = 0;
  UtcTime time;  // time of validity of `state`
  Gaussian<tracking::kBallisticStateSize> state;
  double boost_probability = 0.0;      // [0, 1]
  double manoeuvre_probability = 0.0;  // [0, 1]; the ballistic mode has the rest
  double quality = 1.0;                // fraction of hits in the last eight opportunities, [0, 1]
  int hits = 0;                        // detections that updated the track so far
  bool ended = false;                  // the partner's tracker dropped it (its last message)

  std::string Key() const {
    std::string key = partner;
    key += '/';
    key += std::to_string(number);
    return key;
  }
};

// The most probable flight phase of a local track.
tracking::BallisticMode PhaseOf(double boost_probability, double manoeuvre_probability);

// A local track from a confirmed track of a partner's tracker.
LocalTrack LocalTrackOf(const std::string& partner,
                        const tracking::Track<tracking::kBallisticStateSize>& track,
                        const tracking::BallisticFilterBank& bank, uint32_t sequence,
                        uint64_t incarnation);

// What a received local track must satisfy to be fused. All finite; all
// but min_height_m > 0.
struct TrackCheckOptions {
  double max_ahead_s = 10.0;  // time of validity at most this after the receiver's clock
  double max_age_s = 600.0;   // and at most this before it
  // Height above the WGS-84 ellipsoid (m): not inside the Earth, not beyond
  // any ballistic missile's apogee.
  double min_height_m = -50e3;
  double max_height_m = 10e6;
  double max_speed_m_s = 12e3;
  // Position σ (√ of the largest eigenvalue of the position covariance, m):
  // a track this vague carries nothing worth fusing.
  double max_position_sigma_m = 1000e3;
  // Bounds on the other components (the mean's magnitude and σ per axis),
  // and a floor on every σ: a track claiming millimetre or ten-kilometre-
  // per-second certainty is hostile or broken, and would either dictate
  // the fused state or overflow its prediction.
  double min_position_sigma_m = 1.0;
  double max_velocity_sigma_m_s = 20e3;
  double min_velocity_sigma_m_s = 0.01;
  double max_acceleration_m_s2 = 1000.0;                 // mean and σ per axis
  double max_inverse_ballistic_coefficient_m2_kg = 1.0;  // mean and σ

  bool IsValid(std::string* error) const;
};

// Nullopt when `track` may be fused at the receiver's time `now`; else
// why not ("covariance not positive definite", ...). Checks: a partner id
// and a track number, every number finite, mode probabilities in [0, 1]
// summing to at most 1, a covariance symmetric element by element and
// positive definite, the time of validity a valid time within
// [now − max_age_s, now + max_ahead_s], the height, the speed, the
// acceleration and inverse ballistic coefficient, and every σ within the
// options' bounds. `options` must be valid (checked).
std::optional<std::string> CheckLocalTrack(const LocalTrack& track, UtcTime now,
                                           const TrackCheckOptions& options = {});

}  // namespace trilink::fusion
