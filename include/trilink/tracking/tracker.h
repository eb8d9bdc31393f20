// The multi-target tracker: a filter, a gate, an assigner, an initiator and
// a deleter wired together (Stone Soup's tracker/simple.py is the model),
// each swappable behind its interface.
//
// One scan (one sensor, one time) at a time:
//   1. predict every track to the scan time (without storing it) and compute
//      its Innovation against the scan's measurement model, once;
//   2. pre-gate spatially: the measurements' located points go into a
//      uniform grid; each track looks only at the cells its gate can reach
//      (its predicted position σ plus the largest measurement σ, times the
//      gate), so the work grows about linearly with tracks and measurements;
//   3. gate exactly: squared Mahalanobis distance ≤ the gate's threshold;
//   4. split the gated pairs into clusters (connected components, by
//      union–find) and let the assigner solve each cluster;
//   5. update the assigned tracks (Joseph form, filter.h), count a miss for
//      the others whose predicted state the sensor covers;
//   6. offer the measurements no track took to the initiator;
//   7. confirm tentative tracks by M of N, delete by the deleter.
//
// Out-of-sequence measurements: a scan older than a track's last update
// (a slow sensor's report arriving late) is gated against the retrodicted
// state and, if it is assigned, folded in exactly by re-running the track's
// later updates from the stored posterior before them (reprocessing; the
// exact answer the filter would have given in order). The tracker keeps each
// track's updates of the last `out_of_sequence_window_s` seconds for this; a
// measurement older than that is counted, not used.
//
// Scans without located positions (angles only) are gated against every
// track, which is fine for the few tracks such sensors see.
//
// Usage:
//   ConstantVelocity2d motion(1.0);
//   ExtendedKalmanFilter<4> filter(motion);
//   SinglePointInitiator<4> initiator(filter, PlanarPrior, 50.0);
//   MissDeleter<4> deleter({.position_dimensions = 2});
//   GlobalNearestNeighbour gnn(9.0);
//   Tracker<4> tracker(filter, gnn, initiator, deleter, {.position_dimensions = 2});
//   for (const Scan<4>& scan : scans) tracker.Process(scan);
//   for (const Track<4>& track : tracker.tracks()) ...
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trilink/core/error.h"
#include "trilink/tracking/association.h"
#include "trilink/tracking/initiator.h"
#include "trilink/tracking/track.h"

namespace trilink::tracking {

struct TrackerOptions {
  // Gate: squared Mahalanobis distance at most gate_sigma² (3: a "3σ" gate).
  double gate_sigma = 3.0;
  // State components 0 .. d−1 are the position used by the spatial pre-gate
  // (2 on a plane, 3 in ECEF).
  int position_dimensions = 3;
  // M of N confirmation: confirmed once `confirm_hits` of the last
  // `confirm_window` opportunities were hits (window <= 64).
  int confirm_hits = 3;
  int confirm_window = 64;
  // Confirmed tracks are assigned first, tentative tracks share the rest.
  bool confirmed_first = true;
  // Updates kept per track for out-of-sequence measurements (s, >= 0; 0 keeps none).
  double out_of_sequence_window_s = 0.0;
  // A track is paired with at most this many detections of a scan, the
  // nearest by Mahalanobis distance (>= 1). More than a few in one gate are
  // detections too dense to tell apart; the bound keeps a scan's work and
  // memory linear in its tracks when thousands of detections coincide.
  int max_pairs_per_track = 32;

  bool IsValid(std::string* error) const {
    if (!(gate_sigma > 0.0)) return Invalid(error, "gate_sigma must be > 0");
    if (position_dimensions < 1 || position_dimensions > 3)
      return Invalid(error, "position_dimensions must be 1, 2 or 3");
    if (confirm_hits < 1 || confirm_window < confirm_hits || confirm_window > 64)
      return Invalid(error, "need 1 <= confirm_hits <= confirm_window <= 64");
    if (max_pairs_per_track < 1) return Invalid(error, "max_pairs_per_track must be >= 1");
    if (!(out_of_sequence_window_s >= 0.0))
      return Invalid(error, "out_of_sequence_window_s must be >= 0");
    return true;
  }
};

// What the last scan did.
struct ScanSummary {
  struct Association {
    uint64_t track_id = 0;
    int measurement = 0;  // index in the scan
    double weight = 1.0;  // 1 for GNN, β for JPDA
  };
  std::vector<Association> associations;
  int tracks_before = 0;
  int gated_pairs = 0;
  int clusters = 0;
  int largest_cluster = 0;  // tracks + measurements
  int births = 0;
  int deletions = 0;
  int out_of_sequence = 0;          // measurements older than a track, folded in
  int out_of_sequence_too_old = 0;  // older than the kept updates: not used
};

template <int N>
class Tracker {
 public:
  // The components are referenced, not owned: they must outlive the tracker.
  Tracker(const Filter<N>& filter, Assigner& assigner, Initiator<N>& initiator,
          const Deleter<N>& deleter, const TrackerOptions& options)
      : filter_(filter),
        assigner_(assigner),
        initiator_(initiator),
        deleter_(deleter),
        options_(options) {
    std::string error;
    TRILINK_CHECK(options.IsValid(&error)) << error;
    TRILINK_CHECK(options.position_dimensions <= N) << "position dimensions exceed the state";
  }

  // Processes one scan; scans may come in any time order.
  const ScanSummary& Process(const Scan<N>& scan);

  const std::vector<Track<N>>& tracks() const { return tracks_; }
  // With false, every track–measurement pair goes to the exact gate (for
  // tests of the spatial pre-gate, and as a reference).
  void set_spatial_pregate(bool enabled) { spatial_pregate_ = enabled; }
  const ScanSummary& last_scan() const { return summary_; }
  // The state of `track` predicted to `time` (does not change the track).
  FilterState<N> PredictTo(const Track<N>& track, UtcTime time) const {
    return filter_.Predict(track.state, (time - track.time).seconds());
  }

 private:
  struct CandidatePair {
    int track;
    int measurement;
    double distance2;
    double log_likelihood;
    int cluster;
  };

  void PreGate(const Scan<N>& scan, double gate2);
  void TryPair(const Scan<N>& scan, int track, int measurement, double gate2);
  // Keeps the max_pairs_per_track nearest of the pairs from `first` on (one
  // track's).
  void KeepNearestPairs(size_t first, int measurement_count);
  void Cluster(int tracks, int measurements);
  void AssignPass(int tracks, int measurements);
  void Apply(const Scan<N>& scan);
  void Initiate(const Scan<N>& scan);
  bool Reprocess(Track<N>* track, const Scan<N>& scan, const MeasurementVector& z);
  void RememberUpdate(Track<N>* track, const Scan<N>& scan, const MeasurementVector& z);
  int Find(int node) {
    while (parent_[static_cast<size_t>(node)] != node) {
      parent_[static_cast<size_t>(node)] =
          parent_[static_cast<size_t>(parent_[static_cast<size_t>(node)])];
      node = parent_[static_cast<size_t>(node)];
    }
    return node;
  }

  const Filter<N>& filter_;
  Assigner& assigner_;
  Initiator<N>& initiator_;
  const Deleter<N>& deleter_;
  TrackerOptions options_;
  std::vector<Track<N>> tracks_;
  uint64_t next_id_ = 1;
  bool spatial_pregate_ = true;
  ScanSummary summary_;

  // Per-scan workspace, reused so that a warm tracker does not allocate.
  std::vector<FilterState<N>> predicted_;
  // What the gate needs of each track's innovation; the full Innovation is
  // recomputed for the tracks that are updated, which keeps the per-scan
  // working set small when there are tens of thousands of tracks.
  struct GateView {
    MeasurementVector predicted;
    MeasurementCovariance inverse;
    double log_determinant = 0.0;
    bool valid = false;
  };
  std::vector<GateView> gates_;
  std::vector<Eigen::Vector3d> track_position_;
  std::vector<double> track_reach_;
  std::vector<Eigen::Vector3d> measurement_position_;
  std::vector<double> measurement_variance_;  // of the located point (m²)
  std::vector<double> track_variance_;        // predicted position trace (m²)
  std::vector<char> measurement_located_;
  std::vector<std::pair<uint64_t, int>> grid_;  // (cell key, measurement), sorted
  struct CellRun {
    uint64_t key;
    int begin, end;  // the cell's entries in grid_
  };
  static constexpr uint64_t kEmptyCell = ~uint64_t{0};  // CellKey never makes it
  std::vector<CellRun> cell_table_;
  std::vector<CandidatePair> pairs_;
  std::vector<int> parent_;
  std::vector<int> pair_order_;
  std::vector<int> eligible_;
  std::vector<char> measurement_taken_;
  std::vector<int> local_index_;
  std::vector<GatedPair> local_pairs_;
  std::vector<double> pair_weight_, local_pair_weight_, local_miss_weight_;
  std::vector<double> miss_weight_;
  std::vector<char> measurement_used_;
  std::vector<int> unused_;
  std::vector<Birth<N>> births_;
  std::vector<MeasurementVector> mixture_measurements_;
  std::vector<double> mixture_weights_;
};

namespace internal {
// The index along one axis of the cell holding coordinate v, reduced to the
// 21 bits a CellKey keeps (cells that far apart share a key; the distance
// test after a lookup tells them apart). 0 for a coordinate too large to
// index, whose points the distance test then rejects.
inline int64_t CellIndex(double v, double cell) {
  const double index = std::floor(v / cell);
  if (!std::isfinite(index)) return 0;
  return static_cast<int64_t>(std::fmod(index, 2097152.0));  // exact, |result| < 2^21
}
// The cells along one axis that [v − reach, v + reach] touches: `count` of
// them from `first` (reduced as CellIndex), the count in floating point and
// infinite when the interval cannot be indexed. An integer count once
// overflowed for a diverged track near 2⁶³ cells and came out negative, and
// the grid loop then walked ~10¹³ empty cells (docs/robustness.md).
struct CellSpan {
  int64_t first = 0;
  double count = 1.0;  // >= 1, or infinity
};
inline CellSpan CellSpanOf(double v, double reach, double cell) {
  const double first = std::floor((v - reach) / cell);
  const double count = std::floor((v + reach) / cell) - first + 1.0;
  if (!std::isfinite(first) || !std::isfinite(count))
    return {0, std::numeric_limits<double>::infinity()};
  return {CellIndex(v - reach, cell), std::max(count, 1.0)};
}
// Packs cell coordinates into one key, 21 bits each (cells 2²¹ apart
// share a key).
inline uint64_t CellKey(int64_t x, int64_t y, int64_t z) {
  constexpr int64_t kOffset = int64_t{1} << 20;
  constexpr uint64_t kMask = (uint64_t{1} << 21) - 1;
  return (static_cast<uint64_t>(x + kOffset) & kMask) |
         ((static_cast<uint64_t>(y + kOffset) & kMask) << 21) |
         ((static_cast<uint64_t>(z + kOffset) & kMask) << 42);
}
// The slot of `key` in an open-addressing table of 2^(64 − shift) entries
// (Fibonacci hashing, Knuth TAOCP vol. 3 §6.4).
inline size_t CellSlot(uint64_t key, int shift) {
  return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift);
}
}  // namespace internal

template <int N>
const ScanSummary& Tracker<N>::Process(const Scan<N>& scan) {
  TRILINK_CHECK(scan.model != nullptr) << "scan without a measurement model";
  const int track_count = static_cast<int>(tracks_.size());
  const int measurement_count = static_cast<int>(scan.measurements.size());
  summary_ = ScanSummary{};
  summary_.tracks_before = track_count;

  // 1. Predict and innovate each track once.
  predicted_.resize(tracks_.size());
  gates_.resize(tracks_.size());
  for (size_t i = 0; i < tracks_.size(); ++i) {
    predicted_[i] = filter_.Predict(tracks_[i].state, (scan.time - tracks_[i].time).seconds());
    const Innovation<N> innovation = filter_.Innovate(predicted_[i], *scan.model);
    gates_[i] = {innovation.predicted, innovation.inverse, innovation.log_determinant,
                 innovation.valid};
  }

  // 2–3. Gate.
  const double gate2 = options_.gate_sigma * options_.gate_sigma;
  pairs_.clear();
  PreGate(scan, gate2);
  summary_.gated_pairs = static_cast<int>(pairs_.size());

  // 4. Clusters and assignment.
  Cluster(track_count, measurement_count);

  // 5. Update, count misses, confirm.
  Apply(scan);

  // 6. Delete (swap with the last; order does not matter). A track updated
  // in this scan is judged by its new state, the others by their prediction.
  for (size_t i = 0; i < tracks_.size();) {
    const FilterState<N>& now = tracks_[i].time == scan.time ? tracks_[i].state : predicted_[i];
    if (deleter_.Delete(tracks_[i], now, scan.time)) {
      ++summary_.deletions;
      if (i + 1 != tracks_.size()) {
        tracks_[i] = std::move(tracks_.back());
        predicted_[i] = predicted_[tracks_.size() - 1];
      }
      tracks_.pop_back();
    } else {
      ++i;
    }
  }

  // 7. New tracks from what no track took.
  Initiate(scan);
  return summary_;
}

template <int N>
void Tracker<N>::PreGate(const Scan<N>& scan, double gate2) {
  const int track_count = static_cast<int>(tracks_.size());
  const int measurement_count = static_cast<int>(scan.measurements.size());
  const int d = options_.position_dimensions;
  if (track_count == 0 || measurement_count == 0) return;

  // Measurements' located points.
  measurement_position_.resize(static_cast<size_t>(measurement_count));
  measurement_variance_.resize(static_cast<size_t>(measurement_count));
  measurement_located_.assign(static_cast<size_t>(measurement_count), 0);
  double largest_sigma = 0.0;
  int located = 0;
  for (int j = 0; j < measurement_count; ++j) {
    const std::optional<sensors::LocatedMeasurement> point =
        scan.model->Locate(scan.measurements[static_cast<size_t>(j)]);
    if (!point) continue;
    measurement_position_[static_cast<size_t>(j)] = point->position;
    measurement_variance_[static_cast<size_t>(j)] =
        point->position_sigma_m * point->position_sigma_m;
    measurement_located_[static_cast<size_t>(j)] = 1;
    largest_sigma = std::max(largest_sigma, point->position_sigma_m);
    ++located;
  }
  // Angles-only (or mixed) scans: every pair goes to the exact gate.
  if (located < measurement_count || !spatial_pregate_) {
    for (int i = 0; i < track_count; ++i) {
      const size_t first = pairs_.size();
      for (int j = 0; j < measurement_count; ++j) TryPair(scan, i, j, gate2);
      KeepNearestPairs(first, measurement_count);
    }
    return;
  }

  // Each track's reach: the gate times a bound on the position σ of the
  // innovation (track trace plus the largest measurement σ). The located
  // point of a nonlinear measurement is only approximately where the gate is
  // centred, hence the margin.
  constexpr double kMargin = 1.5;
  track_position_.resize(static_cast<size_t>(track_count));
  track_reach_.resize(static_cast<size_t>(track_count));
  track_variance_.resize(static_cast<size_t>(track_count));
  for (int i = 0; i < track_count; ++i) {
    const Gaussian<N>& x = predicted_[static_cast<size_t>(i)].estimate;
    Eigen::Vector3d position = Eigen::Vector3d::Zero();
    position.head(d) = x.mean.head(d);
    track_position_[static_cast<size_t>(i)] = position;
    const double variance = x.covariance.diagonal().head(d).sum();
    track_variance_[static_cast<size_t>(i)] = variance;
    track_reach_[static_cast<size_t>(i)] =
        kMargin * options_.gate_sigma * std::sqrt(variance + largest_sigma * largest_sigma);
  }
  // Cell size: twice the median reach, so that a typical track touches at
  // most two cells per axis.
  std::vector<double>& reach_sorted = local_miss_weight_;  // scratch, reused below
  reach_sorted.assign(track_reach_.begin(), track_reach_.end());
  std::nth_element(reach_sorted.begin(), reach_sorted.begin() + track_count / 2,
                   reach_sorted.end());
  const double cell = std::max(2.0 * reach_sorted[static_cast<size_t>(track_count / 2)], 1e-3);

  grid_.resize(static_cast<size_t>(measurement_count));
  for (int j = 0; j < measurement_count; ++j) {
    const Eigen::Vector3d& p = measurement_position_[static_cast<size_t>(j)];
    grid_[static_cast<size_t>(j)] = {
        internal::CellKey(internal::CellIndex(p.x(), cell),
                          d > 1 ? internal::CellIndex(p.y(), cell) : 0,
                          d > 2 ? internal::CellIndex(p.z(), cell) : 0),
        j};
  }
  std::sort(grid_.begin(), grid_.end());
  // Open-addressing table from a cell's key to its run in grid_: O(1)
  // lookups instead of a binary search per cell.
  size_t table_size = 16;
  while (table_size < 2 * grid_.size()) table_size *= 2;
  const int shift = 64 - std::countr_zero(table_size);
  cell_table_.assign(table_size, CellRun{kEmptyCell, 0, 0});
  for (size_t begin = 0; begin < grid_.size();) {
    size_t end = begin + 1;
    while (end < grid_.size() && grid_[end].first == grid_[begin].first) ++end;
    size_t slot = internal::CellSlot(grid_[begin].first, shift);
    while (cell_table_[slot].key != kEmptyCell) slot = (slot + 1) & (table_size - 1);
    cell_table_[slot] = {grid_[begin].first, static_cast<int>(begin), static_cast<int>(end)};
    begin = end;
  }

  for (int i = 0; i < track_count; ++i) {
    const Eigen::Vector3d& p = track_position_[static_cast<size_t>(i)];
    const double reach = track_reach_[static_cast<size_t>(i)];
    // The cells the track's reach touches (CellSpanOf: counted in floating
    // point, so a diverged track cannot overflow them).
    std::array<int64_t, 3> low{0, 0, 0}, high{0, 0, 0};
    double cells = 1.0;
    for (int k = 0; k < d && cells <= measurement_count; ++k) {
      const internal::CellSpan span = internal::CellSpanOf(p(k), reach, cell);
      cells *= span.count;
      low[static_cast<size_t>(k)] = span.first;
      high[static_cast<size_t>(k)] =
          span.first + (cells <= measurement_count ? static_cast<int64_t>(span.count) - 1 : 0);
    }
    const size_t first = pairs_.size();
    if (!(cells <= measurement_count)) {  // a very uncertain track: cheaper to look at all
      for (int j = 0; j < measurement_count; ++j) TryPair(scan, i, j, gate2);
      KeepNearestPairs(first, measurement_count);
      continue;
    }
    for (int64_t x = low[0]; x <= high[0]; ++x) {
      for (int64_t y = low[1]; y <= high[1]; ++y) {
        for (int64_t z = low[2]; z <= high[2]; ++z) {
          const uint64_t key = internal::CellKey(x, y, z);
          size_t slot = internal::CellSlot(key, shift);
          while (cell_table_[slot].key != key && cell_table_[slot].key != kEmptyCell)
            slot = (slot + 1) & (table_size - 1);
          const CellRun& run = cell_table_[slot];
          if (run.key != key) continue;
          for (int g = run.begin; g < run.end; ++g) {
            const int j = grid_[static_cast<size_t>(g)].second;
            // The pair's own bound: this measurement's σ, not the scan's largest.
            const double bound2 = kMargin * kMargin * gate2 *
                                  (track_variance_[static_cast<size_t>(i)] +
                                   measurement_variance_[static_cast<size_t>(j)]);
            if ((measurement_position_[static_cast<size_t>(j)] - p).squaredNorm() <= bound2)
              TryPair(scan, i, j, gate2);
          }
        }
      }
    }
    KeepNearestPairs(first, measurement_count);
  }
}

template <int N>
void Tracker<N>::KeepNearestPairs(size_t first, int measurement_count) {
  const size_t limit = static_cast<size_t>(options_.max_pairs_per_track);
  if (pairs_.size() - first <= limit) return;
  const auto begin = pairs_.begin() + static_cast<std::ptrdiff_t>(first);
  // Ties (coincident detections) go by the measurement's index counted from
  // the track's own, so tied tracks keep different detections rather than
  // all the first few; the kept pairs are sorted, so that an assignment that
  // breaks ties by order gives each tied track its own detection.
  const int track = begin->track;
  const int measurements = std::max(measurement_count, 1);
  auto rank = [&](const CandidatePair& pair) {
    return ((pair.measurement - track) % measurements + measurements) % measurements;
  };
  std::partial_sort(begin, begin + static_cast<std::ptrdiff_t>(limit), pairs_.end(),
                    [&](const CandidatePair& a, const CandidatePair& b) {
                      return a.distance2 < b.distance2 ||
                             (a.distance2 == b.distance2 && rank(a) < rank(b));
                    });
  pairs_.resize(first + limit);
}

template <int N>
void Tracker<N>::TryPair(const Scan<N>& scan, int track, int measurement, double gate2) {
  const GateView& innovation = gates_[static_cast<size_t>(track)];
  if (!innovation.valid) return;
  const MeasurementVector nu = scan.model->Residual(
      scan.measurements[static_cast<size_t>(measurement)], innovation.predicted);
  const double distance2 = nu.dot(innovation.inverse * nu);
  if (!(distance2 <= gate2)) return;
  const double log_likelihood =
      -0.5 * (distance2 + innovation.log_determinant +
              static_cast<double>(nu.size()) * std::log(2.0 * std::numbers::pi));
  pairs_.push_back({track, measurement, distance2, log_likelihood, -1});
}

template <int N>
void Tracker<N>::Cluster(int track_count, int measurement_count) {
  pair_weight_.assign(pairs_.size(), 0.0);
  miss_weight_.assign(static_cast<size_t>(track_count), 1.0);
  local_index_.assign(static_cast<size_t>(track_count + measurement_count), -1);
  eligible_.clear();
  if (!options_.confirmed_first) {
    for (size_t p = 0; p < pairs_.size(); ++p) eligible_.push_back(static_cast<int>(p));
    AssignPass(track_count, measurement_count);
  } else {
    // Confirmed tracks choose first; tentative tracks share what is left, so
    // that a new track born of clutter next to a target cannot take the
    // target's measurement from its established track.
    for (size_t p = 0; p < pairs_.size(); ++p)
      if (tracks_[static_cast<size_t>(pairs_[p].track)].confirmed())
        eligible_.push_back(static_cast<int>(p));
    AssignPass(track_count, measurement_count);
    measurement_taken_.assign(static_cast<size_t>(measurement_count), 0);
    for (int p : eligible_) {
      if (!assigner_.hard() || pair_weight_[static_cast<size_t>(p)] >= 0.5)
        measurement_taken_[static_cast<size_t>(pairs_[static_cast<size_t>(p)].measurement)] = 1;
    }
    eligible_.clear();
    for (size_t p = 0; p < pairs_.size(); ++p) {
      if (!tracks_[static_cast<size_t>(pairs_[p].track)].confirmed() &&
          !measurement_taken_[static_cast<size_t>(pairs_[p].measurement)])
        eligible_.push_back(static_cast<int>(p));
    }
    AssignPass(track_count, measurement_count);
  }
  // Apply() walks every pair; those left out of both passes have weight 0.
  pair_order_.resize(pairs_.size());
  std::iota(pair_order_.begin(), pair_order_.end(), 0);
}

// Clusters and assigns the pairs listed in eligible_.
template <int N>
void Tracker<N>::AssignPass(int track_count, int measurement_count) {
  // Union–find over tracks (0 .. T−1) and measurements (T .. T+D−1).
  const int nodes = track_count + measurement_count;
  parent_.resize(static_cast<size_t>(nodes));
  std::iota(parent_.begin(), parent_.end(), 0);
  for (int p : eligible_) {
    const CandidatePair& pair = pairs_[static_cast<size_t>(p)];
    const int a = Find(pair.track), b = Find(track_count + pair.measurement);
    if (a != b) parent_[static_cast<size_t>(a)] = b;
  }
  for (int p : eligible_)
    pairs_[static_cast<size_t>(p)].cluster = Find(pairs_[static_cast<size_t>(p)].track);
  pair_order_.assign(eligible_.begin(), eligible_.end());
  // By cluster, and within one in the pairs' own order (the nearest of each
  // track first), which an assigner that breaks ties by order relies on.
  std::sort(pair_order_.begin(), pair_order_.end(), [&](int a, int b) {
    const int cluster_a = pairs_[static_cast<size_t>(a)].cluster;
    const int cluster_b = pairs_[static_cast<size_t>(b)].cluster;
    return cluster_a < cluster_b || (cluster_a == cluster_b && a < b);
  });

  for (size_t begin = 0; begin < pair_order_.size();) {
    const int cluster = pairs_[static_cast<size_t>(pair_order_[begin])].cluster;
    size_t end = begin;
    int tracks = 0, measurements = 0;
    local_pairs_.clear();
    while (end < pair_order_.size() &&
           pairs_[static_cast<size_t>(pair_order_[end])].cluster == cluster) {
      const CandidatePair& pair = pairs_[static_cast<size_t>(pair_order_[end])];
      int& t = local_index_[static_cast<size_t>(pair.track)];
      if (t < 0) t = tracks++;
      int& m = local_index_[static_cast<size_t>(track_count + pair.measurement)];
      if (m < 0) m = measurements++;
      local_pairs_.push_back({t, m, pair.distance2, pair.log_likelihood});
      ++end;
    }
    ++summary_.clusters;
    summary_.largest_cluster = std::max(summary_.largest_cluster, tracks + measurements);
    local_pair_weight_.resize(local_pairs_.size());
    local_miss_weight_.resize(static_cast<size_t>(tracks));
    assigner_.Assign(tracks, measurements, local_pairs_, local_pair_weight_, local_miss_weight_);
    for (size_t k = begin; k < end; ++k) {
      const CandidatePair& pair = pairs_[static_cast<size_t>(pair_order_[k])];
      pair_weight_[static_cast<size_t>(pair_order_[k])] = local_pair_weight_[k - begin];
      miss_weight_[static_cast<size_t>(pair.track)] =
          local_miss_weight_[static_cast<size_t>(local_index_[static_cast<size_t>(pair.track)])];
    }
    for (size_t k = begin; k < end; ++k) {  // reset the local numbering for the next cluster
      const CandidatePair& pair = pairs_[static_cast<size_t>(pair_order_[k])];
      local_index_[static_cast<size_t>(pair.track)] = -1;
      local_index_[static_cast<size_t>(track_count + pair.measurement)] = -1;
    }
    begin = end;
  }
}

template <int N>
void Tracker<N>::Apply(const Scan<N>& scan) {
  const int track_count = static_cast<int>(tracks_.size());
  const int measurement_count = static_cast<int>(scan.measurements.size());
  measurement_used_.assign(static_cast<size_t>(measurement_count), 0);
  // Pairs are grouped by cluster; regroup by track for the updates.
  std::sort(pair_order_.begin(), pair_order_.end(), [&](int a, int b) {
    return pairs_[static_cast<size_t>(a)].track < pairs_[static_cast<size_t>(b)].track;
  });
  size_t k = 0;
  for (int i = 0; i < track_count; ++i) {
    Track<N>& track = tracks_[static_cast<size_t>(i)];
    const size_t begin = k;
    while (k < pair_order_.size() && pairs_[static_cast<size_t>(pair_order_[k])].track == i) ++k;
    const double dt = (scan.time - track.time).seconds();
    bool hit = false;
    if (assigner_.hard()) {
      for (size_t q = begin; q < k; ++q) {
        const int p = pair_order_[q];
        if (pair_weight_[static_cast<size_t>(p)] < 0.5) continue;
        const int j = pairs_[static_cast<size_t>(p)].measurement;
        const MeasurementVector& z = scan.measurements[static_cast<size_t>(j)];
        measurement_used_[static_cast<size_t>(j)] = 1;
        hit = true;
        summary_.associations.push_back({track.id, j, 1.0});
        if (dt < 0.0) {
          ++summary_.out_of_sequence;
          if (!Reprocess(&track, scan, z)) ++summary_.out_of_sequence_too_old;
        } else {
          RememberUpdate(&track, scan, z);
          const FilterState<N>& predicted = predicted_[static_cast<size_t>(i)];
          track.state =
              filter_.Update(predicted, filter_.Innovate(predicted, *scan.model), z, *scan.model);
          track.time = scan.time;
        }
      }
    } else if (k > begin) {
      // JPDA: every gated measurement enters the track's update; one that
      // belongs to it more likely than not is kept away from the initiator.
      mixture_measurements_.clear();
      mixture_weights_.clear();
      for (size_t q = begin; q < k; ++q) {
        const int p = pair_order_[q];
        const int j = pairs_[static_cast<size_t>(p)].measurement;
        measurement_used_[static_cast<size_t>(j)] = 1;
        mixture_measurements_.push_back(scan.measurements[static_cast<size_t>(j)]);
        mixture_weights_.push_back(pair_weight_[static_cast<size_t>(p)]);
        summary_.associations.push_back({track.id, j, pair_weight_[static_cast<size_t>(p)]});
      }
      // A hit when a detection of this target is more likely than none.
      hit = miss_weight_[static_cast<size_t>(i)] < 0.5;
      if (dt >= 0.0) {  // out-of-sequence JPDA updates are not reprocessed
        const FilterState<N>& predicted = predicted_[static_cast<size_t>(i)];
        track.state = filter_.UpdateMixture(predicted, filter_.Innovate(predicted, *scan.model),
                                            mixture_measurements_, mixture_weights_,
                                            miss_weight_[static_cast<size_t>(i)], *scan.model);
        track.time = scan.time;
      } else {
        ++summary_.out_of_sequence_too_old;
      }
    }
    if (hit) {
      track.Record(true);
    } else if (dt >= 0.0 && scan.model->Covers(predicted_[static_cast<size_t>(i)].estimate.mean)) {
      track.Record(false);
    }
    if (track.status == TrackStatus::kTentative) {
      const int window = std::min(options_.confirm_window, track.opportunities);
      const uint64_t mask = window >= 64 ? ~uint64_t{0} : ((uint64_t{1} << window) - 1);
      if (std::popcount(track.history & mask) >= options_.confirm_hits)
        track.status = TrackStatus::kConfirmed;
    }
  }
}

template <int N>
void Tracker<N>::Initiate(const Scan<N>& scan) {
  const int measurement_count = static_cast<int>(scan.measurements.size());
  unused_.clear();
  for (int j = 0; j < measurement_count; ++j)
    if (!measurement_used_[static_cast<size_t>(j)]) unused_.push_back(j);
  births_.clear();
  initiator_.Initiate(scan, unused_, &births_);
  summary_.births = static_cast<int>(births_.size());
  for (Birth<N>& birth : births_) {
    Track<N> track;
    track.id = next_id_++;
    track.born = birth.time;
    track.time = birth.time;
    track.state = std::move(birth.state);
    for (int h = 0; h < birth.hits; ++h) track.Record(true);
    if (birth.hits >= options_.confirm_hits) track.status = TrackStatus::kConfirmed;
    summary_.associations.push_back({track.id, birth.measurement, 1.0});
    tracks_.push_back(std::move(track));
  }
}

template <int N>
void Tracker<N>::RememberUpdate(Track<N>* track, const Scan<N>& scan, const MeasurementVector& z) {
  if (options_.out_of_sequence_window_s <= 0.0) return;
  // Oldest first: the expired ones are at the front.
  auto& updates = track->updates;
  while (!updates.empty() &&
         (scan.time - updates.front().time).seconds() > options_.out_of_sequence_window_s)
    updates.pop_front();
  track->updates.push_back({scan.time, scan.model, z, track->state, track->time});
}

template <int N>
bool Tracker<N>::Reprocess(Track<N>* track, const Scan<N>& scan, const MeasurementVector& z) {
  auto& updates = track->updates;
  // The first kept update after the late measurement.
  auto later = std::find_if(updates.begin(), updates.end(),
                            [&](const TrackUpdate<N>& update) { return update.time > scan.time; });
  if (later == updates.end() || later->before_time > scan.time) return false;
  // Insert the late measurement and re-run every update from there.
  const size_t first = static_cast<size_t>(later - updates.begin());
  updates.insert(later, {scan.time, scan.model, z, later->before, later->before_time});
  FilterState<N> state = updates[first].before;
  UtcTime time = updates[first].before_time;
  for (size_t u = first; u < updates.size(); ++u) {
    TrackUpdate<N>& update = updates[u];
    update.before = state;
    update.before_time = time;
    const FilterState<N> predicted = filter_.Predict(state, (update.time - time).seconds());
    const Innovation<N> innovation = filter_.Innovate(predicted, *update.model);
    state = innovation.valid
                ? filter_.Update(predicted, innovation, update.measurement, *update.model)
                : predicted;
    time = update.time;
  }
  track->state = state;
  track->time = time;
  return true;
}

}  // namespace trilink::tracking
