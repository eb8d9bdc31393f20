#include "trilink/sensors/sensor.h"

#include <gtest/gtest.h>

#include <cmath>

#include "trilink/core/units.h"

namespace trilink::sensors {
namespace {

TEST(RadarDetection, ScaledRadarEquation) {
  const RadarDetection detection{.reference_range_m = 1e6,
                                 .reference_rcs_m2 = 1.0,
                                 .reference_snr_db = 15.0,
                                 .target_rcs_m2 = 1.0};
  EXPECT_NEAR(RadarSnrDb(detection, 1e6), 15.0, 1e-12);
  // Half the range: 40 log10(2) = 12.04 dB more.
  EXPECT_NEAR(RadarSnrDb(detection, 5e5), 15.0 + 40.0 * std::log10(2.0), 1e-12);
  RadarDetection bigger = detection;
  bigger.target_rcs_m2 = 10.0;
  EXPECT_NEAR(RadarSnrDb(bigger, 1e6), 25.0, 1e-12);
}

// Swerling 1, one look: Pd = Pfa^(1/(1+SNR)) (Richards 2014, ch. 6).
TEST(RadarDetection, SwerlingOne) {
  const double snr = std::pow(10.0, 1.3);  // 13 dB
  EXPECT_NEAR(SwerlingOneDetectionProbability(13.0, 1e-6), std::pow(1e-6, 1.0 / (1.0 + snr)),
              1e-14);
  EXPECT_NEAR(SwerlingOneDetectionProbability(13.0, 1e-6), 0.517, 1e-3);
  // 20 dB: 0.872; at very low SNR the false-alarm probability; at very high, 1.
  EXPECT_NEAR(SwerlingOneDetectionProbability(20.0, 1e-6), 0.872, 1e-3);
  EXPECT_NEAR(SwerlingOneDetectionProbability(-60.0, 1e-6), 1e-6, 1e-9);
  EXPECT_EQ(SwerlingOneDetectionProbability(400.0, 1e-6), 1.0);
  double previous = 0.0;
  for (double snr_db = -20.0; snr_db <= 40.0; snr_db += 0.5) {
    const double pd = SwerlingOneDetectionProbability(snr_db, 1e-6);
    EXPECT_GT(pd, previous);
    previous = pd;
  }
}

TEST(SensorSpec, Validation) {
  SensorSpec radar{.name = "r", .owner = "KR"};
  std::string error;
  EXPECT_TRUE(radar.IsValid(&error)) << error;
  radar.scan_offset_s = radar.revisit_s;
  EXPECT_FALSE(radar.IsValid(&error));
  radar.scan_offset_s = 0.0;
  radar.radar.detection.false_alarm_probability = 0.0;
  EXPECT_FALSE(radar.IsValid(&error));
  EXPECT_NE(error.find("false_alarm_probability"), std::string::npos);

  SensorSpec infrared{.name = "ir", .owner = "US", .type = SensorType::kInfrared};
  EXPECT_FALSE(infrared.IsValid(&error));  // neither longitude nor orbit
  infrared.infrared.geostationary_longitude_rad = DegToRad(120.0);
  EXPECT_TRUE(infrared.IsValid(&error)) << error;
  infrared.infrared.orbit = KeplerOrbit{.semi_major_axis_m = 7e6};
  EXPECT_FALSE(infrared.IsValid(&error));  // both
  infrared.infrared.geostationary_longitude_rad.reset();
  EXPECT_TRUE(infrared.IsValid(&error)) << error;
  infrared.infrared.detection_probability = 1.5;
  EXPECT_FALSE(infrared.IsValid(&error));
  EXPECT_EQ(SensorTypeName(SensorType::kInfrared), "infrared");
}

}  // namespace
}  // namespace trilink::sensors
