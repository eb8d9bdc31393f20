#include "assess_command.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "flight_output.h"
#include "trilink/assess/assessor.h"
#include "trilink/core/error.h"
#include "trilink/geo/wgs84.h"
#include "trilink/tracking/ballistic.h"
#include "warning_output.h"

namespace trilink::app {
namespace {

constexpr int kN = tracking::kBallisticStateSize;

const nlohmann::json& Field(const nlohmann::json& json, const std::string& file, const char* name,
                            const char* expected) {
  if (!json.contains(name))
    throw InputError(fmt::format("{}: field '{}' is missing; expected {}", file, name, expected));
  return json.at(name);
}

double Number(const nlohmann::json& json, const std::string& file, const std::string& name,
              const char* expected) {
  if (!json.is_number() || !std::isfinite(json.get<double>()))
    throw InputError(
        fmt::format("{}: field '{}': got {}; expected {}", file, name, json.dump(), expected));
  return json.get<double>();
}

Eigen::Vector3d Vector3(const nlohmann::json& json, const std::string& file, const char* name,
                        const char* expected) {
  const nlohmann::json& value = Field(json, file, name, expected);
  if (!value.is_array() || value.size() != 3)
    throw InputError(
        fmt::format("{}: field '{}': got {}; expected {}", file, name, value.dump(), expected));
  Eigen::Vector3d v;
  for (int i = 0; i < 3; ++i)
    v(i) = Number(value[static_cast<size_t>(i)], file, fmt::format("{}[{}]", name, i), expected);
  return v;
}

struct TrackInput {
  std::string track;
  UtcTime time;
  Gaussian<kN> state;
  double boost_probability = 0.0;
  double manoeuvre_probability = 0.0;
};

TrackInput ReadTrack(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(path);
    if (!in) throw InputError(fmt::format("{}: cannot open the track file", path));
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(fmt::format("{}: not JSON (byte {}): {}", path, e.byte, e.what()));
  }
  if (!json.is_object()) throw InputError(fmt::format("{}: expected a JSON object", path));
  TrackInput input;
  input.track = json.value("track", std::string("track"));
  const nlohmann::json& time = Field(json, path, "time", "an ISO-8601 UTC time");
  if (!time.is_string() || !UtcTime::TryParse(time.get<std::string>())) {
    throw InputError(
        fmt::format("{}: field 'time': got {}; expected an ISO-8601 UTC time such as "
                    "\"2026-03-10T06:35:00Z\"",
                    path, time.dump()));
  }
  input.time = UtcTime::Parse(time.get<std::string>());
  Eigen::Vector3d position;
  if (json.contains("ecef_position_m")) {
    position = Vector3(json, path, "ecef_position_m", "[x, y, z] in metres (ECEF)");
  } else {
    const nlohmann::json& geodetic = Field(
        json, path, "position", "{\"lat_deg\", \"lon_deg\", \"height_m\"} or ecef_position_m");
    const double lat = Number(Field(geodetic, path, "lat_deg", "degrees"), path, "position.lat_deg",
                              "degrees in [-90, 90]");
    const double lon =
        Number(Field(geodetic, path, "lon_deg", "degrees"), path, "position.lon_deg", "degrees");
    const double height = Number(Field(geodetic, path, "height_m", "metres"), path,
                                 "position.height_m", "metres above the ellipsoid");
    if (std::abs(lat) > 90.0)
      throw InputError(
          fmt::format("{}: field 'position.lat_deg': got {}; expected degrees in "
                      "[-90, 90]",
                      path, lat));
    position = geo::GeodeticToEcef(geo::Geodetic::FromDegrees(lat, lon, height));
  }
  const Eigen::Vector3d velocity =
      Vector3(json, path, "ecef_velocity_m_s", "[vx, vy, vz] in m/s (Earth-relative, ECEF)");
  const double position_sigma = Number(Field(json, path, "position_sigma_m", "metres > 0"), path,
                                       "position_sigma_m", "metres > 0");
  const double velocity_sigma = Number(Field(json, path, "velocity_sigma_m_s", "m/s > 0"), path,
                                       "velocity_sigma_m_s", "m/s > 0");
  if (!(position_sigma > 0.0) || !(velocity_sigma > 0.0))
    throw InputError(fmt::format("{}: position_sigma_m and velocity_sigma_m_s must be > 0", path));
  tracking::BallisticPrior prior;
  prior.velocity_sigma_m_s = velocity_sigma;
  if (json.contains("inverse_ballistic_coefficient_m2_kg")) {
    prior.inverse_ballistic_coefficient =
        Number(json["inverse_ballistic_coefficient_m2_kg"], path,
               "inverse_ballistic_coefficient_m2_kg", "m²/kg >= 0");
  }
  input.state = tracking::BallisticPriorFromFix(
      position, Eigen::Matrix3d::Identity() * position_sigma * position_sigma, prior);
  input.state.mean.segment<3>(tracking::kBallisticVelocity) = velocity;
  // No thrust or lift unless given.
  input.state.mean.segment<3>(tracking::kBallisticAcceleration).setZero();
  if (json.contains("covariance")) {
    const nlohmann::json& rows = json["covariance"];
    if (!rows.is_array() || (rows.size() != 6 && rows.size() != static_cast<size_t>(kN)))
      throw InputError(fmt::format(
          "{}: field 'covariance': expected a 6×6 (position, velocity) or 10×10 array of rows",
          path));
    const int n = static_cast<int>(rows.size());
    for (int r = 0; r < n; ++r) {
      const nlohmann::json& row = rows[static_cast<size_t>(r)];
      if (!row.is_array() || static_cast<int>(row.size()) != n)
        throw InputError(
            fmt::format("{}: field 'covariance[{}]': expected {} numbers", path, r, n));
      for (int c = 0; c < n; ++c)
        input.state.covariance(r, c) = Number(row[static_cast<size_t>(c)], path,
                                              fmt::format("covariance[{}][{}]", r, c), "a number");
    }
  }
  input.boost_probability = json.value("boost_probability", 0.0);
  input.manoeuvre_probability = json.value("manoeuvre_probability", 0.0);
  return input;
}

}  // namespace

void AddAssessCommand(CLI::App& app, AssessArgs& args) {
  CLI::App* command = app.add_subcommand(
      "assess",
      "Assess one track given as JSON and print where and when it comes down (impact point,\n"
      "time, 50 % and 95 % ellipses, by sigma points through the full flight model), where\n"
      "and when it was launched, its apogee, range, flight time, class and trajectory type.\n"
      "The JSON object has\n"
      "  time                 ISO-8601 UTC time of the state, e.g. \"2026-03-10T06:35:00Z\"\n"
      "  position             {\"lat_deg\", \"lon_deg\", \"height_m\"} (or ecef_position_m: [x, y, "
      "z])\n"
      "  ecef_velocity_m_s    [vx, vy, vz], Earth-relative, ECEF (m/s)\n"
      "  position_sigma_m     isotropic position sigma (m)\n"
      "  velocity_sigma_m_s   isotropic velocity sigma (m/s)\n"
      "and optionally track (a name), covariance (6x6 position/velocity or the full 10x10\n"
      "state r, v, a, 1/beta; replaces the sigmas), inverse_ballistic_coefficient_m2_kg\n"
      "(default 1e-4), boost_probability and manoeuvre_probability (default 0).");
  command->add_option("track", args.track, "Track file (JSON), or - for standard input")
      ->required();
  command->add_option("--format", args.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
}

int RunAssess(const AssessArgs& args) {
  const TrackInput input = ReadTrack(args.track);
  assess::Assessor assessor;
  const assess::TrackAssessment a =
      assessor.Assess(input.track, input.state, input.time, input.boost_probability,
                      input.manoeuvre_probability, input.time);
  if (args.format == "json") {
    std::cout << AssessmentJson(a).dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("assessment of {} at {}\n", a.track, a.time.ToIso8601());
  if (a.impact) {
    const assess::ImpactPrediction& impact = *a.impact;
    std::cout << fmt::format(
        "impact     {} at {} (σ {:.1f} s)\n"
        "           50 % ellipse {:.1f} × {:.1f} km, 95 % ellipse {:.1f} × {:.1f} km, major "
        "axis {:.0f}°\n",
        FormatLatLon(impact.estimate.point.latitude_deg(), impact.estimate.point.longitude_deg()),
        impact.estimate.time.ToIso8601(), impact.estimate.time_sigma_s,
        impact.ellipse50.semi_major_m / 1000.0, impact.ellipse50.semi_minor_m / 1000.0,
        impact.ellipse95.semi_major_m / 1000.0, impact.ellipse95.semi_minor_m / 1000.0,
        impact.ellipse95.major_azimuth_rad * 180.0 / 3.14159265358979323846);
  } else {
    std::cout << "impact     none predicted (no fall to the ground within the flight limit)\n";
  }
  if (a.launch) {
    std::cout << fmt::format(
        "launch     {} at {} (σ {:.1f} s)\n",
        FormatLatLon(a.launch->point.latitude_deg(), a.launch->point.longitude_deg()),
        a.launch->time.ToIso8601(), a.launch->time_sigma_s);
  }
  std::cout << fmt::format(
      "apogee     {:.1f} km predicted\nrange      {:.1f} km ({})\nflight     {:.1f} s\n"
      "trajectory {}\n",
      a.predicted_apogee_m / 1000.0, a.predicted_range_m / 1000.0,
      assess::RangeClassName(a.range_class), a.predicted_flight_time_s,
      assess::TrajectoryTypeName(a.trajectory));
  return 0;
}

}  // namespace trilink::app
