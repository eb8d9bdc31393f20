#include "feed_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <thread>

#include "cli_checks.h"
#include "node_command.h"
#include "trilink/core/error.h"
#include "trilink/node/node.h"
#include "trilink/scenario/runner.h"
#include "trilink/scenario/tracking_run.h"

namespace trilink::app {
namespace {

using Clock = std::chrono::steady_clock;

// The latest answer of each node, and who restarted.
class Answers {
 public:
  Answers(bus::DdsFeed& feed, const std::vector<std::string>& partners)
      : feed_(feed), partners_(partners) {}

  // Takes acks until `done(latest)` holds for every partner in `who` (all
  // if empty), or throws naming the first that has not answered.
  template <typename Done>
  void Await(const std::vector<std::string>& who, double timeout_s, const std::string& what,
             Done done) {
    const std::vector<std::string>& names = who.empty() ? partners_ : who;
    const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
    for (;;) {
      const auto missing = std::find_if(names.begin(), names.end(), [&](const std::string& p) {
        const auto it = latest_.find(p);
        return it == latest_.end() || !done(it->second);
      });
      if (missing == names.end()) return;
      if (Clock::now() > deadline)
        throw InputError(
            fmt::format("feed: node {} did not answer {} within {} s", *missing, what, timeout_s));
      Take(0.05);
    }
  }
  void Take(double timeout_s) {
    for (bus::FeedAck& ack : feed_.Take(timeout_s).acks) {
      auto [it, inserted] = latest_.try_emplace(ack.partner, ack);
      if (!inserted) {
        if (ack.incarnation != it->second.incarnation) restarts_.push_back(ack.partner);
        it->second = std::move(ack);
      }
    }
  }
  const bus::FeedAck* latest(const std::string& partner) const {
    const auto it = latest_.find(partner);
    return it == latest_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> restarts() const { return restarts_; }

 private:
  bus::DdsFeed& feed_;
  const std::vector<std::string>& partners_;
  std::map<std::string, bus::FeedAck> latest_;
  std::vector<std::string> restarts_;
};

}  // namespace

FeedLoopResult RunFeedLoop(bus::DdsFeed& feed, const scenario::Scenario& scenario,
                           std::span<const sensors::Scan> scans,
                           const std::vector<std::string>& partners,
                           const FeedLoopOptions& options) {
  Answers answers(feed, partners);
  answers.Await({}, options.ready_wait_s,
                "that it is ready (is it running, on the same DDS domain and tag, with the same "
                "PKI?)",
                [](const bus::FeedAck&) { return true; });
  // Scans and ticks are not kept for late readers: every node must be
  // matched before the first is sent.
  const auto deadline = Clock::now() + std::chrono::duration<double>(options.ready_wait_s);
  while (feed.matched() < static_cast<int>(partners.size())) {
    if (Clock::now() > deadline)
      throw InputError(fmt::format("feed: only {} of {} nodes read the feed after {} s",
                                   feed.matched(), partners.size(), options.ready_wait_s));
    answers.Take(0.01);
  }

  FeedLoopResult result;
  const auto start = Clock::now();
  uint64_t step = 0;
  for (const sensors::Scan& scan : scans) {
    ++step;
    const std::string& owner = scenario.sensors[static_cast<size_t>(scan.sensor_index)].owner;
    if (!options.lockstep) {
      const double at_s = (scan.report_time - scenario.epoch).seconds() / options.speed;
      std::this_thread::sleep_until(
          start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(at_s)));
    }
    feed.Send(owner, bus::FeedScan{.step = step, .scan = node::TrackerScan(scan)});
    bus::FeedTick tick{.step = step, .time = scan.report_time, .publisher = owner};
    if (options.lockstep) {
      answers.Await({owner}, options.step_timeout_s, fmt::format("scan {}", step),
                    [&](const bus::FeedAck& a) { return a.step == step && !a.after_tick; });
      tick.expected = answers.latest(owner)->published;
    }
    feed.Send(tick);
    if (options.lockstep) {
      answers.Await({}, options.step_timeout_s, fmt::format("step {}", step),
                    [&](const bus::FeedAck& a) { return a.step == step && a.after_tick; });
    } else {
      answers.Take(0.0);
    }
    if (options.progress && step % 100 == 0) options.progress(step, scans.size());
  }
  const UtcTime end = scenario.epoch + Duration::Seconds(scenario.duration_s);
  ++step;
  feed.Send(bus::FeedTick{.step = step, .kind = bus::FeedTick::Kind::kFinish, .time = end});
  answers.Await({}, options.step_timeout_s, "the finish",
                [&](const bus::FeedAck& a) { return a.kind == bus::FeedAck::Kind::kFinished; });
  feed.Send(bus::FeedTick{.step = step + 1, .kind = bus::FeedTick::Kind::kStop, .time = end});
  result.steps = scans.size();
  result.restarts = answers.restarts();
  return result;
}

void AddFeedCommand(CLI::App& app, FeedArgs& args) {
  CLI::App* command = app.add_subcommand(
      "feed",
      "Play a scenario's sensor scans to the partners' nodes (`trilink node`) over DDS: each\n"
      "partner's scans go to its own node only, and every node polls at each scan's time,\n"
      "the one simulated clock they share. --lockstep waits for every node at every scan\n"
      "(reproducible: the nodes give what `trilink run` gives in one process); --speed X\n"
      "paces the scans by the wall clock, X simulated seconds per second, and waits for no\n"
      "one. At the scenario's end the nodes finish (writing their pictures) and stop.");
  command->add_option("scenario", args.scenario, "Scenario file (TOML, see scenarios/)")
      ->required();
  command->add_option("--pki", args.pki, "The `trilink pki init` folder (DDS Security on)");
  command->add_flag("--insecure", args.insecure, "No DDS Security (an unsecured test network)");
  command->add_option("--speed", args.speed, "Simulated seconds per wall-clock second (> 0)")
      ->check(Within(0.0, 1e6, "", Open::kLow));
  command->add_flag("--lockstep", args.lockstep, "Wait for every node at every scan");
  command->add_option("--domain", args.domain, "DDS domain id")
      ->check(CLI::Range(0, 229))
      ->capture_default_str();
  command->add_option("--tag", args.tag, "DDS discovery tag (the nodes' dds.tag)")
      ->capture_default_str();
  command->add_option("--feeder", args.feeder, "The feeder's id in the PKI")->capture_default_str();
  command->add_option("--wait", args.wait_s, "Seconds to wait for the nodes (and per step)")
      ->check(Within(0.0, 3600.0, "s", Open::kLow))
      ->capture_default_str();
}

int RunFeed(const FeedArgs& args) {
  if (args.pki.has_value() == args.insecure)
    throw InputError("feed: give --pki DIR (DDS Security) or --insecure, one of the two");
  if (args.speed && args.lockstep)
    throw InputError("feed: --speed and --lockstep: give one, not both");
  const scenario::Scenario scenario = scenario::LoadScenario(args.scenario);
  if (scenario.sensors.empty()) throw InputError("feed: " + args.scenario + " has no sensors");
  const std::vector<std::string> partners = scenario::PartnersOf(scenario);
  const scenario::ScenarioTruth truth = scenario::RunScenario(scenario, {});
  const std::vector<sensors::TruthTrajectory> trajectories = scenario::SensorTruth(truth);
  const std::vector<sensors::Scan> scans = scenario::SimulateScans(scenario, trajectories);
  const std::optional<std::filesystem::path> pki =
      args.pki ? std::optional<std::filesystem::path>(*args.pki) : std::nullopt;
  const std::unique_ptr<bus::DdsFeed> feed = bus::DdsFeed::ForFeeder(
      args.feeder, NetworkOptions(args.domain, args.tag, true, {}, pki, args.feeder, partners));
  std::cerr << fmt::format("feed: {} scans of {} sensors for {}; waiting for their nodes ...\n",
                           scans.size(), scenario.sensors.size(), fmt::join(partners, ", "));
  const bool terminal = isatty(fileno(stderr));
  FeedLoopOptions options{.lockstep = args.lockstep,
                          .speed = args.speed.value_or(1.0),
                          .ready_wait_s = args.wait_s,
                          .step_timeout_s = args.wait_s};
  options.progress = [&](size_t step, size_t total) {
    if (terminal) std::fprintf(stderr, "\r[%zu/%zu] feeding scans ...\033[K", step, total);
  };
  const FeedLoopResult result = RunFeedLoop(*feed, scenario, scans, partners, options);
  if (terminal) std::fprintf(stderr, "\r\033[K");
  std::cout << fmt::format("feed: played {} scans to {}; the nodes finished{}\n", result.steps,
                           fmt::join(partners, ", "),
                           result.restarts.empty()
                               ? ""
                               : fmt::format(" (restarted: {})", fmt::join(result.restarts, ", ")));
  return 0;
}

}  // namespace trilink::app
