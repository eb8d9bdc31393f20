#include "trilink/node/node.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "trilink/bus/in_process_bus.h"
#include "trilink/core/error.h"
#include "trilink/core/units.h"
#include "trilink/flight/reconstruct.h"
#include "trilink/sensors/simulate.h"

namespace trilink::node {
namespace {

sensors::SensorSpec Radar(const std::string& name, const std::string& owner, double lat_deg,
                          double lon_deg, double offset_s, double false_alarms) {
  sensors::SensorSpec spec{.name = name, .owner = owner, .type = sensors::SensorType::kRadar};
  spec.revisit_s = 2.0;
  spec.scan_offset_s = offset_s;
  spec.latency_s = 1.0;
  sensors::RadarConfig& config = spec.radar.config;
  config.site = geo::Geodetic::FromDegrees(lat_deg, lon_deg, 100.0);
  config.measures = {true, true, true, true};
  config.range_sigma_m = 30.0;
  config.azimuth_sigma_rad = 2e-3;
  config.elevation_sigma_rad = 2e-3;
  config.range_rate_sigma_m_s = 2.0;
  config.field_of_view.max_range_m = 1.5e6;
  config.field_of_view.elevation_min_rad = DegToRad(-1.0);
  spec.radar.detection = {.reference_range_m = 1e6,
                          .reference_snr_db = 25.0,
                          .target_rcs_m2 = 0.5,
                          .false_alarms_per_scan = false_alarms};
  return spec;
}

// Two 800 km flights from North Korea's east coast, 90 s apart, seen by a
// radar of JP (Sado) and one of KR (east coast).
struct Scene {
  std::vector<sensors::SensorSpec> sensors;
  std::vector<sensors::TruthTrajectory> truth;
  std::vector<sensors::Scan> scans;
};

Scene MakeScene(double false_alarms) {
  Scene scene;
  const UtcTime epoch = UtcTime::Parse("2026-03-10T06:30:00Z");
  for (int m = 0; m < 2; ++m) {
    flight::ReconstructionRequest request;
    request.site = geo::Geodetic::FromDegrees(39.2 + 0.3 * m, 127.5);
    request.azimuth_rad = DegToRad(85.0 - 10.0 * m);
    request.range_m = 800e3;
    request.profile = flight::Profile::kMinimumEnergy;
    const flight::Reconstruction r = flight::Reconstruct(request, {.sample_interval_s = 1.0});
    EXPECT_TRUE(r.ok()) << r.error;
    scene.truth.push_back({.id = "m" + std::to_string(m + 1),
                           .launch_time = epoch + Duration::Seconds(60.0 + 90.0 * m),
                           .burnout_time_s = r.flight.burnout_time_s,
                           .samples = r.flight.samples});
  }
  scene.sensors = {Radar("sado", "JP", 38.05, 138.35, 0.0, false_alarms),
                   Radar("kr-east", "KR", 37.75, 128.85, 1.0, false_alarms)};
  scene.scans = sensors::SimulateSensors(scene.sensors, scene.truth,
                                         {.epoch = epoch, .duration_s = 900.0, .seed = 11});
  return scene;
}

// The partners' nodes on one in-process network, fed their own scans.
struct Network {
  bus::InProcessNetwork network;
  std::vector<std::unique_ptr<bus::Bus>> connections;
  std::vector<std::unique_ptr<Node>> nodes;

  Network(const std::vector<std::string>& partners) {
    for (const std::string& partner : partners) {
      connections.push_back(network.Connect(partner));
      nodes.push_back(std::make_unique<Node>(NodeOptions{.partner = partner, .partners = partners},
                                             *connections.back(), nullptr, nullptr));
    }
  }
  void Run(const Scene& scene) {
    for (const sensors::Scan& scan : scene.scans) {
      const std::string& owner = scene.sensors[static_cast<size_t>(scan.sensor_index)].owner;
      for (auto& node : nodes) {
        if (node->options().partner == owner) node->OnScan(TrackerScan(scan));
      }
      for (auto& node : nodes) node->Poll(scan.report_time);
    }
  }
};

std::set<std::set<std::string>> ContributorSets(const fusion::FusionCentre& fusion) {
  std::set<std::set<std::string>> sets;
  for (const fusion::SystemTrack& track : fusion.tracks())
    sets.emplace(track.contributors.begin(), track.contributors.end());
  return sets;
}

TEST(Node, PartnersShareOneFusedPicture) {
  const Scene scene = MakeScene(0.0);
  Network net({"JP", "KR"});
  net.Run(scene);
  for (const auto& node : net.nodes) {
    const fusion::FusionCentre& fusion = node->fusion();
    ASSERT_EQ(fusion.tracks().size(), 2u) << node->options().partner;
    for (const fusion::SystemTrack& track : fusion.tracks()) {
      std::set<std::string> partners;
      for (const std::string& key : track.contributors) partners.insert(key.substr(0, 2));
      EXPECT_EQ(partners, (std::set<std::string>{"JP", "KR"})) << track.Id();
    }
    EXPECT_EQ(node->counts().tracks_refused, 0);
    EXPECT_GT(node->counts().tracks_received, 0);
  }
  // Both nodes see the same missiles made of the same local tracks.
  EXPECT_EQ(ContributorSets(net.nodes[0]->fusion()), ContributorSets(net.nodes[1]->fusion()));
}

TEST(Node, PublishesOnlyItsOwnLocalTracks) {
  const Scene scene = MakeScene(1.0);
  Network net({"JP", "KR"});
  std::unique_ptr<bus::Bus> listener = net.network.Connect("listener");
  std::set<std::string> heard;
  int ended = 0;
  listener->Subscribe({.track = [&](const fusion::LocalTrack& track) {
    heard.insert(track.Key());
    ended += track.ended;
  }});
  net.Run(scene);
  listener->Poll();
  // Every track heard is a confirmed track of its partner's own tracker:
  // never a fused one (system tracks have no partner).
  std::set<std::string> contributed;
  for (const auto& node : net.nodes) {
    for (const fusion::SystemTrack& track : node->fusion().tracks())
      contributed.insert(track.contributors.begin(), track.contributors.end());
  }
  EXPECT_EQ(heard, contributed);
  for (const std::string& key : heard)
    EXPECT_TRUE(key.starts_with("JP/") || key.starts_with("KR/"));
  EXPECT_GT(ended, 0);  // tracks dropped after impact were closed
}

TEST(Node, RefusesHostileTracksAndCountsThem) {
  bus::InProcessNetwork network;
  std::unique_ptr<bus::Bus> jp = network.Connect("JP"), kr = network.Connect("KR"),
                            xx = network.Connect("XX");
  Node node({.partner = "JP", .partners = {"JP", "KR"}}, *jp, nullptr, nullptr);
  const UtcTime now = UtcTime::Parse("2026-03-10T06:30:00Z");
  fusion::LocalTrack track{.partner = "KR", .number = 1, .sequence = 1, .time = now};
  track.state.mean.head<3>() = geo::GeodeticToEcef(geo::Geodetic::FromDegrees(39, 131, 80e3));
  track.state.mean.segment<3>(3) = Eigen::Vector3d(0, 2000, 1000);
  track.state.covariance.diagonal() << 1e4, 1e4, 1e4, 100, 100, 100, 1, 1, 1, 1e-10;
  fusion::LocalTrack nan = track;
  nan.state.covariance(3, 3) = std::numeric_limits<double>::quiet_NaN();
  fusion::LocalTrack inside = track;
  inside.number = 2;
  inside.state.mean.head<3>() *= 0.9;
  fusion::LocalTrack future = track;
  future.number = 3;
  future.time = now + Duration::Seconds(86400.0);
  kr->Publish(nan);
  kr->Publish(inside);
  kr->Publish(future);
  fusion::LocalTrack stranger = track;
  stranger.partner = "XX";
  xx->Publish(stranger);
  node.Poll(now);
  EXPECT_EQ(node.counts().tracks_received, 4);
  EXPECT_EQ(node.counts().tracks_refused, 4);
  EXPECT_TRUE(node.fusion().tracks().empty());
  ASSERT_EQ(node.refusals().size(), 4u);
  EXPECT_EQ(node.refusals()[0], "KR/1: a state or covariance value is not finite");
  EXPECT_NE(node.refusals()[1].find("inside the Earth"), std::string::npos);
  EXPECT_NE(node.refusals()[2].find("after the receiver's clock"), std::string::npos);
  EXPECT_EQ(node.refusals()[3], "XX/1: not a partner of this node");
  // A good one is fused.
  kr->Publish(track);
  node.Poll(now);
  EXPECT_EQ(node.fusion().tracks().size(), 1u);
}

TEST(Node, RefusesOptionsItCannotRunWith) {
  bus::InProcessNetwork network;
  std::unique_ptr<bus::Bus> jp = network.Connect("JP");
  EXPECT_THROW(Node({.partner = ""}, *jp, nullptr, nullptr), InputError);
  EXPECT_THROW(Node({.partner = "KR"}, *jp, nullptr, nullptr), InputError);
  EXPECT_THROW(Node({.partner = "JP", .warning = WarningCentreOptions{.partner = "KR"}}, *jp,
                    nullptr, nullptr),
               InputError);
  EXPECT_THROW(Node({.partner = "JP", .warning = WarningCentreOptions{.partner = "JP"}}, *jp,
                    nullptr, nullptr),
               InputError);  // a warning centre needs areas and places
}

}  // namespace
}  // namespace trilink::node
