// Data association inside one cluster of tracks and measurements that share
// gated pairs (Assigner): global nearest neighbour or joint probabilistic
// data association.
//
// The tracker splits a scan into independent clusters (connected components
// of the gated pairs), so each problem here is small.
//
//   GlobalNearestNeighbour  one measurement per track at most, one track per
//       measurement, minimising the generalised statistical distance
//       Σ (d²_ij + ln|S_i|) over the cluster, a miss costing d²_max + ln|S_i|:
//       an exact linear assignment (assignment.h) on the rectangular matrix
//       [d²_ij + ln|S_i| | diag(d²_max + ln|S_i|)] (Blackman & Popoli,
//       "Design and Analysis of Modern Tracking Systems", 1999, §6.5.2). The
//       ln|S| term keeps a new, uncertain track from taking the measurement
//       of a precise one.
//   JointProbabilistic     the JPDA marginal weights β_ij and the miss weight
//       β_i0 of every track (Bar-Shalom & Li, "Multitarget-Multisensor
//       Tracking", 1995, §6.6.2): each joint event (every track takes at most
//       one measurement, every measurement at most one track) weighs
//       Π_assigned (P_D L_ij / λ) · Π_missed (1 − P_D P_G), with L_ij the
//       Gaussian likelihood and λ the clutter density; the marginals are sums
//       over the events, enumerated exactly when the cluster has at most
//       max_exact_events events, else approximated by Fitzgerald's "cheap
//       JPDA" (Fitzgerald 1985, in Bar-Shalom & Li eq. 6.6.2-x).
//
// Usage:
//   GlobalNearestNeighbour gnn(9.0);
//   gnn.Assign(2, 3, pairs, weights, miss_weights);
#pragma once

#include <span>
#include <string>
#include <vector>

#include "trilink/tracking/assignment.h"

namespace trilink::tracking {

// One track–measurement pair inside the gate, with cluster-local indices.
struct GatedPair {
  int track = 0;
  int measurement = 0;
  double distance2 = 0.0;       // squared Mahalanobis distance
  double log_likelihood = 0.0;  // ln N(ν; 0, S)
};

class Assigner {
 public:
  virtual ~Assigner() = default;
  // Fills pair_weights (one per pair, in [0, 1]) and miss_weights (one per
  // track) so that each track's weights sum to 1. `tracks` and
  // `measurements` count the cluster's members; pairs use local indices.
  virtual void Assign(int tracks, int measurements, std::span<const GatedPair> pairs,
                      std::span<double> pair_weights, std::span<double> miss_weights) = 0;
  // True when every weight is 0 or 1 (one measurement per track).
  virtual bool hard() const = 0;
};

class GlobalNearestNeighbour final : public Assigner {
 public:
  // Above this many cells of the cost matrix (tracks × (measurements +
  // tracks); about 350 tracks against 350 detections) a cluster is assigned
  // greedily, cheapest pair first: the optimal assignment (O(n³)) would take
  // seconds per scan, and detections that dense cannot be told apart anyway.
  static constexpr size_t kMaxOptimalCells = 250'000;

  // gate_distance2: the squared Mahalanobis distance of the gate, > 0;
  // max_optimal_cells: see kMaxOptimalCells, >= 1.
  explicit GlobalNearestNeighbour(double gate_distance2,
                                  size_t max_optimal_cells = kMaxOptimalCells);
  void Assign(int tracks, int measurements, std::span<const GatedPair> pairs,
              std::span<double> pair_weights, std::span<double> miss_weights) override;
  bool hard() const override { return true; }

 private:
  void AssignGreedily(std::span<const GatedPair> pairs, std::span<double> pair_weights,
                      std::span<double> miss_weights);

  double gate_distance2_;
  size_t max_optimal_cells_;
  AssignmentSolver solver_;
  std::vector<double> costs_;
  std::vector<int> column_of_row_;
  std::vector<int> pair_of_cell_;
  std::vector<int> greedy_order_;
  std::vector<char> track_taken_, measurement_taken_;
};

struct JpdaOptions {
  double detection_probability = 0.9;  // P_D in (0, 1]
  double gate_probability = 0.989;     // P_G in (0, 1]: mass inside the gate
  double clutter_density = 1e-6;       // λ, false alarms per unit measurement volume, > 0
  long max_exact_events = 20000;       // above this, the cheap JPDA approximation

  bool IsValid(std::string* error) const;
};

class JointProbabilistic final : public Assigner {
 public:
  explicit JointProbabilistic(const JpdaOptions& options);
  void Assign(int tracks, int measurements, std::span<const GatedPair> pairs,
              std::span<double> pair_weights, std::span<double> miss_weights) override;
  bool hard() const override { return false; }

 private:
  void Enumerate(int track, double weight);

  JpdaOptions options_;
  // Workspace of the exact enumeration.
  std::vector<int> first_pair_of_track_, pair_order_;
  std::vector<double> pair_score_, pair_sum_, miss_sum_;
  std::vector<char> measurement_used_;
  std::vector<int> chosen_;
  std::span<const GatedPair> pairs_;
  int tracks_ = 0;
  double total_ = 0.0;
  double miss_score_ = 0.0;
};

}  // namespace trilink::tracking
