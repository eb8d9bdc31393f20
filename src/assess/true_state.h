// Test helpers shared by the assess unit tests and the scenario-level
// tests of tests/: a flight's true state as a track state.
#pragma once

#include <Eigen/Core>
#include <cstddef>

#include "trilink/core/gaussian.h"
#include "trilink/flight/dynamics.h"
#include "trilink/flight/trajectory.h"
#include "trilink/geo/wgs84.h"
#include "trilink/tracking/ballistic.h"

namespace trilink::assess::test_states {

// The midpoint sample of a flight (not the first or last two), and the
// geodesic distance of two points (m), for the tests.
//
// The true state at sample k of a flight: r, v from the samples, the extra
// (lift) acceleration as the samples' central difference of v less the
// free-flight acceleration, κ from the payload's β; a tiny covariance.
inline Gaussian<tracking::kBallisticStateSize> TrueState(const flight::FlightResult& flight,
                                                         size_t k, double beta,
                                                         bool with_extra_acceleration) {
  const flight::FreeFlightDynamics dynamics;
  const flight::FlightSample& s = flight.samples[k];
  Gaussian<tracking::kBallisticStateSize> state;
  state.mean.head<3>() = s.ecef_position;
  state.mean.segment<3>(3) = s.ecef_velocity;
  if (with_extra_acceleration) {
    const flight::FlightSample &before = flight.samples[k - 1], &after = flight.samples[k + 1];
    const Eigen::Vector3d total =
        (after.ecef_velocity - before.ecef_velocity) / (after.t_s - before.t_s);
    state.mean.segment<3>(6) = total - dynamics.Acceleration(s.ecef_position, s.ecef_velocity, beta,
                                                             Eigen::Vector3d::Zero());
  }
  state.mean(9) = 1.0 / beta;
  state.covariance =
      tracking::BallisticVector(1.0, 1.0, 1.0, 1e-4, 1e-4, 1e-4, 1e-6, 1e-6, 1e-6, 1e-16)
          .asDiagonal();
  return state;
}

inline size_t HalfwaySample(const flight::FlightResult& flight) {
  size_t k = 1;
  while (k + 2 < flight.samples.size() && flight.samples[k].t_s < 0.5 * flight.flight_time_s) ++k;
  return k;
}

inline double Distance(const geo::Geodetic& a, const geo::Geodetic& b) {
  return geo::GeodesicInverse(a, b).distance_m;
}

}  // namespace trilink::assess::test_states
