#include "trilink/flight/gravity.h"

#include <cmath>

#include "trilink/core/error.h"
#include "trilink/geo/wgs84.h"

namespace trilink::flight {

GravityField::GravityField(double gm, double j2, double reference_radius_m)
    : gm_(gm), j2_(j2), reference_radius_m_(reference_radius_m) {
  TRILINK_CHECK(gm > 0.0 && reference_radius_m > 0.0)
      << "gm " << gm << ", a " << reference_radius_m;
}

GravityField GravityField::Wgs84J2() {
  return GravityField(geo::kWgs84Gm, kEgm96J2, geo::kWgs84SemiMajorAxis);
}

GravityField GravityField::Wgs84PointMass() {
  return GravityField(geo::kWgs84Gm, 0.0, geo::kWgs84SemiMajorAxis);
}

Eigen::Vector3d GravityField::Acceleration(const Eigen::Vector3d& r) const {
  const double r2 = r.squaredNorm();
  const double inv_r = 1.0 / std::sqrt(r2);
  const double mu_r3 = gm_ * inv_r * inv_r * inv_r;
  if (j2_ == 0.0) return -mu_r3 * r;
  const double z2_r2 = r.z() * r.z() / r2;
  const double k = 1.5 * j2_ * reference_radius_m_ * reference_radius_m_ / r2;
  const double xy_factor = 1.0 - k * (5.0 * z2_r2 - 1.0);
  const double z_factor = 1.0 - k * (5.0 * z2_r2 - 3.0);
  return Eigen::Vector3d(-mu_r3 * r.x() * xy_factor, -mu_r3 * r.y() * xy_factor,
                         -mu_r3 * r.z() * z_factor);
}

Eigen::Matrix3d GravityField::Gradient(const Eigen::Vector3d& r) const {
  // With g_i = −μ r_i F_i / |r|³, F_i = 1 − k (5u − c_i), k = 1.5 J2 a² / |r|²,
  // u = z² / |r|², c = (1, 1, 3):
  //   ∂g_i/∂r_j = −μ [δ_ij F_i / |r|³ − 3 r_i r_j F_i / |r|⁵ + r_i ∂F_i/∂r_j / |r|³],
  //   ∂F_i/∂r_j = (2k / |r|²) [r_j (5u − c_i) − 5 (z δ_jz − u r_j)].
  const double r2 = r.squaredNorm();
  const double inv_r = 1.0 / std::sqrt(r2);
  const double mu_r3 = gm_ * inv_r * inv_r * inv_r;
  const double u = r.z() * r.z() / r2;
  const double k = 1.5 * j2_ * reference_radius_m_ * reference_radius_m_ / r2;
  const Eigen::Vector3d c(1.0, 1.0, 3.0);
  Eigen::Matrix3d gradient;
  for (int i = 0; i < 3; ++i) {
    const double f = 1.0 - k * (5.0 * u - c[i]);
    for (int j = 0; j < 3; ++j) {
      const double df =
          2.0 * k / r2 * (r[j] * (5.0 * u - c[i]) - 5.0 * ((j == 2 ? r.z() : 0.0) - u * r[j]));
      gradient(i, j) = -mu_r3 * ((i == j ? f : 0.0) - 3.0 * r[i] * r[j] * f / r2 + r[i] * df);
    }
  }
  return gradient;
}

double GravityField::Potential(const Eigen::Vector3d& r) const {
  const double r2 = r.squaredNorm();
  const double norm = std::sqrt(r2);
  const double z2_r2 = r.z() * r.z() / r2;
  const double a_r2 = reference_radius_m_ * reference_radius_m_ / r2;
  return -gm_ / norm * (1.0 - 0.5 * j2_ * a_r2 * (3.0 * z2_r2 - 1.0));
}

}  // namespace trilink::flight
