// Tests of the U.S. Standard Atmosphere 1976 against the values the standard
// prints (NOAA-S/T 76-1562, NASA-TM-X-74335, 1976). Page numbers are the
// standard's own; every table below was read from at least two independent
// public transcriptions of the standard and the two agreed digit for digit.

#include "trilink/flight/atmosphere.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace trilink::flight {
namespace {

constexpr double kR0 = 6'356'766.0;  // m, eq. 18

// Geometric altitude (m) of a geopotential altitude (m'), eq. 18 inverted.
double GeometricFromGeopotential(double geopotential_m) {
  return kR0 * geopotential_m / (kR0 - geopotential_m);
}

void ExpectRelativeNear(double actual, double expected, double tolerance, const std::string& what) {
  EXPECT_NEAR(actual / expected, 1.0, tolerance)
      << what << ": got " << actual << ", expected " << expected;
}

struct Row {
  double altitude_m;
  double temperature_k;
  double pressure_pa;
  double density_kg_m3;
};

// Table I, geometric altitude, pp. 51-67 (pressure printed in mb, here Pa).
// Below 86 km Table I prints the molecular-scale temperature T_M; the model
// returns the kinetic temperature T = T_M M/M0, which differs only
// at 85 km: 188.893 K printed times M/M0 = 0.999694 (Table 8) is 188.835 K.
constexpr Row kTableIBelow86Km[] = {
    {-5'000.0, 320.676, 1.7776e5, 1.9311},
    {0.0, 288.150, 1.01325e5, 1.2250},
    {10'000.0, 223.252, 2.6499e4, 4.1351e-1},
    {20'000.0, 216.650, 5.5293e3, 8.8910e-2},
    {30'000.0, 226.509, 1.1970e3, 1.8410e-2},
    {40'000.0, 250.350, 2.8714e2, 3.9957e-3},
    {50'000.0, 270.650, 7.9779e1, 1.0269e-3},
    {60'000.0, 247.021, 2.1958e1, 3.0968e-4},
    {70'000.0, 219.585, 5.2209, 8.2829e-5},
    {80'000.0, 198.639, 1.0524, 1.8458e-5},
    {85'000.0, 188.893 * 0.999694, 4.4568e-1, 8.2196e-6},
};

TEST(StandardAtmosphere1976, MatchesTableIBelow86Km) {
  // Five printed digits: the model, which is the standard's own definition,
  // must agree to the last one (tighter than the 0.1 % the density needs).
  for (const Row& row : kTableIBelow86Km) {
    const std::string where = std::to_string(row.altitude_m) + " m";
    const AtmosphereSample air = StandardAtmosphere1976(row.altitude_m);
    EXPECT_NEAR(air.temperature_k, row.temperature_k, 6e-4) << where;
    ExpectRelativeNear(air.pressure_pa, row.pressure_pa, 1e-4, "pressure at " + where);
    ExpectRelativeNear(air.density_kg_m3, row.density_kg_m3, 1e-4, "density at " + where);
    ExpectRelativeNear(StandardDensity1976(row.altitude_m), row.density_kg_m3, 1e-4,
                       "StandardDensity1976 at " + where);
  }
}

TEST(StandardAtmosphere1976, LayerBasesMatchTable4) {
  // Table 4 (p. 3): H_b (m'), T_M,b (K), P_b (Pa, printed to seven digits).
  // The model carries them up from T0 and P0, so this checks the constants
  // and the hydrostatic integration, e.g. 216.65 K and 22632.06 Pa at 11 km'.
  struct Base {
    double geopotential_m;
    double temperature_k;
    double pressure_pa;
  };
  constexpr Base kBases[] = {
      {0.0, 288.150, 1.01325e5},       {11'000.0, 216.650, 2.263206e4},
      {20'000.0, 216.650, 5.474889e3}, {32'000.0, 228.650, 8.680187e2},
      {47'000.0, 270.650, 1.109063e2}, {51'000.0, 270.650, 6.693887e1},
      {71'000.0, 214.650, 3.956420},
  };
  for (const Base& base : kBases) {
    const std::string where = std::to_string(base.geopotential_m) + " m'";
    const AtmosphereSample air =
        StandardAtmosphere1976(GeometricFromGeopotential(base.geopotential_m));
    EXPECT_NEAR(air.temperature_k, base.temperature_k, 1e-9) << where;
    ExpectRelativeNear(air.pressure_pa, base.pressure_pa, 1e-6, "pressure at " + where);
  }
}

TEST(StandardAtmosphere1976, SpeedOfSoundMatchesTableIII) {
  // Table III, geometric altitude (m, m/s); each is also eq. 50 of Table I's
  // T_M to the printed digits (one public copy has 314.07 at 60 km, a typo:
  // eq. 50 gives 315.074). 274.10 m/s is the 86 km value, which the model
  // keeps above 86 km.
  constexpr double kSpeeds[][2] = {
      {0.0, 340.29},      {30'000.0, 301.71}, {50'000.0, 329.80},  {60'000.0, 315.07},
      {80'000.0, 282.54}, {86'000.0, 274.10}, {200'000.0, 274.10}, {2'000'000.0, 274.10},
  };
  for (const auto& [altitude_m, speed_m_s] : kSpeeds) {
    EXPECT_NEAR(StandardAtmosphere1976(altitude_m).speed_of_sound_m_s, speed_m_s, 6e-3)
        << altitude_m << " m";
  }
}

TEST(StandardAtmosphere1976, ContinuousAcrossEveryBoundary) {
  // The six inner layer bases, the start of Table 8 (80 km) and the joints
  // of the upper temperature profile (91, 110, 120 km): 1 mm either side.
  // Temperature gets 1e-5: the standard's rounded constants of the ellipse
  // (eq. 27) leave a step of 0.3 mK at 110 km.
  double boundaries_m[] = {
      GeometricFromGeopotential(11'000.0),
      GeometricFromGeopotential(20'000.0),
      GeometricFromGeopotential(32'000.0),
      GeometricFromGeopotential(47'000.0),
      GeometricFromGeopotential(51'000.0),
      GeometricFromGeopotential(71'000.0),
      80'000.0,
      91'000.0,
      110'000.0,
      120'000.0,
  };
  for (double z_m : boundaries_m) {
    const std::string where = std::to_string(z_m) + " m";
    const AtmosphereSample below = StandardAtmosphere1976(z_m - 1e-3);
    const AtmosphereSample above = StandardAtmosphere1976(z_m + 1e-3);
    ExpectRelativeNear(above.temperature_k, below.temperature_k, 1e-5, "temperature at " + where);
    ExpectRelativeNear(above.pressure_pa, below.pressure_pa, 1e-6, "pressure at " + where);
    ExpectRelativeNear(above.density_kg_m3, below.density_kg_m3, 1e-6, "density at " + where);
    ExpectRelativeNear(StandardDensity1976(z_m + 1e-3), StandardDensity1976(z_m - 1e-3), 1e-6,
                       "StandardDensity1976 at " + where);
  }
}

TEST(StandardAtmosphere1976, ContinuousAt86KmBetweenModelAndTable) {
  // Below 86 km the defining equations, above it Table I: they must meet
  // within the table's printed precision (0.1 % asked, 0.01 % achieved).
  const AtmosphereSample below = StandardAtmosphere1976(86'000.0 - 1e-3);
  const AtmosphereSample above = StandardAtmosphere1976(86'000.0);
  ExpectRelativeNear(above.temperature_k, below.temperature_k, 1e-4, "temperature");
  ExpectRelativeNear(above.pressure_pa, below.pressure_pa, 1e-4, "pressure");
  ExpectRelativeNear(above.density_kg_m3, below.density_kg_m3, 1e-4, "density");
  ExpectRelativeNear(above.speed_of_sound_m_s, below.speed_of_sound_m_s, 1e-8, "speed of sound");
  ExpectRelativeNear(StandardDensity1976(86'000.0), StandardDensity1976(86'000.0 - 1e-3), 1e-4,
                     "StandardDensity1976");
}

TEST(StandardAtmosphere1976, KineticTemperatureAbove86KmMatchesTableI) {
  // Table I, pp. 68-73, printed to 0.01 K.
  constexpr double kTemperatures[][2] = {
      {86'000.0, 186.87},  {90'000.0, 186.87},  {95'000.0, 188.42},     {100'000.0, 195.08},
      {110'000.0, 240.00}, {120'000.0, 360.00}, {150'000.0, 634.39},    {200'000.0, 854.56},
      {300'000.0, 976.01}, {500'000.0, 999.24}, {1'000'000.0, 1000.00},
  };
  for (const auto& [altitude_m, temperature_k] : kTemperatures) {
    EXPECT_NEAR(StandardAtmosphere1976(altitude_m).temperature_k, temperature_k, 6e-3)
        << altitude_m << " m";
  }
}

TEST(StandardAtmosphere1976, ReturnsTableIAtItsNodesAbove86Km) {
  // Table I, pp. 68-73: (altitude m, pressure Pa, density kg/m^3), all
  // altitudes that are interpolation nodes of both tables.
  constexpr Row kNodes[] = {
      {86'000.0, 0.0, 3.7338e-1, 6.958e-6},   {100'000.0, 0.0, 3.2011e-2, 5.604e-7},
      {150'000.0, 0.0, 4.5422e-4, 2.076e-9},  {250'000.0, 0.0, 2.4767e-5, 6.073e-11},
      {500'000.0, 0.0, 3.0236e-7, 5.215e-13}, {1'000'000.0, 0.0, 7.5138e-9, 3.561e-15},
  };
  for (const Row& row : kNodes) {
    const std::string where = std::to_string(row.altitude_m) + " m";
    const AtmosphereSample air = StandardAtmosphere1976(row.altitude_m);
    ExpectRelativeNear(air.pressure_pa, row.pressure_pa, 1e-12, "pressure at " + where);
    ExpectRelativeNear(air.density_kg_m3, row.density_kg_m3, 1e-12, "density at " + where);
  }
}

TEST(StandardAtmosphere1976, WithinOnePercentOfTableIBetweenNodes) {
  // Table I rows (pp. 68-71) at altitudes that are not interpolation nodes:
  // density every 2 km from 100 to 150 km has nodes on even kilometres, and
  // 350 and 450 km fall between the 20 km nodes.
  constexpr double kDensities[][2] = {
      {86'500.0, 6.366e-6},  {92'500.0, 2.188e-6},  {101'000.0, 4.695e-7},  {105'000.0, 2.325e-7},
      {109'000.0, 1.161e-7}, {111'000.0, 8.111e-8}, {115'000.0, 4.289e-8},  {125'000.0, 1.291e-8},
      {135'000.0, 5.465e-9}, {145'000.0, 2.781e-9}, {350'000.0, 7.014e-12}, {450'000.0, 1.184e-12},
  };
  for (const auto& [altitude_m, density_kg_m3] : kDensities) {
    const std::string where = std::to_string(altitude_m) + " m";
    ExpectRelativeNear(StandardDensity1976(altitude_m), density_kg_m3, 1e-2, "density at " + where);
    ExpectRelativeNear(StandardAtmosphere1976(altitude_m).density_kg_m3, density_kg_m3, 1e-2,
                       "sample density at " + where);
  }
  // Pressure nodes are 1 km apart there; these rows are half-way (Pa).
  constexpr double kPressures[][2] = {
      {86'500.0, 3.4163e-1}, {95'500.0, 6.9592e-2}, {99'500.0, 3.4846e-2}};
  for (const auto& [altitude_m, pressure_pa] : kPressures) {
    ExpectRelativeNear(StandardAtmosphere1976(altitude_m).pressure_pa, pressure_pa, 1e-2,
                       "pressure at " + std::to_string(altitude_m) + " m");
  }
}

TEST(StandardAtmosphere1976, DensityAndPressureTablesAgreeAbove86Km) {
  // The two tables are independent transcriptions; eq. 42 ties them through
  // Table I's mean molecular weight M = rho R* T / P (kg/kmol, pp. 68-73).
  constexpr double kRStar = 8.31432e3;
  constexpr double kMolecularWeights[][2] = {
      {90'000.0, 28.91},  {120'000.0, 26.20}, {200'000.0, 21.30},  {400'000.0, 15.98},
      {500'000.0, 14.33}, {700'000.0, 8.00},  {1'000'000.0, 3.94},
  };
  for (const auto& [altitude_m, molecular_weight] : kMolecularWeights) {
    const AtmosphereSample air = StandardAtmosphere1976(altitude_m);
    ExpectRelativeNear(air.density_kg_m3 * kRStar * air.temperature_k / air.pressure_pa,
                       molecular_weight, 2e-3,
                       "molecular weight at " + std::to_string(altitude_m) + " m");
  }
}

TEST(StandardAtmosphere1976, DensityAndPressureFallMonotonicallyTo1000Km) {
  double previous_density = std::numeric_limits<double>::infinity();
  double previous_pressure = std::numeric_limits<double>::infinity();
  for (int i = 0; i <= 40'000; ++i) {
    const double altitude_m = 25.0 * i;
    const double density = StandardDensity1976(altitude_m);
    const AtmosphereSample air = StandardAtmosphere1976(altitude_m);
    ASSERT_LT(density, previous_density) << altitude_m << " m";
    ASSERT_LT(air.pressure_pa, previous_pressure) << altitude_m << " m";
    ASSERT_GT(density, 0.0) << altitude_m << " m";
    previous_density = density;
    previous_pressure = air.pressure_pa;
  }
}

TEST(StandardAtmosphere1976, DensityCallAgreesWithFullSample) {
  // Two code paths compute the same density below 86 km (exp/log of layer
  // constants against P M0 / (R* T_M)); they may differ by rounding only.
  for (int i = -5; i <= 1'000; ++i) {
    const double altitude_m = 1000.0 * i + 123.456;
    const double expected = StandardAtmosphere1976(altitude_m).density_kg_m3;
    if (expected == 0.0) {
      EXPECT_EQ(StandardDensity1976(altitude_m), 0.0) << altitude_m << " m";
    } else {
      ExpectRelativeNear(StandardDensity1976(altitude_m), expected, 1e-12,
                         std::to_string(altitude_m) + " m");
    }
  }
}

TEST(StandardAtmosphere1976, VacuumAbove1000KmAndClampedBelowMinus5Km) {
  for (double altitude_m : {1'000'000.001, 1'500'000.0, 4.2e7}) {
    const AtmosphereSample air = StandardAtmosphere1976(altitude_m);
    EXPECT_EQ(StandardDensity1976(altitude_m), 0.0) << altitude_m << " m";
    EXPECT_EQ(air.density_kg_m3, 0.0) << altitude_m << " m";
    EXPECT_EQ(air.pressure_pa, 0.0) << altitude_m << " m";
    EXPECT_EQ(air.temperature_k, 1000.0) << altitude_m << " m";
  }
  const AtmosphereSample bottom = StandardAtmosphere1976(-5'000.0);
  for (double altitude_m : {-5'000.001, -6'000.0, -1e6}) {
    const AtmosphereSample air = StandardAtmosphere1976(altitude_m);
    EXPECT_EQ(air.temperature_k, bottom.temperature_k) << altitude_m << " m";
    EXPECT_EQ(air.pressure_pa, bottom.pressure_pa) << altitude_m << " m";
    EXPECT_EQ(air.density_kg_m3, bottom.density_kg_m3) << altitude_m << " m";
    EXPECT_EQ(StandardDensity1976(altitude_m), StandardDensity1976(-5'000.0)) << altitude_m;
  }
}

TEST(StandardAtmosphere1976, NanAltitudeGivesNan) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(StandardDensity1976(nan)));
  const AtmosphereSample air = StandardAtmosphere1976(nan);
  EXPECT_TRUE(std::isnan(air.density_kg_m3));
  EXPECT_TRUE(std::isnan(air.pressure_pa));
  EXPECT_TRUE(std::isnan(air.temperature_k));
}

}  // namespace
}  // namespace trilink::flight
