#include "flight_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "trilink/core/error.h"
#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"

namespace trilink::app {
namespace {

double Round(double value, double unit) { return std::round(value / unit) * unit; }

std::string Utc(UtcTime launch, double t_s) {
  return (launch + Duration::Seconds(t_s)).ToIso8601();
}

}  // namespace

std::string FormatLatLon(double latitude_deg, double longitude_deg) {
  return fmt::format("{:.2f}°{} {:.2f}°{}", std::abs(latitude_deg), latitude_deg >= 0 ? 'N' : 'S',
                     std::abs(longitude_deg), longitude_deg >= 0 ? 'E' : 'W');
}

nlohmann::json FlightJson(const flight::Reconstruction& r, std::optional<UtcTime> launch_time) {
  const flight::FlightResult& f = r.flight;
  nlohmann::json j;
  j["profile"] = flight::ProfileName(r.profile);
  j["range_km"] = Round(MToKm(f.range_m), 1e-3);
  j["apogee_km"] = Round(MToKm(f.apogee_height_m), 1e-3);
  j["apogee_time_s"] = Round(f.apogee_time_s, 1e-3);
  j["flight_time_s"] = Round(f.flight_time_s, 1e-3);
  j["burnout_time_s"] = Round(f.burnout_time_s, 1e-3);
  j["burnout_speed_m_s"] = Round(f.burnout_speed_m_s, 1e-3);
  j["burnout_altitude_km"] = Round(MToKm(f.burnout_height_m), 1e-3);
  j["burnout_flight_path_angle_deg"] = Round(RadToDeg(f.burnout_flight_path_angle_rad), 1e-3);
  j["max_speed_m_s"] = Round(f.max_speed_m_s, 1e-3);
  j["impact_speed_m_s"] = Round(f.impact_speed_m_s, 1e-3);
  j["impact"] = {{"lat", Round(f.impact.latitude_deg(), 1e-6)},
                 {"lon", Round(f.impact.longitude_deg(), 1e-6)}};
  if (!std::isnan(f.pull_up_time_s)) j["glide_start_s"] = Round(f.pull_up_time_s, 1e-3);
  if (!std::isnan(f.dive_time_s)) j["dive_start_s"] = Round(f.dive_time_s, 1e-3);
  j["controls"] = {{"launch_heading_deg", Round(RadToDeg(r.controls.heading_rad), 1e-6)},
                   {"propellant_load", Round(r.controls.propellant_load, 1e-9)},
                   {"pitch_over_deg", Round(RadToDeg(r.controls.pitch_over_rad), 1e-6)},
                   {"glide_lift_to_drag", Round(r.controls.lift_to_drag, 1e-6)}};
  if (!r.vehicle.stages.empty()) {
    j["vehicle"] = {
        {"stages", r.vehicle.stages.size()},
        {"ideal_delta_v_m_s", Round(r.vehicle.IdealDeltaV(r.controls.propellant_load), 1e-3)}};
  }
  j["simulations"] = r.simulations;
  if (launch_time) {
    j["launch_utc"] = launch_time->ToIso8601();
    j["apogee_utc"] = Utc(*launch_time, f.apogee_time_s);
    j["impact_utc"] = Utc(*launch_time, f.flight_time_s);
  }
  if (!f.samples.empty()) {
    nlohmann::json samples = nlohmann::json::array();
    for (const flight::FlightSample& s : f.samples) {
      const geo::Geodetic g = geo::EcefToGeodetic(s.ecef_position);
      nlohmann::json sample = {{"t_s", Round(s.t_s, 1e-6)},
                               {"lat", Round(g.latitude_deg(), 1e-7)},
                               {"lon", Round(g.longitude_deg(), 1e-7)},
                               {"alt_m", Round(g.height_m, 1e-3)},
                               {"speed_m_s", Round(s.ecef_velocity.norm(), 1e-3)}};
      if (launch_time) sample["utc"] = Utc(*launch_time, s.t_s);
      samples.push_back(std::move(sample));
    }
    j["samples"] = std::move(samples);
  }
  return j;
}

std::string FlightText(const flight::Reconstruction& r) {
  const flight::FlightResult& f = r.flight;
  std::string text;
  text += fmt::format("profile          {}\n", flight::ProfileName(r.profile));
  text += fmt::format("range            {:.1f} km\n", MToKm(f.range_m));
  text += fmt::format("apogee           {:.1f} km at {:.0f} s\n", MToKm(f.apogee_height_m),
                      f.apogee_time_s);
  text += fmt::format("flight time      {:.1f} s ({:.1f} min)\n", f.flight_time_s,
                      f.flight_time_s / 60.0);
  text += fmt::format(
      "burnout          {:.1f} s, {:.0f} m/s, {:.1f} km altitude, flight-path angle {:.1f}°\n",
      f.burnout_time_s, f.burnout_speed_m_s, MToKm(f.burnout_height_m),
      RadToDeg(f.burnout_flight_path_angle_rad));
  if (!std::isnan(f.pull_up_time_s)) {
    text += fmt::format(
        "glide            from {:.0f} s (L/D {:.2f}), dive from {}\n", f.pull_up_time_s,
        r.controls.lift_to_drag,
        std::isnan(f.dive_time_s) ? std::string("impact") : fmt::format("{:.0f} s", f.dive_time_s));
  }
  text += fmt::format("max speed        {:.0f} m/s\n", f.max_speed_m_s);
  text += fmt::format("impact           {} at {:.0f} m/s\n",
                      FormatLatLon(f.impact.latitude_deg(), f.impact.longitude_deg()),
                      f.impact_speed_m_s);
  text += fmt::format("launch heading   {:.2f}° (impact bearing {:.2f}°)\n",
                      RadToDeg(r.controls.heading_rad), RadToDeg(f.impact_azimuth_rad));
  if (!r.vehicle.stages.empty()) {
    text += fmt::format(
        "vehicle          generic, {} stage{}, propellant load {:.1f} %, pitch-over {:.2f}°\n",
        r.vehicle.stages.size(), r.vehicle.stages.size() > 1 ? "s" : "",
        100.0 * r.controls.propellant_load, RadToDeg(r.controls.pitch_over_rad));
  }
  return text;
}

std::string SamplesCsv(const flight::FlightResult& flight, std::optional<UtcTime> launch_time) {
  std::string csv =
      launch_time ? "t_s,utc,lat_deg,lon_deg,alt_m,speed_m_s,x_m,y_m,z_m,vx_m_s,vy_m_s,vz_m_s\n"
                  : "t_s,lat_deg,lon_deg,alt_m,speed_m_s,x_m,y_m,z_m,vx_m_s,vy_m_s,vz_m_s\n";
  for (const flight::FlightSample& s : flight.samples) {
    const geo::Geodetic g = geo::EcefToGeodetic(s.ecef_position);
    csv += fmt::format("{:.3f},", s.t_s);
    if (launch_time) csv += Utc(*launch_time, s.t_s) + ",";
    csv += fmt::format("{:.7f},{:.7f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.4f},{:.4f},{:.4f}\n",
                       g.latitude_deg(), g.longitude_deg(), g.height_m, s.ecef_velocity.norm(),
                       s.ecef_position.x(), s.ecef_position.y(), s.ecef_position.z(),
                       s.ecef_velocity.x(), s.ecef_velocity.y(), s.ecef_velocity.z());
  }
  return csv;
}

void CheckSampleInterval(double interval_s, int missiles, std::string_view flag) {
  if (!(interval_s > 0.0 && std::isfinite(interval_s)))
    throw InputError(fmt::format("{}: got {}; expected a number > 0 (s)", flag, interval_s));
  const double longest_flight_s = flight::FlightOptions{}.max_flight_time_s;
  const double samples = std::max(missiles, 1) * longest_flight_s / interval_s;
  if (samples > kMaxTrajectorySamples) {
    throw InputError(fmt::format(
        "{}: got {} s; expected at least {:g} s ({} flight{} of up to {:g} s would take up to "
        "{:.3g} samples; at most {:g})",
        flag, interval_s, std::max(missiles, 1) * longest_flight_s / kMaxTrajectorySamples,
        missiles, missiles == 1 ? "" : "s", longest_flight_s, samples, kMaxTrajectorySamples));
  }
}

}  // namespace trilink::app
