#include "trilink/tracking/association.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "trilink/core/error.h"

namespace trilink::tracking {

GlobalNearestNeighbour::GlobalNearestNeighbour(double gate_distance2, size_t max_optimal_cells)
    : gate_distance2_(gate_distance2), max_optimal_cells_(max_optimal_cells) {
  TRILINK_CHECK(gate_distance2 > 0.0) << "gate must be > 0";
  TRILINK_CHECK(max_optimal_cells >= 1) << "max_optimal_cells must be >= 1";
}

void GlobalNearestNeighbour::Assign(int tracks, int measurements, std::span<const GatedPair> pairs,
                                    std::span<double> pair_weights,
                                    std::span<double> miss_weights) {
  std::fill(pair_weights.begin(), pair_weights.end(), 0.0);
  std::fill(miss_weights.begin(), miss_weights.end(), 1.0);
  if (pairs.size() == 1) {  // the common case, no matrix needed
    pair_weights[0] = 1.0;
    miss_weights[static_cast<size_t>(pairs[0].track)] = 0.0;
    return;
  }
  // Columns: the measurements, then one "miss" column per track. A pair
  // costs −2 ln N(ν; 0, S) = d² + ln|S| + m ln 2π, so that a track with a
  // wide gate (a new one) does not win a measurement from a precise track
  // just because its d² is smaller; a track's miss costs what a pair on its
  // gate's edge would (d² = gate), so any gated pair beats a miss.
  const int columns = measurements + tracks;
  const size_t cells = static_cast<size_t>(tracks) * static_cast<size_t>(columns);
  if (cells > max_optimal_cells_) {
    AssignGreedily(pairs, pair_weights, miss_weights);
    return;
  }
  costs_.assign(cells, AssignmentSolver::kForbidden);
  pair_of_cell_.assign(cells, -1);
  for (size_t p = 0; p < pairs.size(); ++p) {
    const double cost = -2.0 * pairs[p].log_likelihood;
    const size_t cell = static_cast<size_t>(pairs[p].track * columns + pairs[p].measurement);
    costs_[cell] = cost;
    pair_of_cell_[cell] = static_cast<int>(p);
    costs_[static_cast<size_t>(pairs[p].track * columns + measurements + pairs[p].track)] =
        cost - pairs[p].distance2 + gate_distance2_;
  }
  solver_.Solve(costs_, tracks, columns, &column_of_row_);
  for (int t = 0; t < tracks; ++t) {
    const int column = column_of_row_[static_cast<size_t>(t)];
    if (column >= measurements) continue;
    const int pair = pair_of_cell_[static_cast<size_t>(t * columns + column)];
    if (pair < 0) continue;  // cannot happen: the miss column is always cheaper than forbidden
    pair_weights[static_cast<size_t>(pair)] = 1.0;
    miss_weights[static_cast<size_t>(t)] = 0.0;
  }
}

void GlobalNearestNeighbour::AssignGreedily(std::span<const GatedPair> pairs,
                                            std::span<double> pair_weights,
                                            std::span<double> miss_weights) {
  // Cheapest pair first (the same cost as the optimal assignment's), each
  // track and measurement taken once; ties by index, so runs repeat.
  greedy_order_.resize(pairs.size());
  std::iota(greedy_order_.begin(), greedy_order_.end(), 0);
  std::sort(greedy_order_.begin(), greedy_order_.end(), [&](int a, int b) {
    const double cost_a = -pairs[static_cast<size_t>(a)].log_likelihood;
    const double cost_b = -pairs[static_cast<size_t>(b)].log_likelihood;
    return cost_a < cost_b || (cost_a == cost_b && a < b);
  });
  int tracks = 0, measurements = 0;
  for (const GatedPair& pair : pairs) {
    tracks = std::max(tracks, pair.track + 1);
    measurements = std::max(measurements, pair.measurement + 1);
  }
  track_taken_.assign(static_cast<size_t>(tracks), 0);
  measurement_taken_.assign(static_cast<size_t>(measurements), 0);
  for (int p : greedy_order_) {
    const GatedPair& pair = pairs[static_cast<size_t>(p)];
    if (track_taken_[static_cast<size_t>(pair.track)] ||
        measurement_taken_[static_cast<size_t>(pair.measurement)])
      continue;
    track_taken_[static_cast<size_t>(pair.track)] = 1;
    measurement_taken_[static_cast<size_t>(pair.measurement)] = 1;
    pair_weights[static_cast<size_t>(p)] = 1.0;
    miss_weights[static_cast<size_t>(pair.track)] = 0.0;
  }
}

bool JpdaOptions::IsValid(std::string* error) const {
  if (!(detection_probability > 0.0 && detection_probability <= 1.0))
    return Invalid(error, "detection_probability must be in (0, 1]");
  if (!(gate_probability > 0.0 && gate_probability <= 1.0))
    return Invalid(error, "gate_probability must be in (0, 1]");
  if (!(clutter_density > 0.0)) return Invalid(error, "clutter_density must be > 0");
  if (max_exact_events < 1) return Invalid(error, "max_exact_events must be >= 1");
  return true;
}

JointProbabilistic::JointProbabilistic(const JpdaOptions& options) : options_(options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
}

void JointProbabilistic::Assign(int tracks, int measurements, std::span<const GatedPair> pairs,
                                std::span<double> pair_weights, std::span<double> miss_weights) {
  const size_t pair_count = pairs.size();
  pairs_ = pairs;
  tracks_ = tracks;
  miss_score_ = 1.0 - options_.detection_probability * options_.gate_probability;
  // Scores relative to a miss, so a lone track with one pair gets
  // β = s / (s + miss) without under- or overflow for far-apart likelihoods.
  pair_score_.resize(pair_count);
  for (size_t p = 0; p < pair_count; ++p) {
    pair_score_[p] = options_.detection_probability *
                     std::exp(pairs[p].log_likelihood - std::log(options_.clutter_density));
  }
  // Pairs grouped by track.
  pair_order_.resize(pair_count);
  std::iota(pair_order_.begin(), pair_order_.end(), 0);
  std::stable_sort(pair_order_.begin(), pair_order_.end(), [&](int a, int b) {
    return pairs[static_cast<size_t>(a)].track < pairs[static_cast<size_t>(b)].track;
  });
  first_pair_of_track_.assign(static_cast<size_t>(tracks) + 1, 0);
  for (const GatedPair& pair : pairs) ++first_pair_of_track_[static_cast<size_t>(pair.track) + 1];
  std::partial_sum(first_pair_of_track_.begin(), first_pair_of_track_.end(),
                   first_pair_of_track_.begin());

  double events = 1.0;
  for (int t = 0; t < tracks; ++t) {
    events *= 1.0 + (first_pair_of_track_[static_cast<size_t>(t) + 1] -
                     first_pair_of_track_[static_cast<size_t>(t)]);
  }
  if (events <= static_cast<double>(options_.max_exact_events)) {
    pair_sum_.assign(pair_count, 0.0);
    miss_sum_.assign(static_cast<size_t>(tracks), 0.0);
    measurement_used_.assign(static_cast<size_t>(measurements), 0);
    chosen_.assign(static_cast<size_t>(tracks), -1);
    total_ = 0.0;
    Enumerate(0, 1.0);
    for (size_t p = 0; p < pair_count; ++p) pair_weights[p] = pair_sum_[p] / total_;
    for (int t = 0; t < tracks; ++t)
      miss_weights[static_cast<size_t>(t)] = miss_sum_[static_cast<size_t>(t)] / total_;
    return;
  }
  // Cheap JPDA: β_ij = G_ij / (Σ_j G_ij + Σ_i G_ij − G_ij + B), with scores
  // relative to a miss and B = 1 (the miss hypothesis' own score).
  std::vector<double>& track_sum = pair_sum_;
  std::vector<double>& measurement_sum = miss_sum_;
  track_sum.assign(static_cast<size_t>(tracks), 0.0);
  measurement_sum.assign(static_cast<size_t>(measurements), 0.0);
  for (size_t p = 0; p < pair_count; ++p) {
    const double g = pair_score_[p] / miss_score_;
    track_sum[static_cast<size_t>(pairs[p].track)] += g;
    measurement_sum[static_cast<size_t>(pairs[p].measurement)] += g;
  }
  std::fill(miss_weights.begin(), miss_weights.end(), 1.0);
  for (size_t p = 0; p < pair_count; ++p) {
    const double g = pair_score_[p] / miss_score_;
    const size_t t = static_cast<size_t>(pairs[p].track);
    pair_weights[p] =
        g / (track_sum[t] + measurement_sum[static_cast<size_t>(pairs[p].measurement)] - g + 1.0);
    miss_weights[t] -= pair_weights[p];
  }
  // The approximation does not guarantee Σ β ≤ 1; renormalise per track.
  for (int t = 0; t < tracks; ++t) {
    const size_t tt = static_cast<size_t>(t);
    if (miss_weights[tt] >= 0.0) continue;
    const double total = 1.0 - miss_weights[tt];
    for (size_t p = 0; p < pair_count; ++p)
      if (pairs[p].track == t) pair_weights[p] /= total;
    miss_weights[tt] = 0.0;
  }
}

void JointProbabilistic::Enumerate(int track, double weight) {
  if (track == tracks_) {
    total_ += weight;
    for (int t = 0; t < tracks_; ++t) {
      const int pair = chosen_[static_cast<size_t>(t)];
      if (pair < 0) {
        miss_sum_[static_cast<size_t>(t)] += weight;
      } else {
        pair_sum_[static_cast<size_t>(pair)] += weight;
      }
    }
    return;
  }
  chosen_[static_cast<size_t>(track)] = -1;
  Enumerate(track + 1, weight * miss_score_);
  for (int k = first_pair_of_track_[static_cast<size_t>(track)];
       k < first_pair_of_track_[static_cast<size_t>(track) + 1]; ++k) {
    const int pair = pair_order_[static_cast<size_t>(k)];
    const size_t measurement = static_cast<size_t>(pairs_[static_cast<size_t>(pair)].measurement);
    if (measurement_used_[measurement]) continue;
    measurement_used_[measurement] = 1;
    chosen_[static_cast<size_t>(track)] = pair;
    Enumerate(track + 1, weight * pair_score_[static_cast<size_t>(pair)]);
    measurement_used_[measurement] = 0;
  }
  chosen_[static_cast<size_t>(track)] = -1;
}

}  // namespace trilink::tracking
