#include "tracking_output.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>

#include "node_output.h"
#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"

namespace trilink::app {
namespace {

std::string Seconds(const std::optional<double>& t) {
  return t ? fmt::format("{:.1f}", *t) : std::string("-");
}

nlohmann::json OrNull(const std::optional<double>& t) {
  return t ? nlohmann::json(*t) : nlohmann::json(nullptr);
}

double Seconds(UtcTime time, UtcTime epoch) { return (time - epoch).seconds(); }

}  // namespace

std::string TrackingText(std::span<const sensors::TruthTrajectory> truth,
                         const scenario::TrackingRun& run, const std::string& filter_name) {
  std::string text = fmt::format(
      "tracking: one national tracker per partner ({}); times in s after launch, report time; "
      "RMSE over confirmed-track updates\n\n",
      filter_name);
  text += fmt::format("{:<12} {:<8} {:>9} {:>10} {:>11} {:>13}\n", "missile", "partner", "detected",
                      "confirmed", "pos RMSE m", "vel RMSE m/s");
  for (size_t m = 0; m < truth.size(); ++m) {
    for (size_t p = 0; p < run.partners.size(); ++p) {
      const scenario::PartnerTracking& partner = run.partners[p];
      const scenario::MissileTrackingScore& s = partner.missiles[m];
      const std::string position = s.updates > 0 ? fmt::format("{:.0f}", s.position_rmse_m) : "-";
      const std::string velocity = s.updates > 0 ? fmt::format("{:.0f}", s.velocity_rmse_m_s) : "-";
      text +=
          fmt::format("{:<12} {:<8} {:>9} {:>10} {:>11} {:>13}\n",
                      p == 0 ? truth[m].id : std::string(), partner.partner,
                      Seconds(s.first_detection_s), Seconds(s.first_track_s), position, velocity);
    }
  }
  text += fmt::format("\n{:<8} {:>7} {:>6} {:>10} {:>12} {:>6} {:>9} {:>12} {:>9} {:>5}\n",
                      "partner", "sensors", "scans", "detections", "false alarms", "tracks",
                      "confirmed", "false tracks", "fragments", "swaps");
  for (const scenario::PartnerTracking& partner : run.partners) {
    text +=
        fmt::format("{:<8} {:>7} {:>6} {:>10} {:>12} {:>6} {:>9} {:>12} {:>9} {:>5}\n",
                    partner.partner, partner.sensors.size(), partner.scans, partner.detections,
                    partner.false_alarms, partner.tracks, partner.confirmed_tracks,
                    partner.false_tracks, partner.continuity.fragments, partner.continuity.swaps);
  }
  return text;
}

std::string FusionText(const scenario::NetworkRun& network) {
  std::string text =
      "fusion: each node's system tracks (covariance intersection of the partners' local "
      "tracks)\n";
  for (const auto& node : network.nodes()) text += NodeFusionText(*node);
  return text;
}

nlohmann::json TrackingJson(const scenario::Scenario& scenario,
                            std::span<const sensors::TruthTrajectory> truth,
                            const scenario::TrackingRun& run, const std::string& filter_name) {
  nlohmann::json out;
  out["filter"] = filter_name;
  out["times"] = "seconds after launch, report time";
  out["partners"] = nlohmann::json::array();
  for (const scenario::PartnerTracking& partner : run.partners) {
    nlohmann::json sensors = nlohmann::json::array();
    for (int s : partner.sensors) sensors.push_back(scenario.sensors[static_cast<size_t>(s)].name);
    nlohmann::json missiles = nlohmann::json::array();
    for (size_t m = 0; m < truth.size(); ++m) {
      const scenario::MissileTrackingScore& s = partner.missiles[m];
      missiles.push_back(
          {{"id", truth[m].id},
           {"first_detection_s", OrNull(s.first_detection_s)},
           {"first_track_s", OrNull(s.first_track_s)},
           {"detections", s.detections},
           {"updates", s.updates},
           {"position_rmse_m", s.updates > 0 ? nlohmann::json(s.position_rmse_m) : nullptr},
           {"velocity_rmse_m_s", s.updates > 0 ? nlohmann::json(s.velocity_rmse_m_s) : nullptr}});
    }
    out["partners"].push_back({{"partner", partner.partner},
                               {"sensors", std::move(sensors)},
                               {"scans", partner.scans},
                               {"detections", partner.detections},
                               {"false_alarms", partner.false_alarms},
                               {"tracks", partner.tracks},
                               {"confirmed_tracks", partner.confirmed_tracks},
                               {"false_tracks", partner.false_tracks},
                               {"fragments", partner.continuity.fragments},
                               {"swaps", partner.continuity.swaps},
                               {"missiles", std::move(missiles)}});
  }
  return out;
}

std::string DetectionsCsv(const scenario::Scenario& scenario,
                          std::span<const sensors::Scan> scans) {
  std::string csv =
      "t_s,site_lat_deg,site_lon_deg,site_height_m,range_m,azimuth_deg,elevation_deg,"
      "range_rate_m_s,range_sigma_m,azimuth_sigma_mrad,elevation_sigma_mrad,range_rate_sigma_m_s,"
      "truth_id\n";
  for (const sensors::Scan& scan : scans) {
    if (scan.frame.type != sensors::SensorType::kRadar) continue;
    const sensors::RadarConfig& radar = scan.frame.radar;
    // The file's format always has four components; a radar that does not
    // measure one cannot be written (the seed radars measure all four).
    if (!(radar.measures[0] && radar.measures[1] && radar.measures[2] && radar.measures[3]))
      continue;
    const double t = Seconds(scan.measurement_time, scenario.epoch);
    for (size_t j = 0; j < scan.measurements.size(); ++j) {
      const MeasurementVector& z = scan.measurements[j];
      csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", t, radar.site.latitude_deg(),
                         radar.site.longitude_deg(), radar.site.height_m, z(0), RadToDeg(z(1)),
                         RadToDeg(z(2)), z(3), radar.range_sigma_m, 1e3 * radar.azimuth_sigma_rad,
                         1e3 * radar.elevation_sigma_rad, radar.range_rate_sigma_m_s,
                         scan.truth_index[j]);
    }
  }
  return csv;
}

std::string TruthCsv(const scenario::Scenario& scenario,
                     std::span<const sensors::TruthTrajectory> truth) {
  std::string csv = "t_s,truth_id,lat_deg,lon_deg,height_m\n";
  for (size_t m = 0; m < truth.size(); ++m) {
    const double launch = Seconds(truth[m].launch_time, scenario.epoch);
    for (const flight::FlightSample& sample : truth[m].samples) {
      const geo::Geodetic g = geo::EcefToGeodetic(sample.ecef_position);
      csv += fmt::format("{},{},{:.8f},{:.8f},{:.2f}\n", launch + sample.t_s, m, g.latitude_deg(),
                         g.longitude_deg(), g.height_m);
    }
  }
  return csv;
}

std::string TrackUpdatesCsv(const scenario::Scenario& scenario, const scenario::TrackingRun& run) {
  std::string csv =
      "partner,track_id,t_s,sensor,truth_id,lat_deg,lon_deg,height_m,vx_m_s,vy_m_s,vz_m_s,"
      "position_sigma_m\n";
  for (const scenario::TrackUpdateRecord& u : run.updates) {
    const geo::Geodetic g = geo::EcefToGeodetic(u.mean.head<3>());
    csv += fmt::format("{},{},{:.3f},{},{},{:.8f},{:.8f},{:.2f},{:.3f},{:.3f},{:.3f},{:.2f}\n",
                       run.partners[static_cast<size_t>(u.partner)].partner, u.track_id,
                       Seconds(u.time, scenario.epoch),
                       scenario.sensors[static_cast<size_t>(u.sensor)].name, u.truth_index,
                       g.latitude_deg(), g.longitude_deg(), g.height_m, u.mean(3), u.mean(4),
                       u.mean(5), u.position_sigma_m);
  }
  return csv;
}

}  // namespace trilink::app
