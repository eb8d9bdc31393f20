#include "node_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "node_output.h"
#include "output_folder.h"
#include "trilink/bus/dds_feed.h"
#include "trilink/bus/lockstep_bus.h"
#include "trilink/core/error.h"
#include "trilink/core/input_file.h"
#include "trilink/geo/areas.h"
#include "trilink/geo/places.h"
#include "trilink/scenario/toml_reader.h"
#include "warning_output.h"

namespace trilink::app {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxConfigBytes = 1 << 20;
constexpr std::string_view kRootKeys[] = {"partner",        "partners",       "feeder", "out",
                                          "startup_wait_s", "step_timeout_s", "dds",    "warning"};
constexpr std::string_view kDdsKeys[] = {"domain", "tag", "pki", "security", "loopback", "peers"};
constexpr std::string_view kWarningKeys[] = {"country", "country_name", "run_id", "areas"};
constexpr std::string_view kPartnerExpected = "1 to 16 letters, digits, '-' or '_'";

bool IsPartnerId(const std::string& id) {
  return !id.empty() && id.size() <= 16 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

}  // namespace

bus::DdsOptions NetworkOptions(uint32_t domain, const std::string& tag, bool loopback,
                               const std::vector<std::string>& peers,
                               const std::optional<fs::path>& pki, const std::string& identity,
                               const std::vector<std::string>& partners) {
  bus::DdsOptions options{.domain_id = domain,
                          .discovery_tag = tag,
                          .loopback = loopback,
                          .peers = peers,
                          .partners = partners};
  if (pki) {
    options.security = bus::SecurityFromPki(*pki, identity);
    for (const std::string* file :
         {&options.security->identity_ca, &options.security->certificate,
          &options.security->private_key, &options.security->permissions_ca,
          &options.security->governance, &options.security->permissions}) {
      std::error_code error;
      if (!fs::is_regular_file(*file, error))
        throw InputError(
            fmt::format("{}: not found (the PKI folder {} has no files for '{}'; made "
                        "by trilink pki init?)",
                        *file, pki->string(), identity));
    }
  }
  return options;
}

NodeConfig LoadNodeConfig(const std::string& path) {
  const std::string text = ReadInputFile(path, "node configuration", kMaxConfigBytes);
  toml::table root;
  try {
    root = toml::parse(StripByteOrderMark(text), std::string_view(path));
  } catch (const toml::parse_error& error) {
    const toml::source_position at = error.source().begin;
    throw InputError(
        fmt::format("{}:{}:{}: invalid TOML: {}", path, at.line, at.column, error.description()));
  }
  const scenario::TomlReader reader(path);
  reader.RejectUnknown(root, "", kRootKeys);
  const fs::path folder = fs::absolute(fs::path(path)).parent_path();
  auto path_of = [&](const toml::node& node, std::string_view field) {
    return (folder / reader.NonEmptyString(node, field)).lexically_normal();
  };
  auto partner_id = [&](const toml::node& node, std::string_view field) {
    const auto* value = node.as_string();
    if (value == nullptr || !IsPartnerId(value->get()))
      reader.FailValue(node, field, kPartnerExpected);
    return value->get();
  };

  NodeConfig config;
  config.file = path;
  config.partner = partner_id(reader.Require(root, "", "partner", kPartnerExpected), "partner");
  const toml::node& partners = reader.Require(root, "", "partners", "an array of partner ids");
  const toml::array* list = partners.as_array();
  if (list == nullptr) reader.FailValue(partners, "partners", "an array of partner ids");
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string field = fmt::format("partners[{}]", i);
    std::string id = partner_id(*list->get(i), field);
    if (id == config.partner)
      reader.Fail(*list->get(i), field, "is the node's own partner id", "its partners' ids");
    if (std::find(config.partners.begin(), config.partners.end(), id) != config.partners.end())
      reader.Fail(*list->get(i), field, "given twice", "each partner once");
    config.partners.push_back(std::move(id));
  }
  if (const toml::node* node = root.get("feeder")) {
    config.feeder = partner_id(*node, "feeder");
    if (config.feeder == config.partner || std::find(config.partners.begin(), config.partners.end(),
                                                     config.feeder) != config.partners.end())
      reader.Fail(*node, "feeder", "is a partner's id", "the feeder's own id");
  }
  if (const toml::node* node = root.get("out")) config.out = path_of(*node, "out");
  constexpr std::string_view kSeconds = "seconds in (0, 3600]";
  auto seconds = [&](double x) { return x > 0.0 && x <= 3600.0; };
  if (const toml::node* node = root.get("startup_wait_s"))
    config.startup_wait_s = reader.Number(*node, "startup_wait_s", kSeconds, seconds);
  if (const toml::node* node = root.get("step_timeout_s"))
    config.step_timeout_s = reader.Number(*node, "step_timeout_s", kSeconds, seconds);

  const toml::node& dds_node = reader.Require(root, "", "dds", "a [dds] table");
  const toml::table* dds = dds_node.as_table();
  if (dds == nullptr) reader.FailValue(dds_node, "dds", "a [dds] table");
  reader.RejectUnknown(*dds, "dds", kDdsKeys);
  if (const toml::node* node = dds->get("domain"))
    config.domain = static_cast<uint32_t>(
        reader.Integer(*node, "dds.domain", "an integer in [0, 229]", 0, 229));
  if (const toml::node* node = dds->get("tag")) {
    const auto* tag = node->as_string();
    if (tag == nullptr || tag->get().size() > 64 ||
        !std::all_of(tag->get().begin(), tag->get().end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
        }))
      reader.FailValue(*node, "dds.tag", "up to 64 letters, digits, '-', '_' or '.'");
    config.tag = tag->get();
  }
  bool security = true;
  if (const toml::node* node = dds->get("security")) {
    if (!node->is_boolean()) reader.FailValue(*node, "dds.security", "true or false");
    security = node->as_boolean()->get();
  }
  const toml::node* pki = dds->get("pki");
  if (security && pki == nullptr)
    reader.Fail(dds_node, "dds.pki", "missing",
                "the folder `trilink pki init` made (or security = false for an unsecured test "
                "network)");
  if (!security && pki != nullptr)
    reader.Fail(*pki, "dds.pki", "given with security = false", "one of the two");
  if (pki) config.pki = path_of(*pki, "dds.pki");
  if (const toml::node* node = dds->get("loopback")) {
    if (!node->is_boolean()) reader.FailValue(*node, "dds.loopback", "true or false");
    config.loopback = node->as_boolean()->get();
  }
  if (const toml::node* node = dds->get("peers")) {
    const toml::array* peers = node->as_array();
    if (peers == nullptr) reader.FailValue(*node, "dds.peers", "an array of addresses");
    for (size_t i = 0; i < peers->size(); ++i) {
      const std::string field = fmt::format("dds.peers[{}]", i);
      std::string peer = reader.NonEmptyString(*peers->get(i), field);
      if (peer.find_first_of("<>&\"' ") != std::string::npos)
        reader.FailValue(*peers->get(i), field, "a host name or address");
      config.peers.push_back(std::move(peer));
    }
  }

  if (const toml::node* node = root.get("warning")) {
    const toml::table* warning = node->as_table();
    if (warning == nullptr) reader.FailValue(*node, "warning", "a [warning] table");
    reader.RejectUnknown(*warning, "warning", kWarningKeys);
    NodeConfig::Warning& w = config.warning.emplace();
    const toml::node& country =
        reader.Require(*warning, "warning", "country", "an ISO 3166-1 alpha-3 code");
    w.country = reader.NonEmptyString(country, "warning.country");
    w.country_name = reader.NonEmptyString(
        reader.Require(*warning, "warning", "country_name", "the country's name"),
        "warning.country_name");
    w.run_id = config.partner;
    if (const toml::node* id = warning->get("run_id"))
      w.run_id = reader.Identifier(*id, "warning.run_id");
    if (const toml::node* areas = warning->get("areas")) w.areas = path_of(*areas, "warning.areas");
  }
  return config;
}

std::string NodeConfigToml(const NodeConfig& c) {
  auto quoted = [](const std::string& text) { return scenario::Quote(text); };
  std::vector<std::string> partners, peers;
  for (const std::string& p : c.partners) partners.push_back(quoted(p));
  for (const std::string& p : c.peers) peers.push_back(quoted(p));
  std::string text = fmt::format(
      "partner = {}\npartners = [{}]\nfeeder = {}\n{}startup_wait_s = {}\nstep_timeout_s = {}\n\n"
      "[dds]\ndomain = {}\ntag = {}\n{}loopback = {}\npeers = [{}]\n",
      quoted(c.partner), fmt::join(partners, ", "), quoted(c.feeder),
      c.out ? fmt::format("out = {}\n", quoted(c.out->string())) : "",
      scenario::FormatFloat(c.startup_wait_s), scenario::FormatFloat(c.step_timeout_s), c.domain,
      quoted(c.tag),
      c.pki ? fmt::format("pki = {}\n", quoted(c.pki->string())) : "security = false\n", c.loopback,
      fmt::join(peers, ", "));
  if (c.warning) {
    text += fmt::format("\n[warning]\ncountry = {}\ncountry_name = {}\nrun_id = {}\n",
                        quoted(c.warning->country), quoted(c.warning->country_name),
                        quoted(c.warning->run_id));
    if (c.warning->areas) text += fmt::format("areas = {}\n", quoted(c.warning->areas->string()));
  }
  return text;
}

void AddNodeCommand(CLI::App& app, NodeArgs& args) {
  CLI::App* command = app.add_subcommand(
      "node",
      "Run one partner's node on the DDS bus: its tracker takes its own sensors' scans (from\n"
      "`trilink feed`), its local tracks go to the partners, the partners' come in and are\n"
      "fused into system tracks; with a [warning] table the node assesses them, warns with\n"
      "CAP 1.2 messages and writes the launch report. It runs until the feed stops it, then\n"
      "writes into `out`: fused.csv and node.json (its picture), and with a warning centre\n"
      "cap/, assessments.json, warnings.json and report.txt/.json. DDS Security is on unless\n"
      "the configuration says security = false. See src/app/node_command.h or README for\n"
      "NODE.toml.");
  command->add_option("--config", args.config, "The node's configuration (TOML)")->required();
}

namespace {

// One step's work, in step order: scans before the tick of their step.
struct Pending {
  std::map<uint64_t, bus::FeedScan> scans;
  std::map<uint64_t, bus::FeedTick> ticks;
};

}  // namespace

int RunNode(const NodeArgs& args) {
  const NodeConfig config = LoadNodeConfig(args.config);
  std::optional<OutputFolder> out;
  if (config.out) out.emplace(config.out->string(), args.config + ": out");
  std::optional<geo::AreaSet> areas;
  std::optional<geo::Places> places;
  node::NodeOptions options{.partner = config.partner, .partners = config.partners};
  // A new incarnation at every start: partners learn that the track
  // numbers began again.
  options.incarnation =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count());
  if (config.warning) {
    areas = geo::LoadAreas(geo::DefaultAreasPath());
    if (config.warning->areas) areas->Append(geo::LoadAreas(config.warning->areas->string()));
    places = geo::Places::Load(geo::DefaultPlacesPath());
    std::set<std::string> countries;
    for (size_t i = 0; i < areas->size(); ++i) countries.insert(areas->area(i).country);
    if (!countries.count(config.warning->country))
      throw InputError(fmt::format("{}: warning.country '{}': no area of that country", args.config,
                                   config.warning->country));
    node::WarningCentreOptions& w = options.warning.emplace();
    w.partner = config.partner;
    w.country = config.warning->country;
    w.country_name = config.warning->country_name;
    w.policy.run_id = config.warning->run_id;
  }

  const bool terminal = isatty(fileno(stderr));
  auto say = [&](const std::string& line) {
    std::cerr << "node " << config.partner << ": " << line << "\n";
  };
  const bus::DdsOptions bus_options =
      NetworkOptions(config.domain, config.tag, config.loopback, config.peers, config.pki,
                     config.partner, config.partners);
  bus::DdsBus dds(config.partner, bus_options);
  bus::DdsOptions feed_options = bus_options;
  feed_options.partners.clear();
  const std::unique_ptr<bus::DdsFeed> feed =
      bus::DdsFeed::ForNode(config.partner, config.feeder, feed_options);
  bus::LockstepBus bus(dds);
  node::Node node(options, bus, areas ? &*areas : nullptr, places ? &*places : nullptr);
  std::vector<scenario::FusedUpdate> fused;
  node.OnFused(
      [&](const fusion::SystemTrack& track) { fused.push_back(scenario::FusedUpdateOf(track)); });

  const int partners = static_cast<int>(config.partners.size());
  say(fmt::format(
      "joined DDS domain {} (tag '{}', security {}); waiting for {}", config.domain, config.tag,
      config.pki ? "on" : "off",
      partners == 0 ? "the feed" : fmt::format("partners {}", fmt::join(config.partners, ", "))));
  if (!dds.WaitForMatches(partners, partners, config.startup_wait_s))
    say(fmt::format("not every partner answered within {} s; going on", config.startup_wait_s));
  feed->Send(bus::FeedAck{.partner = config.partner,
                          .kind = bus::FeedAck::Kind::kReady,
                          .incarnation = options.incarnation});

  Pending pending;
  uint64_t last_step = 0;
  int64_t late_steps = 0;
  bool stopped = false, finished = false;
  while (!stopped) {
    bus::FeedInput input = feed->Take(0.5);
    for (bus::FeedScan& scan : input.scans) pending.scans.emplace(scan.step, std::move(scan));
    for (bus::FeedTick& tick : input.ticks) pending.ticks.emplace(tick.step, std::move(tick));
    // Work through the steps in order: a scan, then a tick once its
    // step's own scan (if this node's) was processed.
    for (;;) {
      const bool scan_first =
          !pending.scans.empty() &&
          (pending.ticks.empty() || pending.scans.begin()->first <= pending.ticks.begin()->first);
      if (scan_first) {
        bus::FeedScan scan = std::move(pending.scans.begin()->second);
        pending.scans.erase(pending.scans.begin());
        node.OnScan(scan.scan);
        feed->Send(bus::FeedAck{.partner = config.partner,
                                .step = scan.step,
                                .kind = bus::FeedAck::Kind::kStep,
                                .incarnation = options.incarnation,
                                .published = bus.TakePublished()});
        last_step = std::max(last_step, scan.step);
        continue;
      }
      if (pending.ticks.empty()) break;
      const bus::FeedTick tick = pending.ticks.begin()->second;
      // This node's scan of the step has not arrived yet: wait for it,
      // unless later steps have (a node that joined a paced run late
      // missed it; a lockstep feeder never sends a later step first).
      const bool later = pending.ticks.size() > 1 || !pending.scans.empty();
      if (tick.kind == bus::FeedTick::Kind::kStep && tick.publisher == config.partner &&
          last_step < tick.step && !later)
        break;
      pending.ticks.erase(pending.ticks.begin());
      if (tick.kind == bus::FeedTick::Kind::kStop) {
        stopped = true;
        break;
      }
      if (tick.kind == bus::FeedTick::Kind::kFinish) {
        node.Finish(tick.time);
        finished = true;
        if (out) {
          WriteNodeFiles(*out, "", node, fused);
          if (const node::WarningCentre* centre = node.warning_centre()) {
            std::vector<report::LaunchReport> reports;
            for (const assess::LaunchFindings& findings : centre->findings())
              reports.push_back(report::BuildLaunchReport(findings, *places));
            WriteWarningFiles(*out, *centre, reports);
          }
          out->Commit();
          out.reset();
        }
        feed->Send(bus::FeedAck{.partner = config.partner,
                                .step = tick.step,
                                .kind = bus::FeedAck::Kind::kFinished,
                                .incarnation = options.incarnation});
        say(
            fmt::format("finished at {}: {} scans, {} tracks published, {} received ({} refused), "
                        "{} system tracks, {} alerts{}",
                        tick.time.ToIso8601(), node.counts().scans, node.counts().tracks_published,
                        node.counts().tracks_received, node.counts().tracks_refused,
                        node.fusion().tracks().size(), node.counts().alerts_published,
                        config.out ? "; wrote " + config.out->string() : ""));
        continue;
      }
      // A step: wait for the tracks its publisher (if another) sent, then
      // poll at its time.
      const auto deadline =
          std::chrono::steady_clock::now() + std::chrono::duration<double>(config.step_timeout_s);
      bus.Hold();
      while (tick.publisher != config.partner && !bus.Holds(tick.publisher, tick.expected)) {
        if (std::chrono::steady_clock::now() > deadline) {
          ++late_steps;
          say(fmt::format("step {}: {}'s tracks did not all arrive within {} s; going on",
                          tick.step, tick.publisher, config.step_timeout_s));
          break;
        }
        dds.Wait(0.05);
        bus.Hold();
      }
      bus.Expect(tick.publisher, tick.expected);
      node.Poll(tick.time);
      feed->Send(bus::FeedAck{.partner = config.partner,
                              .step = tick.step,
                              .kind = bus::FeedAck::Kind::kStep,
                              .after_tick = true,
                              .incarnation = options.incarnation});
      last_step = std::max(last_step, tick.step);
      if (terminal && tick.step % 500 == 0)
        std::fprintf(stderr, "\rnode %s: step %llu at %s\033[K", config.partner.c_str(),
                     static_cast<unsigned long long>(tick.step), tick.time.ToIso8601().c_str());
    }
  }
  if (terminal) std::fprintf(stderr, "\r\033[K");
  if (dds.malformed() > 0 || feed->malformed() > 0 || late_steps > 0)
    say(fmt::format("{} malformed messages refused, {} malformed feed samples, {} late steps",
                    dds.malformed(), feed->malformed(), late_steps));
  if (!finished) throw InputError("node " + config.partner + ": stopped before the feed finished");
  return 0;
}

}  // namespace trilink::app
