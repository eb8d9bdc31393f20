// Earth gravity in ECEF: point mass or point mass plus the J2 zonal term.
//
// Potential (Vallado, "Fundamentals of Astrodynamics", 4th ed., eq. 8-17 with
// only J2 kept):
//   U(r) = -GM/|r| · [1 - J2 (a/|r|)^2 (3 z^2/|r|^2 - 1) / 2]
// and the acceleration is -∇U. Constants are WGS-84's GM and a with the
// EGM96 J2 = -sqrt(5)·C̄20 = 1.08262668e-3 (NIMA TR8350.2, table 3.1).
//
// Usage:
//   GravityField field = GravityField::Wgs84J2();
//   Eigen::Vector3d g = field.Acceleration(ecef_position);
//   double u = field.Potential(ecef_position);
//   Eigen::Matrix3d G = field.Gradient(ecef_position);  // ∂g/∂r
#pragma once

#include <Eigen/Core>

namespace trilink::flight {

inline constexpr double kEgm96J2 = 1.08262668e-3;

class GravityField {
 public:
  // gm: gravitational parameter (m^3/s^2) > 0; j2: dimensionless (0 for a
  // point mass); reference_radius_m: the a of the expansion (m) > 0.
  GravityField(double gm, double j2, double reference_radius_m);
  static GravityField Wgs84J2();
  static GravityField Wgs84PointMass();

  // Acceleration (m/s^2) at an ECEF position (m), |r| > 0.
  Eigen::Vector3d Acceleration(const Eigen::Vector3d& ecef_position) const;
  // The gravity gradient ∂g/∂r (1/s², symmetric) at an ECEF position (m),
  // |r| > 0: the analytic derivative of Acceleration.
  Eigen::Matrix3d Gradient(const Eigen::Vector3d& ecef_position) const;
  // Potential energy per unit mass (J/kg, negative) at an ECEF position (m).
  double Potential(const Eigen::Vector3d& ecef_position) const;

  double gm() const { return gm_; }
  double j2() const { return j2_; }

 private:
  double gm_;
  double j2_;
  double reference_radius_m_;
};

}  // namespace trilink::flight
