#include "assess_command.h"

#include <fmt/format.h>

#include <iostream>
#include <iterator>

#include "flight_output.h"
#include "track_json.h"
#include "trilink/assess/assessor.h"
#include "trilink/core/input_file.h"
#include "warning_output.h"

namespace trilink::app {
namespace {

TrackInput ReadTrack(const std::string& path) {
  if (path == "-") {
    return ParseTrackJson(ReadInputStream(stdin, "<standard input>", "track", kMaxTrackJsonBytes),
                          "<standard input>");
  }
  return ParseTrackJson(ReadInputFile(path, "track file", kMaxTrackJsonBytes), path);
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
  std::cout << fmt::format("apogee     {:.1f} km predicted\n", a.predicted_apogee_m / 1000.0);
  if (a.impact) {
    std::cout << fmt::format("range      {:.1f} km ({})\nflight     {:.1f} s\n",
                             a.predicted_range_m / 1000.0, assess::RangeClassName(a.range_class),
                             a.predicted_flight_time_s);
  } else {
    // Without an impact there is no range or flight time to tell.
    std::cout << "range      unknown (no impact predicted)\nflight     unknown\n";
  }
  std::cout << fmt::format("trajectory {}\n", assess::TrajectoryTypeName(a.trajectory));
  return 0;
}

}  // namespace trilink::app
