// Scores of a node's fused picture against truth: is every missile one
// system track, and every system track one missile?
//
// Each local track is labelled with the missile whose detections most of
// its confirmed updates took (TrackingRun::updates; the labels never reach
// a tracker or the fusion), or none when most were false alarms. Then per
// missile: the system tracks holding any of its local tracks (1 is right;
// more are duplicates: the missile reported twice), and per system track
// the missiles among its contributors (1 is right; more is a wrong join).
// A system track the fusion merged into another (SystemTrack::merged_into)
// is a duplicate it found and ended: it is counted apart, as merged, not
// among the missile's system tracks.
//
// Accuracy and consistency: over the fused updates (NetworkRun::fused) of
// system tracks of one missile, the position error against the truth at
// the time of validity, its RMSE per missile — over all updates, and over
// those that fused the best single partner's track, beside that partner's
// own RMSE (TrackingRun) — and the normalised estimation error squared
// NEES = eᵀ P⁻¹ e of the position (χ²(3) for a consistent estimate: mean
// 3, above 7.81 in 5 % of updates). And, at the instants the best partner
// updated its own track, the fused error beside that partner's.
//
// Usage:
//   FusionScores scores = ScoreFusion(run, *run.nodes()[0], truth);
//   scores.duplicated_missiles(), scores.mixed_system_tracks()
#pragma once

#include <span>
#include <string>
#include <vector>

#include "trilink/node/node.h"
#include "trilink/scenario/network_run.h"

namespace trilink::scenario {

struct FusionScores {
  // Per missile (truth order): the system tracks holding its local tracks,
  // and those of them merged into another.
  std::vector<std::vector<uint64_t>> systems_of_missile;
  std::vector<std::vector<uint64_t>> merged_of_missile;
  // Per system track (number − 1): the missiles among its contributors
  // (−1: a local track of false alarms).
  std::vector<std::vector<int>> missiles_of_system;

  struct Accuracy {
    int updates = 0;
    double position_rmse_m = 0.0;      // fused
    double best_partner_rmse_m = 0.0;  // the smallest partner RMSE (0: none)
    // The fused RMSE over the updates that fused the best partner's track
    // (about the times the best partner's own RMSE is over).
    int updates_with_best = 0;
    double rmse_with_best_m = 0.0;
    double mean_nees = 0.0;      // position, 3 degrees of freedom
    double nees_above_95 = 0.0;  // share above χ²(3) at 0.95 = 7.81
    // At matched instants: the fused updates made at the time of one of
    // the best partner's own updates, which they fused. The RMSE of each
    // there, and the share of those instants where the fused position is
    // farther from the truth than the partner's.
    int matched = 0;
    double matched_fused_rmse_m = 0.0;
    double matched_partner_rmse_m = 0.0;
    double matched_worse = 0.0;
  };
  std::vector<Accuracy> accuracy;  // per missile

  // Missiles in more than one system track, and untracked missiles (none).
  int duplicated_missiles() const;
  // Missiles with a system track merged into another (a duplicate ended).
  int merged_missiles() const;
  int untracked_missiles() const;
  // System tracks whose contributors are of more than one missile (false
  // alarms counted as their own), and system tracks of false alarms only.
  int mixed_system_tracks() const;
  int false_system_tracks() const;
};

FusionScores ScoreFusion(const NetworkRun& run, const node::Node& node,
                         std::span<const sensors::TruthTrajectory> truth);

// A few lines for `trilink run`.
std::string FusionScoresText(const FusionScores& scores);

}  // namespace trilink::scenario
