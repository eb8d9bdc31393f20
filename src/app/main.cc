// trilink: the command line.
//
//   trilink trajectory --site LAT,LON (--azimuth DEG --range-km KM | --impact LAT,LON) ...
//   trilink run SCENARIO.toml [--out DIR]
//   trilink track --detections FILE.csv [--truth FILE.csv] [--format text|json]
//   trilink reference-benchmark --targets N --out DIR
//   trilink assess TRACK.json [--format text|json]
//   trilink pki init DIR --partners US,JP,KR
//   trilink node --config NODE.toml
//   trilink feed SCENARIO.toml (--pki DIR | --insecure) [--lockstep | --speed X]
//
// Exit status: 0 on success, 1 when the reported figures cannot be matched,
// 2 for bad input (a flag, a scenario file), with a message on stderr that
// names the flag, file, line and field and what was expected.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <string>

#include "assess_command.h"
#include "cli_checks.h"
#include "distributed_run.h"
#include "feed_command.h"
#include "flight_output.h"
#include "node_command.h"
#include "node_output.h"
#include "output_folder.h"
#include "pki_command.h"
#include "track_command.h"
#include "tracking_output.h"
#include "trilink/core/error.h"
#include "trilink/core/input_file.h"
#include "trilink/core/text.h"
#include "trilink/core/units.h"
#include "trilink/flight/reconstruct.h"
#include "trilink/geo/areas.h"
#include "trilink/report/launch_report.h"
#include "trilink/scenario/fusion_scores.h"
#include "trilink/scenario/network_run.h"
#include "trilink/scenario/runner.h"
#include "trilink/scenario/scenario.h"
#include "trilink/scenario/sharing_comparison.h"
#include "trilink/scenario/tracking_run.h"
#include "trilink/scenario/warning_scores.h"
#include "trilink/sensors/simulate.h"
#include "warning_output.h"

namespace trilink::app {
namespace {

constexpr int kExitUnmatched = 1;
constexpr int kExitBadInput = 2;

// Thrown when the figures of a request cannot be matched (exit status 1).
class Unmatched : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TrajectoryArgs {
  std::string site;
  std::optional<double> azimuth_deg;
  std::optional<double> range_km;
  std::optional<std::string> impact;
  std::optional<double> apogee_km;
  std::optional<double> flight_time_s;
  std::string profile = "auto";
  std::string model = "full";
  std::optional<double> samples_s;
  std::string format = "text";
};

void AddTrajectoryCommand(CLI::App& app, TrajectoryArgs& args) {
  CLI::App* command = app.add_subcommand(
      "trajectory",
      "Reconstruct one missile flight from reported figures and print it.\n"
      "Give the launch site, a direction (--azimuth with --range-km, or --impact) and any of\n"
      "--apogee-km and --flight-time-s; trilink finds the flight that matches every figure\n"
      "within 1 % or says which figures conflict.");
  command->add_option("--site", args.site, "Launch site LAT,LON (degrees, WGS-84)")
      ->required()
      ->check(kLatLon);
  command
      ->add_option("--azimuth", args.azimuth_deg, "Launch azimuth (degrees clockwise from north)")
      ->check(Within(-360.0, 360.0, "degrees"));
  command->add_option("--range-km", args.range_km, "Reported range (km, surface distance)")
      ->check(Within(0.0, flight::kMaxReportedRangeM / 1000.0, "km", Open::kLow));
  command->add_option("--impact", args.impact, "Reported impact point LAT,LON (degrees)")
      ->check(kLatLon);
  command->add_option("--apogee-km", args.apogee_km, "Reported apogee (km above the surface)")
      ->check(Within(0.0, flight::kMaxReportedApogeeM / 1000.0, "km", Open::kLow));
  command
      ->add_option("--flight-time-s", args.flight_time_s,
                   "Reported flight time (s, launch to impact)")
      ->check(Within(0.0, flight::kMaxReportedFlightTimeS, "s", Open::kLow));
  command->add_option("--profile", args.profile, "Trajectory profile")
      ->check(CLI::IsMember({"auto", "min-energy", "lofted", "depressed", "quasi-ballistic"}))
      ->default_str("auto");
  command
      ->add_option(
          "--model", args.model,
          "Physics: full (WGS-84, J2, rotation, 1976 atmosphere, staged boost) or "
          "vacuum-spherical (textbook check: 6371 km sphere, no atmosphere, impulsive burnout)")
      ->check(CLI::IsMember({"full", "vacuum-spherical"}))
      ->default_str("full");
  command->add_option("--samples", args.samples_s, "Also print samples every DT_S seconds (> 0)")
      ->check(Within(0.0, flight::kMaxReportedFlightTimeS, "s", Open::kLow));
  command->add_option("--format", args.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->default_str("text");
}

int RunTrajectory(const TrajectoryArgs& args) {
  flight::ReconstructionRequest request;
  request.site = ToGeodetic(args.site);
  if (args.impact && args.azimuth_deg) {
    throw InputError("--impact and --azimuth: give one direction, not both");
  }
  if (!args.impact && !args.azimuth_deg) {
    throw InputError(
        "a direction is needed: --azimuth DEG with --range-km KM, or --impact LAT,LON");
  }
  if (args.azimuth_deg) {
    if (!args.range_km) throw InputError("--azimuth needs --range-km KM");
    request.azimuth_rad = DegToRad(*args.azimuth_deg);
  }
  if (args.impact) request.impact = ToGeodetic(*args.impact);
  // The flags' ranges were checked while parsing (cli_checks.h).
  if (args.range_km) request.range_m = KmToM(*args.range_km);
  if (args.apogee_km) request.apogee_m = KmToM(*args.apogee_km);
  request.flight_time_s = args.flight_time_s;
  if (args.samples_s) CheckSampleInterval(*args.samples_s, 1, "--samples");
  if (args.profile != "auto") request.profile = flight::ParseProfile(args.profile);
  if (args.model == "vacuum-spherical") request.physics = flight::PhysicsModel::VacuumSpherical();

  flight::ReconstructionOptions options;
  options.sample_interval_s = args.samples_s.value_or(args.format == "csv" ? 1.0 : 0.0);
  const flight::Reconstruction r = flight::Reconstruct(request, options);
  if (!r.ok()) throw Unmatched(r.error);

  if (args.format == "json") {
    std::cout << FlightJson(r, std::nullopt).dump(2) << "\n";
  } else if (args.format == "csv") {
    std::cout << SamplesCsv(r.flight, std::nullopt);
  } else {
    std::cout << FlightText(r);
    if (args.samples_s) std::cout << "\n" << SamplesCsv(r.flight, std::nullopt);
  }
  return 0;
}

struct RunArgs {
  std::string scenario;
  std::optional<std::string> out;
  double samples_s = 1.0;
  // Unset: JP, JPN, Japan; given explicitly, they must name what exists.
  std::optional<std::string> warning_partner;
  std::optional<std::string> warning_country;
  std::optional<std::string> warning_country_name;
  std::string bus = "in-process";
  std::optional<std::string> pki;
  bool insecure = false;
  uint32_t domain = 0;
  bool compare_sharing = false;
  std::string language = "en";  // of the printed launch report
};

void AddRunCommand(CLI::App& app, RunArgs& args) {
  CLI::App* command = app.add_subcommand(
      "run",
      "Run a scenario: reconstruct and fly every missile of every launch and print the truth\n"
      "table; simulate the scenario's sensors, run one national tracker per partner (the\n"
      "owners of the sensors: ballistic IMM-EKF, GNN, radar two-point and infrared launch-cue\n"
      "initiation) and print, per missile and partner, the first detection and the first\n"
      "confirmed track (s after launch, report time) and the track's position and velocity\n"
      "RMSE against truth, and per partner the tracks, confirmed tracks, fragments and swaps.\n"
      "With --out, write into DIR each trajectory (CSV and JSON), summary.json, tracking.json\n"
      "(the tracking figures), detections.csv (radar detections in the format of `trilink\n"
      "track --model ballistic`), truth.csv (its --truth format) and tracks.csv (confirmed-\n"
      "track updates); the folder is written to a temporary place first and moved into place\n"
      "only when complete.\n"
      "Each partner runs a node: its tracker's local tracks are shared with the others on an\n"
      "in-process bus and fused into system tracks (covariance intersection). The warning\n"
      "centre of --warning-partner's node assesses the fused tracks (impact point\n"
      "and ellipses, launch point, apogee, range, type), warns the areas of its country at\n"
      "risk with OASIS CAP 1.2 messages (status Exercise: a simulated run) and writes the\n"
      "launch report; it prints the warning timeline, the report and the scores against\n"
      "truth, and --out adds cap/NNNN-<identifier>.xml (every message, in order),\n"
      "assessments.json (the timeline of assessments), warnings.json (each warned area and\n"
      "when), scores.json and report.txt/report.ja.txt/report.json (the launch report in\n"
      "English and in Japanese; --language chooses the one printed).\n"
      "Areas come from the file scripts/setup.sh cuts (or $TRILINK_AREAS), places from\n"
      "data/places.csv (or $TRILINK_PLACES).\n"
      "With --out, each node's picture goes to nodes/<PARTNER>/: fused.csv (its fused\n"
      "updates) and node.json (counts, system tracks, refusals).\n"
      "--bus dds runs each partner's node as its own process (`trilink node`) on the Cyclone\n"
      "DDS bus over loopback with DDS Security on (a throwaway PKI in a work folder unless\n"
      "--pki names one), fed in lockstep by this process (`trilink feed`): the nodes give the\n"
      "same tracks, warnings and report as the in-process bus. It prints the truth table,\n"
      "each node's summary and the launch report, and --out writes the same files (the\n"
      "scores against truth and tracking.json only in-process).");
  command->add_option("scenario", args.scenario, "Scenario file (TOML, see scenarios/)")
      ->required();
  command->add_option("--out", args.out, "Output folder (created or replaced)");
  command
      ->add_option("--warning-partner", args.warning_partner,
                   "Partner whose node runs the warning centre")
      ->default_str("JP");
  command
      ->add_option("--warning-country", args.warning_country,
                   "ISO 3166-1 alpha-3 code of the country it warns")
      ->default_str("JPN");
  command
      ->add_option("--warning-country-name", args.warning_country_name,
                   "The country's name in messages and the report")
      ->default_str("Japan");
  command
      ->add_option("--bus", args.bus, "Where the nodes run: in-process, or dds (one process each)")
      ->check(CLI::IsMember({"in-process", "dds"}))
      ->default_str("in-process");
  command->add_option("--pki", args.pki, "With --bus dds: the `trilink pki init` folder to use")
      ->check(CLI::ExistingDirectory);
  command->add_flag("--compare-sharing", args.compare_sharing,
                    "Also run each partner alone (its own sensors; the warning centre on its "
                    "node) and print it beside all sharing: first track, first warning, impact "
                    "error by time to impact, missiles reported, false and missed areas");
  command->add_flag("--insecure", args.insecure,
                    "With --bus dds: no DDS Security (to compare; a deployment never does this)");
  command
      ->add_option("--language", args.language,
                   "Language of the printed launch report: en, or ja (Japanese, times in JST)")
      ->check(CLI::IsMember({"en", "ja"}))
      ->default_str("en");
  command->add_option("--domain", args.domain, "With --bus dds: the DDS domain id")
      ->check(CLI::Range(0, 229))
      ->default_str("0");
  command
      ->add_option("--samples", args.samples_s,
                   "Trajectory sample interval (s, > 0), of the files and of the truth the "
                   "sensors see")
      ->check(Within(0.0, flight::kMaxReportedFlightTimeS, "s", Open::kLow))
      ->default_str("1");
}

// The trajectories (CSV and JSON per missile) and summary.json.
void WriteScenarioFiles(OutputFolder& folder, const scenario::Scenario& scenario,
                        const scenario::ScenarioTruth& truth) {
  nlohmann::json summary;
  summary["scenario"] = {{"name", scenario.name},
                         {"file", scenario.file},
                         {"epoch", scenario.epoch.ToIso8601()},
                         {"seed", scenario.seed},
                         {"duration_s", scenario.duration_s}};
  summary["missiles"] = nlohmann::json::array();
  for (const scenario::MissileTruth& m : truth.missiles) {
    nlohmann::json flight_json = FlightJson(m.reconstruction, m.launch_time);
    flight_json["id"] = m.Id();
    flight_json["launch"] = m.launch_name;
    folder.Write(m.Id() + ".json", flight_json.dump(2) + "\n");
    folder.Write(m.Id() + ".csv", SamplesCsv(m.reconstruction.flight, m.launch_time));
    flight_json.erase("samples");
    flight_json["trajectory_csv"] = m.Id() + ".csv";
    flight_json["trajectory_json"] = m.Id() + ".json";
    summary["missiles"].push_back(std::move(flight_json));
  }
  folder.Write("summary.json", summary.dump(2) + "\n");
}

// `trilink run --bus dds`: the nodes as processes (distributed_run.h).
int RunOnDds(const RunArgs& args, const scenario::Scenario& scenario,
             const scenario::ScenarioTruth& truth,
             std::span<const sensors::TruthTrajectory> trajectories,
             std::span<const sensors::Scan> scans,
             const std::optional<node::WarningCentreOptions>& centre_options,
             std::optional<OutputFolder>& out) {
  const std::vector<std::string> partners = scenario::PartnersOf(scenario);
  const bool terminal = isatty(fileno(stderr));
  DistributedRunOptions options{.secured = !args.insecure,
                                .domain = args.domain,
                                .warning = centre_options,
                                .areas_file = scenario.areas_file};
  if (args.pki) options.pki = *args.pki;
  options.progress = [&](size_t step, size_t total) {
    if (terminal) std::fprintf(stderr, "\r[%zu/%zu] feeding the nodes ...\033[K", step, total);
  };
  std::cout << fmt::format(
      "\nnodes: {} as processes on the DDS bus (loopback, domain {}, DDS Security {}), fed in "
      "lockstep\n",
      fmt::join(partners, ", "), args.domain,
      args.insecure ? std::string("off")
                    : "on with " + (args.pki ? "the PKI in " + *args.pki : "a throwaway PKI"));
  std::optional<DistributedRun> run;
  try {
    run.emplace(RunDistributed(scenario, scans, options));
  } catch (...) {
    if (terminal) std::fprintf(stderr, "\r\033[K");
    throw;
  }
  if (terminal) std::fprintf(stderr, "\r\033[K");
  const std::string warning_partner = centre_options ? centre_options->partner : "";
  for (const std::string& partner : partners) {
    const std::filesystem::path file = run->NodeFolder(partner) / "node.json";
    const nlohmann::json node =
        nlohmann::json::parse(ReadInputFile(file.string(), "node summary", 1 << 26));
    const nlohmann::json& counts = node["counts"];
    std::cout << fmt::format(
        "{}: {} scans, {} local track messages sent, {} received ({} refused); {} system "
        "tracks{}\n",
        partner, counts["scans"].get<int64_t>(), counts["tracks_published"].get<int64_t>(),
        counts["tracks_received"].get<int64_t>(), counts["tracks_refused"].get<int64_t>(),
        node["system_tracks"].size(),
        partner == warning_partner
            ? fmt::format(", {} CAP messages", counts["alerts_published"].get<int64_t>())
            : "");
  }
  if (!warning_partner.empty()) {
    const std::filesystem::path report =
        run->NodeFolder(warning_partner) / (args.language == "ja" ? "report.ja.txt" : "report.txt");
    std::cout << "\n" << ReadInputFile(report.string(), "launch report", 1 << 26);
  }
  if (out) {
    OutputFolder& folder = *out;
    WriteScenarioFiles(folder, scenario, truth);
    folder.Write("detections.csv", DetectionsCsv(scenario, scans));
    folder.Write("truth.csv", TruthCsv(scenario, trajectories));
    // Each node's picture under nodes/; the warning node's messages and
    // report at the top, where the in-process run writes them.
    for (const std::string& partner : partners) {
      const std::filesystem::path root = run->NodeFolder(partner);
      for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        const std::string relative = entry.path().lexically_relative(root).string();
        if (relative.front() == '.') continue;  // the output folder's marker
        const bool own = relative == "fused.csv" || relative == "node.json";
        folder.Write(
            own || partner != warning_partner ? "nodes/" + partner + "/" + relative : relative,
            ReadInputFile(entry.path().string(), "node output", 1 << 30));
      }
    }
    folder.Commit();
    std::cout << fmt::format(
        "\nwrote {} trajectories, summary.json, detections.csv, truth.csv, "
        "nodes/ (each node's picture){} to {}\n",
        truth.missiles.size(),
        warning_partner.empty() ? ""
                                : ", the CAP messages (cap/), "
                                  "assessments.json, warnings.json and "
                                  "report.txt/.ja.txt/.json",
        *args.out);
  }
  return 0;
}

int RunRun(const RunArgs& args) {
  // Everything the user gave is checked before the work starts.
  const scenario::Scenario scenario = scenario::LoadScenario(args.scenario);
  int missile_count = 0;
  for (const scenario::LaunchSpec& launch : scenario.launches) missile_count += launch.count;
  CheckSampleInterval(args.samples_s, missile_count, "--samples");
  if (args.bus != "dds" && (args.pki || args.insecure))
    throw InputError(fmt::format("{}: only with --bus dds", args.pki ? "--pki" : "--insecure"));
  if (args.pki && args.insecure) throw InputError("--pki and --insecure: give one, not both");
  if (args.compare_sharing && args.bus == "dds")
    throw InputError("--compare-sharing: runs in-process only (not with --bus dds)");
  std::optional<OutputFolder> out;
  if (args.out) out.emplace(*args.out, "--out");

  // The warning centre runs on its partner's node.
  std::set<std::string> partners;
  for (const sensors::SensorSpec& sensor : scenario.sensors) partners.insert(sensor.owner);
  const std::string warning_partner = args.warning_partner.value_or("JP");
  if (args.warning_partner && !partners.count(warning_partner)) {
    throw InputError(
        fmt::format("--warning-partner '{}': no sensor of {} belongs to it; expected {}",
                    warning_partner, scenario.file,
                    partners.empty() ? "a scenario with sensors"
                                     : fmt::format("one of {}", fmt::join(partners, ", "))));
  }
  const bool warns = partners.count(warning_partner) > 0;
  if (args.compare_sharing && !warns)
    throw InputError(
        fmt::format("--compare-sharing: needs a warning centre, and no sensor of {} "
                    "belongs to '{}' (--warning-partner)",
                    scenario.file, warning_partner));
  if (!warns && (args.warning_country || args.warning_country_name)) {
    throw InputError(fmt::format(
        "--warning-country{}: there is no warning centre (no sensor of partner '{}'); expected "
        "--warning-partner with one of the scenario's partners{}",
        args.warning_country ? "" : "-name", warning_partner,
        partners.empty() ? "" : fmt::format(" ({})", fmt::join(partners, ", "))));
  }
  std::optional<geo::AreaSet> areas;
  std::optional<geo::Places> places;
  std::optional<node::WarningCentreOptions> centre_options;
  if (warns) {
    areas = geo::LoadAreas(geo::DefaultAreasPath());
    if (scenario.areas_file) areas->Append(geo::LoadAreas(*scenario.areas_file));
    const std::string country = args.warning_country.value_or("JPN");
    std::set<std::string> countries;
    for (size_t i = 0; i < areas->size(); ++i) countries.insert(areas->area(i).country);
    countries.erase("");
    if (!countries.count(country)) {
      throw InputError(fmt::format(
          "--warning-country '{}': no area of that country in {}{}; expected an ISO 3166-1 "
          "alpha-3 code of theirs: {}",
          country, geo::DefaultAreasPath().string(),
          scenario.areas_file ? " or " + *scenario.areas_file : "", fmt::join(countries, ", ")));
    }
    places = geo::Places::Load(geo::DefaultPlacesPath());
    centre_options.emplace();
    centre_options->partner = warning_partner;
    centre_options->country = country;
    centre_options->country_name = args.warning_country_name.value_or("Japan");
    if (const std::string problem = TextProblem(centre_options->country_name);
        centre_options->country_name.empty() || !problem.empty()) {
      throw InputError(fmt::format(
          "--warning-country-name: got '{}'{}; expected the country's "
          "name as printable text",
          Printable(centre_options->country_name), problem.empty() ? "" : ", with " + problem));
    }
    centre_options->policy.run_id = fmt::format("seed{}", scenario.seed);
  }

  const bool terminal = isatty(fileno(stderr));
  scenario::RunOptions options;
  options.sample_interval_s = args.samples_s;
  options.progress = [&](size_t index, size_t total, const std::string& id) {
    if (terminal)
      std::fprintf(stderr, "\r[%zu/%zu] reconstructing %s ...\033[K", index + 1, total, id.c_str());
  };
  scenario::ScenarioTruth truth;
  try {
    truth = scenario::RunScenario(scenario, options);
  } catch (...) {
    if (terminal) std::fprintf(stderr, "\r\033[K");
    throw;
  }
  if (terminal) std::fprintf(stderr, "\r\033[K");

  std::cout << fmt::format("scenario  {} ({}), epoch {}, seed {}\n", scenario.name, scenario.file,
                           scenario.epoch.ToIso8601(), scenario.seed);
  std::cout << fmt::format("{} missile{}\n\n", truth.missiles.size(),
                           truth.missiles.size() == 1 ? "" : "s");
  std::cout << fmt::format("{:<12} {:<20} {:<16} {:>9} {:>9} {:>8} {:>8}  {}\n", "missile",
                           "launch (UTC)", "profile", "range km", "apogee km", "time s", "max m/s",
                           "impact");
  for (const scenario::MissileTruth& m : truth.missiles) {
    const flight::FlightResult& f = m.reconstruction.flight;
    std::cout << fmt::format("{:<12} {:<20} {:<16} {:>9.1f} {:>9.1f} {:>8.1f} {:>8.0f}  {}\n",
                             m.Id(), m.launch_time.ToIso8601(),
                             flight::ProfileName(m.reconstruction.profile), MToKm(f.range_m),
                             MToKm(f.apogee_height_m), f.flight_time_s, f.max_speed_m_s,
                             FormatLatLon(f.impact.latitude_deg(), f.impact.longitude_deg()));
  }

  // Sensors and the partners' trackers.
  const std::vector<sensors::TruthTrajectory> trajectories = scenario::SensorTruth(truth);
  if (terminal) std::fprintf(stderr, "\rsimulating %zu sensors ...\033[K", scenario.sensors.size());
  const std::vector<sensors::Scan> scans = scenario::SimulateScans(scenario, trajectories);
  if (args.bus == "dds") {
    return RunOnDds(args, scenario, truth, trajectories, scans, centre_options, out);
  }
  scenario::NetworkRunOptions network_options;
  network_options.warning = centre_options;
  scenario::TrackingRunOptions& tracking_options = network_options.tracking;
  tracking_options.progress = [&](size_t index, size_t total) {
    if (terminal && index % 200 == 0)
      std::fprintf(stderr, "\r[%zu/%zu] tracking scans ...\033[K", index + 1, total);
  };
  const scenario::NetworkRun network =
      scenario::RunNetwork(scenario, trajectories, scans, network_options,
                           areas ? &*areas : nullptr, places ? &*places : nullptr);
  const scenario::TrackingRun& tracking = network.tracking;
  const node::WarningCentre* centre =
      network.warning_node() ? network.warning_node()->warning_centre() : nullptr;
  std::vector<report::LaunchReport> reports;
  if (centre) {
    for (const assess::LaunchFindings& findings : centre->findings())
      reports.push_back(report::BuildLaunchReport(findings, *places));
  }
  if (terminal) std::fprintf(stderr, "\r\033[K");
  const std::string filter_name(
      tracking::BallisticFilterKindName(tracking_options.tracker.filter.kind));
  if (!scenario.sensors.empty()) {
    std::cout << "\n" << TrackingText(trajectories, tracking, filter_name);
    std::cout << "\n" << FusionText(network);
    const node::Node& scored =
        network.warning_node() ? *network.warning_node() : *network.nodes().front();
    std::cout << scenario::FusionScoresText(scenario::ScoreFusion(network, scored, trajectories));
  }
  std::optional<scenario::WarningScores> scores;
  if (centre) {
    scores = scenario::ScoreWarnings(*centre, *areas, trajectories);
    std::cout << "\n" << WarningTimelineText(*centre, warning_partner);
    for (const report::LaunchReport& launch_report : reports)
      std::cout << "\n"
                << report::ReportText(launch_report, *report::ParseReportLanguage(args.language));
    std::cout << "\n" << scenario::WarningScoresText(*scores);
    if (args.compare_sharing) {
      if (terminal) std::fprintf(stderr, "\rrunning each partner alone ...\033[K");
      const std::vector<scenario::SharingCase> cases =
          scenario::CompareSharing(scenario, trajectories, scans, network_options, *areas, *places);
      if (terminal) std::fprintf(stderr, "\r\033[K");
      std::cout << "\n" << scenario::SharingComparisonText(cases, trajectories);
    }
  } else if (!scenario.sensors.empty()) {
    std::cout << fmt::format("\nno warning centre: no sensor of partner '{}' (--warning-partner)\n",
                             warning_partner);
  }

  if (args.out) {
    {
      OutputFolder& folder = *out;
      if (!scenario.sensors.empty()) {
        folder.Write("tracking.json",
                     TrackingJson(scenario, trajectories, tracking, filter_name).dump(2) + "\n");
        folder.Write("detections.csv", DetectionsCsv(scenario, scans));
        folder.Write("truth.csv", TruthCsv(scenario, trajectories));
        folder.Write("tracks.csv", TrackUpdatesCsv(scenario, tracking));
      }
      if (centre) {
        WriteWarningFiles(folder, *centre, reports);
        folder.Write("scores.json", WarningScoresJson(*scores).dump(2) + "\n");
      }
      WriteScenarioFiles(folder, scenario, truth);
      for (size_t i = 0; i < network.nodes().size(); ++i) {
        const node::Node& node = *network.nodes()[i];
        WriteNodeFiles(folder, "nodes/" + node.options().partner + "/", node, network.fused[i]);
      }
      folder.Commit();
    }
    std::cout << fmt::format(
        "\nwrote {} trajectories, summary.json{}{} to {}\n", truth.missiles.size(),
        scenario.sensors.empty() ? "" : ", tracking.json, detections.csv, truth.csv and tracks.csv",
        centre ? fmt::format(", {}assessments.json, warnings.json, scores.json and "
                             "report.txt/.ja.txt/.json",
                             centre->alerts().empty()
                                 ? std::string()
                                 : fmt::format("{} CAP message{} (cap/), ", centre->alerts().size(),
                                               centre->alerts().size() == 1 ? "" : "s"))
               : "",
        *args.out);
  }
  return 0;
}

}  // namespace
}  // namespace trilink::app

int main(int argc, char** argv) {
  using namespace trilink::app;
  CLI::App app{
      "trilink: missile early warning — launch reconstruction, flight physics, sensors and "
      "tracking"};
  app.require_subcommand(1);
  TrajectoryArgs trajectory_args;
  RunArgs run_args;
  AddTrajectoryCommand(app, trajectory_args);
  AddRunCommand(app, run_args);
  TrackArgs track_args;
  AddTrackCommand(app, track_args);
  ReferenceBenchmarkArgs reference_args;
  AddReferenceBenchmarkCommand(app, reference_args);
  AssessArgs assess_args;
  AddAssessCommand(app, assess_args);
  PkiArgs pki_args;
  CLI::App* pki = AddPkiCommand(app, pki_args);
  NodeArgs node_args;
  AddNodeCommand(app, node_args);
  FeedArgs feed_args;
  AddFeedCommand(app, feed_args);
  // An unknown first word is a command the user thinks exists: name it
  // (CLI11 would only say that a subcommand is required).
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands({})) names.push_back(command->get_name());
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      std::cerr << fmt::format(
          "trilink: error: unknown command '{}'; expected one of {} (see "
          "trilink --help)\n",
          trilink::Printable(argv[1]), fmt::join(names, ", "));
      return kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitBadInput;
  }
  try {
    if (app.got_subcommand("trajectory")) return RunTrajectory(trajectory_args);
    if (app.got_subcommand("track")) return RunTrack(track_args);
    if (app.got_subcommand("reference-benchmark")) return RunReferenceBenchmark(reference_args);
    if (app.got_subcommand("assess")) return RunAssess(assess_args);
    if (pki->got_subcommand("init")) return RunPkiInit(pki_args);
    if (app.got_subcommand("node")) return RunNode(node_args);
    if (app.got_subcommand("feed")) return RunFeed(feed_args);
    return RunRun(run_args);
  } catch (const trilink::InputError& e) {
    std::cerr << "trilink: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const Unmatched& e) {
    std::cerr << "trilink: cannot match the reported figures: " << e.what() << "\n";
    return kExitUnmatched;
  } catch (const std::exception& e) {
    std::cerr << "trilink: error: " << e.what() << "\n";
    return kExitBadInput;
  }
}
