#include "trilink/scenario/sharing_comparison.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "trilink/core/error.h"

namespace trilink::scenario {
namespace {

SharingCase RunCase(const std::string& name, const std::vector<std::string>& partners,
                    const Scenario& scenario, std::span<const sensors::TruthTrajectory> truth,
                    std::span<const sensors::Scan> scans, NetworkRunOptions options,
                    const geo::AreaSet& areas, const geo::Places& places) {
  auto included = [&](int sensor) {
    const std::string& owner = scenario.sensors[static_cast<size_t>(sensor)].owner;
    return std::find(partners.begin(), partners.end(), owner) != partners.end();
  };
  std::vector<sensors::Scan> own;
  for (const sensors::Scan& scan : scans)
    if (included(scan.sensor_index)) own.push_back(scan);
  const NetworkRun run = RunNetwork(scenario, truth, own, options, &areas, &places);
  const node::WarningCentre& centre = *run.warning_node()->warning_centre();
  SharingCase result{.name = name, .partners = partners};
  result.first_track_s.resize(truth.size());
  for (const PartnerTracking& partner : run.tracking.partners) {
    if (std::find(partners.begin(), partners.end(), partner.partner) == partners.end()) continue;
    for (size_t m = 0; m < truth.size(); ++m) {
      const std::optional<double>& t = partner.missiles[m].first_track_s;
      std::optional<double>& best = result.first_track_s[m];
      if (t && (!best || *t < *best)) best = t;
    }
  }
  result.scores = ScoreWarnings(centre, areas, truth);
  for (const assess::LaunchFindings& findings : centre.findings()) {
    ++result.events_reported;
    result.missiles_reported += static_cast<int>(findings.missiles.size());
  }
  return result;
}

}  // namespace

std::vector<SharingCase> CompareSharing(const Scenario& scenario,
                                        std::span<const sensors::TruthTrajectory> truth,
                                        std::span<const sensors::Scan> scans,
                                        const NetworkRunOptions& options, const geo::AreaSet& areas,
                                        const geo::Places& places) {
  if (!options.warning) throw InputError("CompareSharing: a warning centre is needed");
  const std::vector<std::string> partners = PartnersOf(scenario);
  std::vector<SharingCase> cases;
  for (const std::string& partner : partners) {
    // A separate variable: GCC 12 warns falsely on a temporary holding
    // the options' std::function members.
    NetworkRunOptions alone = options;
    alone.warning->partner = partner;
    cases.push_back(
        RunCase(partner + " alone", {partner}, scenario, truth, scans, alone, areas, places));
  }
  cases.push_back(RunCase("all sharing", partners, scenario, truth, scans, options, areas, places));
  return cases;
}

std::string SharingComparisonText(std::span<const SharingCase> cases,
                                  std::span<const sensors::TruthTrajectory> truth) {
  std::string text =
      "value of sharing: each partner alone (its own sensors only, the warning centre on its "
      "node) and all sharing\n";
  auto row = [&](const std::string& label, auto&& cell) {
    text += fmt::format("{:<44}", label);
    for (const SharingCase& c : cases) text += fmt::format(" {:>12}", cell(c));
    text += "\n";
  };
  auto seconds = [](const std::optional<double>& s) {
    return s ? fmt::format("{:.0f}", *s) : std::string("-");
  };
  row("", [](const SharingCase& c) { return c.name; });
  row(fmt::format("missiles reported ({} launched)", truth.size()),
      [](const SharingCase& c) { return std::to_string(c.missiles_reported); });
  row("launch events reported",
      [](const SharingCase& c) { return std::to_string(c.events_reported); });
  for (size_t m = 0; m < truth.size(); ++m) {
    row(fmt::format("first track {} (s after launch)", truth[m].id),
        [&](const SharingCase& c) { return seconds(c.first_track_s[m]); });
  }
  std::set<std::string> first_missiles;
  for (const SharingCase& c : cases)
    for (const WarningScores::Event& e : c.scores.events) first_missiles.insert(e.first_missile);
  for (const sensors::TruthTrajectory& missile : truth) {
    if (!first_missiles.count(missile.id)) continue;
    row(fmt::format("first warning, launch of {} (s)", missile.id), [&](const SharingCase& c) {
      std::optional<double> first;
      for (const WarningScores::Event& e : c.scores.events) {
        if (e.first_missile == missile.id && e.first_warning_after_s &&
            (!first || *e.first_warning_after_s < *first))
          first = e.first_warning_after_s;
      }
      return seconds(first);
    });
  }
  for (const TimeToImpactBin& bin : kTimeToImpactBins) {
    row(fmt::format("median impact error, {} to impact (km)", bin.name), [&](const SharingCase& c) {
      const std::optional<double> error = c.scores.MedianImpactError(bin.low_s, bin.high_s);
      return error ? fmt::format("{:.1f}", *error / 1000.0) : std::string("-");
    });
  }
  row("areas warned, never threatened",
      [](const SharingCase& c) { return std::to_string(c.scores.false_areas()); });
  row("areas threatened, not warned in time",
      [](const SharingCase& c) { return std::to_string(c.scores.missed_areas()); });
  return text;
}

}  // namespace trilink::scenario
