#include "trilink/flight/dynamics.h"

#include <cmath>

#include "trilink/flight/atmosphere.h"
#include "trilink/geo/wgs84.h"

namespace trilink::flight {
namespace {

using Eigen::Matrix3d;
using Eigen::Vector3d;

GravityField MakeGravity(const PhysicsModel& physics) {
  if (physics.j2) return GravityField::Wgs84J2();
  if (physics.ellipsoid) return GravityField::Wgs84PointMass();
  return GravityField(geo::kWgs84Gm, 0.0, kSphericalEarthRadius);
}

// dρ/dh (kg/m⁴) by a central difference of 1 m. The atmosphere module
// exposes the density only; its layers (and the log-linear table above
// 86 km) make ρ continuous with kinks in dρ/dh at the layer boundaries, so a
// closed-form derivative would still be one-sided there. The difference has
// a relative error of about (1 m / H)² ≈ 1e-8 (scale height H ≥ 6 km) away
// from a boundary and gives the mean of the two one-sided slopes within 1 m
// of one.
double DensitySlope(double height_m) {
  constexpr double kStep = 1.0;
  return (StandardDensity1976(height_m + kStep) - StandardDensity1976(height_m - kStep)) /
         (2.0 * kStep);
}

}  // namespace

FreeFlightDynamics::FreeFlightDynamics(const PhysicsModel& physics)
    : physics_(physics),
      gravity_(MakeGravity(physics)),
      omega_(physics.rotation ? geo::kWgs84EarthRate : 0.0) {}

Vector3d FreeFlightDynamics::FrameAcceleration(const Vector3d& r, const Vector3d& v) const {
  Vector3d a = gravity_.Acceleration(r);
  if (omega_ != 0.0) {
    // −2 ω×v − ω×(ω×r) with ω = (0, 0, omega).
    a.x() += 2.0 * omega_ * v.y() + omega_ * omega_ * r.x();
    a.y() += -2.0 * omega_ * v.x() + omega_ * omega_ * r.y();
  }
  return a;
}

double FreeFlightDynamics::DragPerVelocity(const Vector3d& r, const Vector3d& v,
                                           double ballistic_coefficient_kg_m2) const {
  if (!physics_.atmosphere) return 0.0;
  const double height = AtmosphereHeight(r);
  if (height >= kTopOfAtmosphereM) return 0.0;
  return StandardDensity1976(height) * v.norm() / (2.0 * ballistic_coefficient_kg_m2);
}

Vector3d FreeFlightDynamics::Acceleration(const Vector3d& r, const Vector3d& v,
                                          double ballistic_coefficient_kg_m2,
                                          const Vector3d& extra_acceleration,
                                          FreeFlightJacobian* jacobian) const {
  if (jacobian != nullptr) {
    jacobian->position = gravity_.Gradient(r);
    jacobian->position(0, 0) += omega_ * omega_;
    jacobian->position(1, 1) += omega_ * omega_;
    jacobian->velocity.setZero();
    jacobian->velocity(0, 1) = 2.0 * omega_;
    jacobian->velocity(1, 0) = -2.0 * omega_;
    jacobian->drag_per_inverse_ballistic_coefficient.setZero();
    Vector3d height_gradient;
    const double height = AtmosphereHeight(r, &height_gradient);
    if (physics_.atmosphere && height < kTopOfAtmosphereM) {
      // Drag −½ κ ρ(h(r)) |v| v with κ = 1/β.
      const double kappa = 1.0 / ballistic_coefficient_kg_m2;
      const double density = StandardDensity1976(height);
      const double speed = v.norm();
      jacobian->drag_per_inverse_ballistic_coefficient = -0.5 * density * speed * v;
      jacobian->position -=
          (0.5 * kappa * speed * DensitySlope(height)) * v * height_gradient.transpose();
      if (speed > 0.0) {
        jacobian->velocity -=
            (0.5 * kappa * density) * (speed * Matrix3d::Identity() + v * v.transpose() / speed);
      }
    }
  }
  // The value by the same two calls the simulator's coast makes (trajectory.cc).
  return FrameAcceleration(r, v) - DragPerVelocity(r, v, ballistic_coefficient_kg_m2) * v +
         extra_acceleration;
}

double FreeFlightDynamics::AtmosphereHeight(const Vector3d& r, Vector3d* gradient) const {
  const double norm = r.norm();
  if (!physics_.ellipsoid) {
    if (gradient != nullptr) *gradient = r / norm;
    return norm - kSphericalEarthRadius;
  }
  // h = |r| − a b / √D with D = b² c + a² (1 − c), c = (x² + y²) / |r|².
  constexpr double a = geo::kWgs84SemiMajorAxis;
  constexpr double b = a * (1.0 - geo::kWgs84Flattening);
  const double cos2 = (r.x() * r.x() + r.y() * r.y()) / (norm * norm);
  const double sin2 = 1.0 - cos2;
  const double d = b * b * cos2 + a * a * sin2;
  if (gradient != nullptr) {
    // ∂c/∂r = (2 / |r|²) (x (1 − c), y (1 − c), −c z).
    const Vector3d dcos2 =
        (2.0 / (norm * norm)) * Vector3d(r.x() * sin2, r.y() * sin2, -cos2 * r.z());
    *gradient = r / norm + (0.5 * a * b * (b * b - a * a) / (d * std::sqrt(d))) * dcos2;
  }
  return norm - a * b / std::sqrt(d);
}

Vector3d FreeFlightDynamics::Up(const Vector3d& r) const {
  if (!physics_.ellipsoid) return r.normalized();
  constexpr double a2 = geo::kWgs84SemiMajorAxis * geo::kWgs84SemiMajorAxis;
  constexpr double b = geo::kWgs84SemiMajorAxis * (1.0 - geo::kWgs84Flattening);
  return Vector3d(r.x() / a2, r.y() / a2, r.z() / (b * b)).normalized();
}

}  // namespace trilink::flight
