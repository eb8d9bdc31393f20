// The infrared launch cue: geometry of the raised-ellipsoid intersection, the
// prior's shape, and the initiator's births.
#include "trilink/tracking/infrared_cue.h"

#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>

#include "trilink/core/units.h"
#include "trilink/geo/wgs84.h"
#include "trilink/sensors/radar.h"

namespace trilink::tracking {
namespace {

using Eigen::Vector3d;

sensors::InfraredConfig GeoSatellite() {
  return {.satellite_ecef_position = sensors::GeostationaryEcefPosition(DegToRad(125.0)),
          .angle_sigma_rad = 30e-6};
}

Vector3d Target(double height_m) {
  return geo::GeodeticToEcef(geo::Geodetic::FromDegrees(39.2, 127.5, height_m));
}

TEST(InfraredCue, LandsOnTheRaisedEllipsoidAlongTheLineOfSight) {
  const sensors::InfraredModel model(GeoSatellite());
  const InfraredCueOptions options;
  // A target at the assumed height: the cue is the target.
  const std::optional<InfraredCue> cue =
      MakeInfraredCue(model, model.Predict(Target(15e3)), options);
  ASSERT_TRUE(cue.has_value());
  EXPECT_LT((cue->ecef_position - Target(15e3)).norm(), 100.0);
  EXPECT_NEAR(geo::HeightAboveEllipsoid(cue->ecef_position), 15e3, 100.0);
  // σ along the line of sight is σ_h over the cosine of the zenith angle:
  // more than σ_h, finite from geostationary orbit at 39° N.
  EXPECT_GT(cue->along_sigma_m, options.height_sigma_m);
  EXPECT_LT(cue->along_sigma_m, 3.0 * options.height_sigma_m);
  // Velocity: up, at the given speed.
  const Vector3d velocity = cue->prior.mean.segment<3>(kBallisticVelocity);
  EXPECT_NEAR(velocity.norm(), options.upward_speed_m_s, 1e-6);
  EXPECT_GT(velocity.normalized().dot(Target(0).normalized()), 0.99);
  EXPECT_NEAR(cue->prior.covariance(kBallisticVelocity, kBallisticVelocity),
              options.velocity_sigma_m_s * options.velocity_sigma_m_s, 1e-6);
}

TEST(InfraredCue, CoversTargetsFromTheGroundToThirtyKilometres) {
  const sensors::InfraredModel model(GeoSatellite());
  const InfraredCueOptions options;
  for (double height_m : {0.0, 5e3, 30e3}) {
    const std::optional<InfraredCue> cue =
        MakeInfraredCue(model, model.Predict(Target(height_m)), options);
    ASSERT_TRUE(cue.has_value());
    const Vector3d error = cue->ecef_position - Target(height_m);
    // On the line of sight: the error is along it, within about 1σ (a target
    // σ_h from the assumed height).
    const Vector3d u = model.LineOfSight(model.Predict(Target(height_m)));
    EXPECT_LT((error - error.dot(u) * u).norm(), 50.0) << height_m;
    EXPECT_LT(std::abs(error.dot(u)), 1.01 * cue->along_sigma_m) << height_m;
  }
}

TEST(InfraredCue, APastTheLimbLookGivesNoCue) {
  const sensors::InfraredModel model(GeoSatellite());
  MeasurementVector z(2);
  z << 0.2, 0.0;  // 11.5° off nadir: beyond the limb (8.7°) from geostationary orbit
  EXPECT_FALSE(MakeInfraredCue(model, z, {}).has_value());
}

TEST(InfraredCueInitiator, StartsABoostTrackWithTheMeasurementsPrecision) {
  const BallisticFilterBank bank({.kind = BallisticFilterKind::kImmEkf});
  InfraredCueInitiator initiator(bank, {});
  Scan<kBallisticStateSize> scan;
  scan.time = UtcTime::FromNanoseconds(0);
  auto model = std::make_shared<sensors::InfraredMeasurement<kBallisticStateSize>>(GeoSatellite());
  scan.model = model;
  scan.measurements = {model->model().Predict(Target(15e3)), model->model().Predict(Target(20e3))};
  std::vector<Birth<kBallisticStateSize>> births;
  const std::vector<int> unused = {1};  // measurement 0 was taken by a track
  initiator.Initiate(scan, unused, &births);
  ASSERT_EQ(births.size(), 1u);
  const Birth<kBallisticStateSize>& birth = births[0];
  EXPECT_EQ(birth.measurement, 1);
  EXPECT_EQ(birth.hits, 1);
  EXPECT_EQ(birth.state.mode_count, kNumBallisticModes);
  EXPECT_NEAR(birth.state.mode_probabilities[static_cast<int>(BallisticMode::kBoost)], 0.8, 1e-12);
  double total = 0.0;
  for (int m = 0; m < kNumBallisticModes; ++m) total += birth.state.mode_probabilities[m];
  EXPECT_NEAR(total, 1.0, 1e-12);

  // Across the line of sight, the position σ is the angle σ times the range
  // (about 38 000 km × 30 µrad ≈ 1.1 km); along it, kilometres more.
  const Vector3d position = birth.state.estimate.mean.head<3>();
  const Vector3d u = (position - GeoSatellite().satellite_ecef_position).normalized();
  const Eigen::Matrix3d covariance = birth.state.estimate.covariance.topLeftCorner<3, 3>();
  const Vector3d across = u.cross(Vector3d::UnitZ()).normalized();
  const double range = (position - GeoSatellite().satellite_ecef_position).norm();
  EXPECT_NEAR(std::sqrt(across.dot(covariance * across)), range * 30e-6, 0.1 * range * 30e-6);
  EXPECT_GT(std::sqrt(u.dot(covariance * u)), 15e3);
  // The update kept the cue on the measured line of sight.
  EXPECT_LT((model->model().Predict(position) - scan.measurements[1]).norm(), 3e-6);
}

TEST(InfraredCueInitiator, LeavesRadarScansAlone) {
  const BallisticFilterBank bank;
  InfraredCueInitiator initiator(bank, {});
  sensors::RadarConfig config;
  config.site = geo::Geodetic::FromDegrees(37.75, 128.85, 400);
  auto radar = std::make_shared<sensors::RadarMeasurement<kBallisticStateSize>>(config);
  Scan<kBallisticStateSize> scan{.time = UtcTime::FromNanoseconds(0), .sensor = 0, .model = radar};
  BallisticVector x = BallisticVector::Zero();
  x.head<3>() = Target(15e3);
  scan.measurements = {radar->Predict(x)};
  std::vector<Birth<kBallisticStateSize>> births;
  const std::vector<int> unused = {0};
  initiator.Initiate(scan, unused, &births);
  EXPECT_TRUE(births.empty());
}

TEST(InfraredCueOptions, RejectsBadValues) {
  std::string error;
  EXPECT_TRUE(InfraredCueOptions{}.IsValid(&error));
  EXPECT_FALSE(InfraredCueOptions{.height_sigma_m = 0.0}.IsValid(&error));
  EXPECT_FALSE(InfraredCueOptions{.boost_probability = 1.0}.IsValid(&error));
  EXPECT_FALSE(InfraredCueOptions{.height_m = -1.0}.IsValid(&error));
}

}  // namespace
}  // namespace trilink::tracking
