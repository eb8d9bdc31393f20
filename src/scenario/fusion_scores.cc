#include "trilink/scenario/fusion_scores.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "trilink/core/error.h"

namespace trilink::scenario {

int FusionScores::duplicated_missiles() const {
  return static_cast<int>(std::count_if(systems_of_missile.begin(), systems_of_missile.end(),
                                        [](const auto& s) { return s.size() > 1; }));
}

int FusionScores::merged_missiles() const {
  return static_cast<int>(std::count_if(merged_of_missile.begin(), merged_of_missile.end(),
                                        [](const auto& s) { return !s.empty(); }));
}

int FusionScores::untracked_missiles() const {
  return static_cast<int>(std::count_if(systems_of_missile.begin(), systems_of_missile.end(),
                                        [](const auto& s) { return s.empty(); }));
}

int FusionScores::mixed_system_tracks() const {
  return static_cast<int>(std::count_if(missiles_of_system.begin(), missiles_of_system.end(),
                                        [](const auto& m) { return m.size() > 1; }));
}

int FusionScores::false_system_tracks() const {
  return static_cast<int>(
      std::count_if(missiles_of_system.begin(), missiles_of_system.end(),
                    [](const auto& m) { return m.size() == 1 && m.front() < 0; }));
}

FusionScores ScoreFusion(const NetworkRun& run, const node::Node& node,
                         std::span<const sensors::TruthTrajectory> truth) {
  const size_t missiles = truth.size();
  // The majority label of each local track ("JP/3"), over its confirmed
  // updates.
  std::map<std::string, std::map<int, int>> votes;
  for (const TrackUpdateRecord& update : run.tracking.updates) {
    const std::string key = run.tracking.partners[static_cast<size_t>(update.partner)].partner +
                            "/" + std::to_string(update.track_id);
    ++votes[key][update.truth_index];
  }
  std::map<std::string, int> label;
  for (const auto& [key, counts] : votes) {
    label[key] = std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
                   return a.second < b.second;
                 })->first;
  }
  FusionScores scores;
  scores.systems_of_missile.resize(missiles);
  scores.merged_of_missile.resize(missiles);
  for (const fusion::SystemTrack& track : node.fusion().tracks()) {
    std::vector<int>& of = scores.missiles_of_system.emplace_back();
    for (const std::string& key : track.contributors) {
      const auto it = label.find(key);
      const int m = it == label.end() ? -1 : it->second;
      if (std::find(of.begin(), of.end(), m) == of.end()) of.push_back(m);
      if (m < 0) continue;
      std::vector<uint64_t>& systems = track.merged_into == 0
                                           ? scores.systems_of_missile[static_cast<size_t>(m)]
                                           : scores.merged_of_missile[static_cast<size_t>(m)];
      if (std::find(systems.begin(), systems.end(), track.number) == systems.end())
        systems.push_back(track.number);
    }
    std::sort(of.begin(), of.end());
  }
  // Accuracy of the fused updates of one-missile system tracks; the best
  // partner per missile (smallest position RMSE of its own tracks).
  scores.accuracy.resize(missiles);
  std::vector<std::string> best(missiles);
  for (size_t m = 0; m < missiles; ++m) {
    FusionScores::Accuracy& a = scores.accuracy[m];
    for (const PartnerTracking& partner : run.tracking.partners) {
      const MissileTrackingScore& score = partner.missiles[m];
      if (score.updates > 0 && (best[m].empty() || score.position_rmse_m < a.best_partner_rmse_m)) {
        a.best_partner_rmse_m = score.position_rmse_m;
        best[m] = partner.partner;
      }
    }
  }
  // The best partner's own updates, by local track key and time.
  std::map<std::pair<std::string, int64_t>, Eigen::Vector3d> best_updates;
  for (const TrackUpdateRecord& update : run.tracking.updates) {
    const std::string& partner = run.tracking.partners[static_cast<size_t>(update.partner)].partner;
    const auto it = label.find(partner + "/" + std::to_string(update.track_id));
    if (it == label.end() || it->second < 0 || best[static_cast<size_t>(it->second)] != partner)
      continue;
    best_updates[{it->first, update.time.nanoseconds_since_epoch()}] = update.mean.head<3>();
  }
  std::vector<double> matched_fused2(missiles, 0.0), matched_partner2(missiles, 0.0);
  std::vector<int> matched_worse(missiles, 0);
  std::vector<double> sum2_with_best(missiles, 0.0);
  std::vector<int> with_best(missiles, 0);
  std::vector<double> sum2(missiles, 0.0), nees(missiles, 0.0);
  std::vector<int> above(missiles, 0);
  const auto node_index = std::find_if(run.nodes().begin(), run.nodes().end(),
                                       [&](const auto& n) { return n.get() == &node; });
  TRILINK_CHECK(node_index != run.nodes().end()) << "ScoreFusion: the node is not the run's";
  for (const FusedUpdate& update :
       run.fused[static_cast<size_t>(node_index - run.nodes().begin())]) {
    if (update.system == 0 || update.system > scores.missiles_of_system.size()) continue;
    const std::vector<int>& of = scores.missiles_of_system[update.system - 1];
    if (of.size() != 1 || of.front() < 0) continue;
    const size_t m = static_cast<size_t>(of.front());
    const std::optional<Vector<6>> true_state = truth[m].StateAt(update.time);
    if (!true_state) continue;
    const Eigen::Vector3d error = update.mean.head<3>() - true_state->head<3>();
    const double e2 = error.dot(update.covariance.topLeftCorner<3, 3>().ldlt().solve(error));
    const bool best_fused = std::any_of(
        update.fused.begin(), update.fused.end(),
        [&](const std::string& key) { return key.substr(0, key.find('/')) == best[m]; });
    if (best_fused) {
      ++with_best[m];
      sum2_with_best[m] += error.squaredNorm();
      for (const std::string& key : update.fused) {
        const auto own = best_updates.find({key, update.time.nanoseconds_since_epoch()});
        if (own == best_updates.end()) continue;
        const double partner2 = (own->second - true_state->head<3>()).squaredNorm();
        ++scores.accuracy[m].matched;
        matched_fused2[m] += error.squaredNorm();
        matched_partner2[m] += partner2;
        matched_worse[m] += error.squaredNorm() > partner2;
        break;
      }
    }
    ++scores.accuracy[m].updates;
    sum2[m] += error.squaredNorm();
    nees[m] += e2;
    above[m] += e2 > 7.815;
  }
  for (size_t m = 0; m < missiles; ++m) {
    FusionScores::Accuracy& a = scores.accuracy[m];
    if (a.updates == 0) continue;
    a.updates_with_best = with_best[m];
    if (with_best[m] > 0) a.rmse_with_best_m = std::sqrt(sum2_with_best[m] / with_best[m]);
    a.position_rmse_m = std::sqrt(sum2[m] / a.updates);
    a.mean_nees = nees[m] / a.updates;
    a.nees_above_95 = static_cast<double>(above[m]) / a.updates;
    if (a.matched > 0) {
      a.matched_fused_rmse_m = std::sqrt(matched_fused2[m] / a.matched);
      a.matched_partner_rmse_m = std::sqrt(matched_partner2[m] / a.matched);
      a.matched_worse = static_cast<double>(matched_worse[m]) / a.matched;
    }
  }
  return scores;
}

std::string FusionScoresText(const FusionScores& scores) {
  std::string text;
  for (size_t m = 0; m < scores.accuracy.size(); ++m) {
    const FusionScores::Accuracy& a = scores.accuracy[m];
    if (a.updates == 0) continue;
    text += fmt::format(
        "  missile {}: fused position RMSE {:.0f} m over {} updates, {:.0f} m over the {} that "
        "fused the best partner's track (its own RMSE {:.0f} m); at the {} instants of that "
        "partner's updates {:.0f} m against its {:.0f} m, farther from the truth at {:.0f} %; "
        "mean NEES {:.1f}, {:.0f} % above the 95 % bound\n",
        m + 1, a.position_rmse_m, a.updates, a.rmse_with_best_m, a.updates_with_best,
        a.best_partner_rmse_m, a.matched, a.matched_fused_rmse_m, a.matched_partner_rmse_m,
        100.0 * a.matched_worse, a.mean_nees, 100.0 * a.nees_above_95);
  }
  return text +
         fmt::format(
             "  fused picture: {} missiles in more than one system track ({} with a duplicate "
             "merged), {} untracked; {} system tracks of more than one missile, {} of false "
             "alarms only\n",
             scores.duplicated_missiles(), scores.merged_missiles(), scores.untracked_missiles(),
             scores.mixed_system_tracks(), scores.false_system_tracks());
}

}  // namespace trilink::scenario
