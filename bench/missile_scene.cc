#include "missile_scene.h"

#include "trilink/core/error.h"
#include "trilink/core/random.h"
#include "trilink/core/units.h"
#include "trilink/flight/reconstruct.h"
#include "trilink/flight/trajectory.h"
#include "trilink/geo/wgs84.h"
#include "trilink/node/node.h"
#include "trilink/sensors/simulate.h"

namespace trilink::bench {

sensors::SensorSpec BenchRadar(const std::string& name, double lat_deg, double lon_deg,
                               double height_m, double offset_s, double revisit_s) {
  sensors::SensorSpec spec{.name = name, .owner = "XX", .type = sensors::SensorType::kRadar};
  spec.revisit_s = revisit_s;
  spec.scan_offset_s = offset_s;
  spec.latency_s = 1.0;
  sensors::RadarConfig& config = spec.radar.config;
  config.site = geo::Geodetic::FromDegrees(lat_deg, lon_deg, height_m);
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
                          .false_alarms_per_scan = 1.0};
  return spec;
}

MissileScene MakeMissileScene(int missiles, const std::vector<sensors::SensorSpec>& radars) {
  MissileScene scene{.epoch = UtcTime::Parse("2026-03-10T06:30:00Z")};
  flight::ReconstructionRequest request;
  request.site = geo::Geodetic::FromDegrees(39.5, 127.5);
  request.azimuth_rad = DegToRad(80.0);
  request.range_m = KmToM(600.0);
  request.profile = flight::Profile::kMinimumEnergy;
  const flight::Reconstruction r = flight::Reconstruct(request, {});
  TRILINK_CHECK(r.ok()) << r.error;
  RandomStream random(1, "bench/ballistic-tracking");
  std::vector<sensors::TruthTrajectory> truth;
  for (int m = 0; m < missiles; ++m) {
    const geo::Geodetic site =
        geo::Geodetic::FromDegrees(38.5 + 2.0 * random.Uniform(), 126.5 + 2.0 * random.Uniform());
    flight::FlightControls controls = r.controls;
    controls.heading_rad = DegToRad(60.0 + 40.0 * random.Uniform());
    const flight::FlightResult f =
        flight::SimulateFlight(site, r.vehicle, controls, {.sample_interval_s = 1.0});
    std::string id = std::to_string(m);
    id.insert(0, 1, 'm');
    truth.push_back({.id = id,
                     .launch_time = scene.epoch + Duration::Seconds(100.0 * random.Uniform()),
                     .burnout_time_s = f.burnout_time_s,
                     .samples = f.samples});
  }
  for (const sensors::Scan& scan : sensors::SimulateSensors(
           radars, truth, {.epoch = scene.epoch, .duration_s = kSceneDurationS, .seed = 7})) {
    scene.scans.push_back(node::TrackerScan(scan));
  }
  return scene;
}

}  // namespace trilink::bench
