#include "node_output.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

namespace trilink::app {

std::string FusedUpdatesCsv(std::span<const scenario::FusedUpdate> updates) {
  std::string csv = "system,time,x_m,y_m,z_m,vx_m_s,vy_m_s,vz_m_s,position_sigma_m,fused\n";
  for (const scenario::FusedUpdate& u : updates) {
    const double sigma = std::sqrt(u.covariance.topLeftCorner<3, 3>().trace());
    csv += fmt::format("S{},{},{:.3f},{:.3f},{:.3f},{:.4f},{:.4f},{:.4f},{:.3f},{}\n", u.system,
                       u.time.ToIso8601(), u.mean(0), u.mean(1), u.mean(2), u.mean(3), u.mean(4),
                       u.mean(5), sigma, fmt::join(u.fused, ";"));
  }
  return csv;
}

std::string NodeFusionText(const node::Node& node) {
  const fusion::FusionCentre& fusion = node.fusion();
  const fusion::FusionCounts& counts = fusion.counts();
  std::string text = fmt::format(
      "{}: {} system tracks; {} updates fused, {} refused, {} repeated, {} joins, {} splits, {} "
      "moves, {} merges\n",
      node.options().partner, fusion.tracks().size(), counts.taken, counts.refused, counts.repeated,
      counts.joins, counts.splits, counts.moves, counts.merges);
  for (const fusion::SystemTrack& track : fusion.tracks()) {
    text +=
        fmt::format("  {:<5} {}  {}{}\n", track.Id(), track.born.ToIso8601(),
                    fmt::join(track.contributors, ", "),
                    track.merged_into == 0 ? std::string()
                                           : fmt::format("  (merged into S{})", track.merged_into));
  }
  return text;
}

nlohmann::json NodeJson(const node::Node& node) {
  const node::NodeCounts& c = node.counts();
  const fusion::FusionCounts& f = node.fusion().counts();
  nlohmann::json tracks = nlohmann::json::array();
  for (const fusion::SystemTrack& track : node.fusion().tracks()) {
    tracks.push_back({{"id", track.Id()},
                      {"born", track.born.ToIso8601()},
                      {"ended", track.ended},
                      {"merged_into", track.merged_into == 0 ? nlohmann::json()
                                                             : nlohmann::json(track.merged_into)},
                      {"contributors", track.contributors}});
  }
  return {{"partner", node.options().partner},
          {"counts",
           {{"scans", c.scans},
            {"tracks_published", c.tracks_published},
            {"tracks_received", c.tracks_received},
            {"tracks_refused", c.tracks_refused},
            {"own_tracks_refused", c.own_tracks_refused},
            {"alerts_published", c.alerts_published},
            {"alerts_received", c.alerts_received},
            {"assessments_published", c.assessments_published},
            {"assessments_received", c.assessments_received},
            {"others_refused", c.others_refused}}},
          {"fusion",
           {{"taken", f.taken},
            {"refused", f.refused},
            {"repeated", f.repeated},
            {"births", f.births},
            {"joins", f.joins},
            {"splits", f.splits},
            {"moves", f.moves},
            {"merges", f.merges}}},
          {"system_tracks", tracks},
          {"refusals", node.refusals()}};
}

void WriteNodeFiles(OutputFolder& folder, const std::string& prefix, const node::Node& node,
                    std::span<const scenario::FusedUpdate> updates) {
  folder.Write(prefix + "fused.csv", FusedUpdatesCsv(updates));
  folder.Write(prefix + "node.json", NodeJson(node).dump(2) + "\n");
}

}  // namespace trilink::app
