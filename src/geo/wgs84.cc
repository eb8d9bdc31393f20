#include "trilink/geo/wgs84.h"

#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
#include <cmath>

#include "trilink/core/error.h"
#include "trilink/core/units.h"

namespace trilink::geo {
namespace {

// GeographicLib returns NaN for |latitude| > 90°; a latitude of ±π/2 rad can
// come back from RadToDeg an ulp beyond ±90°, so clamp what is only round-off.
double LatitudeDegreesForGeographicLib(double latitude_rad) {
  return std::clamp(RadToDeg(latitude_rad), -90.0, 90.0);
}

// An angle in degrees from GeographicLib ((-180°, 180°]) as radians in [0, 2π).
double AzimuthFromDegrees(double azimuth_deg) {
  double azimuth_rad = DegToRad(azimuth_deg);
  if (azimuth_rad < 0.0) azimuth_rad += 2.0 * kPi;
  // -tiny + 2π rounds to 2π, which is outside the half-open range.
  return azimuth_rad < 2.0 * kPi ? azimuth_rad : 0.0;
}

}  // namespace

Geodetic Geodetic::FromDegrees(double latitude_deg, double longitude_deg, double height_m) {
  return {DegToRad(latitude_deg), DegToRad(longitude_deg), height_m};
}

double Geodetic::latitude_deg() const { return RadToDeg(latitude_rad); }

double Geodetic::longitude_deg() const {
  // std::remainder is exact and gives [-180, 180]; +180 is mapped to -180.
  const double degrees = std::remainder(RadToDeg(longitude_rad), 360.0);
  return degrees == 180.0 ? -180.0 : degrees;
}

Eigen::Vector3d GeodeticToEcef(const Geodetic& point) {
  Eigen::Vector3d ecef_position;
  GeographicLib::Geocentric::WGS84().Forward(
      LatitudeDegreesForGeographicLib(point.latitude_rad), RadToDeg(point.longitude_rad),
      point.height_m, ecef_position.x(), ecef_position.y(), ecef_position.z());
  return ecef_position;
}

Geodetic EcefToGeodetic(const Eigen::Vector3d& ecef_position) {
  double latitude_deg = 0.0, longitude_deg = 0.0, height_m = 0.0;
  GeographicLib::Geocentric::WGS84().Reverse(ecef_position.x(), ecef_position.y(),
                                             ecef_position.z(), latitude_deg, longitude_deg,
                                             height_m);
  return Geodetic::FromDegrees(latitude_deg, longitude_deg, height_m);
}

Eigen::Matrix3d EcefRotationFromEnu(double latitude_rad, double longitude_rad) {
  const double sin_lat = std::sin(latitude_rad), cos_lat = std::cos(latitude_rad);
  const double sin_lon = std::sin(longitude_rad), cos_lon = std::cos(longitude_rad);
  Eigen::Matrix3d ecef_R_enu;
  // Columns: east, north, up (the ellipsoid normal) in ECEF components.
  ecef_R_enu << -sin_lon, -sin_lat * cos_lon, cos_lat * cos_lon,  //
      cos_lon, -sin_lat * sin_lon, cos_lat * sin_lon,             //
      0.0, cos_lat, sin_lat;
  return ecef_R_enu;
}

double HeightAboveEllipsoid(const Eigen::Vector3d& ecef_position) {
  // Karney's closed-form Reverse is already cheap (no iteration); a separate
  // height-only formula would save little and lose exactness near the axis.
  return EcefToGeodetic(ecef_position).height_m;
}

LocalFrame::LocalFrame(const Geodetic& origin)
    : origin_(origin),
      ecef_origin_(GeodeticToEcef(origin)),
      ecef_R_enu_(EcefRotationFromEnu(origin.latitude_rad, origin.longitude_rad)) {}

Eigen::Vector3d LocalFrame::EcefToEnu(const Eigen::Vector3d& ecef_position) const {
  return ecef_R_enu_.transpose() * (ecef_position - ecef_origin_);
}

Eigen::Vector3d LocalFrame::EnuToEcef(const Eigen::Vector3d& enu_position) const {
  return ecef_origin_ + ecef_R_enu_ * enu_position;
}

AzElRange LocalFrame::ToAzElRange(const Eigen::Vector3d& ecef_position) const {
  const Eigen::Vector3d enu = EcefToEnu(ecef_position);
  const double horizontal_m = std::hypot(enu.x(), enu.y());
  AzElRange look;
  // atan2(east, north) is clockwise from north; its (-π, π] is moved to [0, 2π).
  look.azimuth_rad = std::atan2(enu.x(), enu.y());
  if (look.azimuth_rad < 0.0) look.azimuth_rad += 2.0 * kPi;
  if (look.azimuth_rad >= 2.0 * kPi) look.azimuth_rad = 0.0;
  look.elevation_rad = std::atan2(enu.z(), horizontal_m);
  look.range_m = enu.norm();
  return look;
}

Eigen::Vector3d LocalFrame::FromAzElRange(const AzElRange& look) const {
  const double cos_el = std::cos(look.elevation_rad);
  const Eigen::Vector3d enu(look.range_m * cos_el * std::sin(look.azimuth_rad),
                            look.range_m * cos_el * std::cos(look.azimuth_rad),
                            look.range_m * std::sin(look.elevation_rad));
  return EnuToEcef(enu);
}

GeodesicLine GeodesicInverse(const Geodetic& from, const Geodetic& to) {
  double distance_m = 0.0, azimuth1_deg = 0.0, azimuth2_deg = 0.0;
  GeographicLib::Geodesic::WGS84().Inverse(
      LatitudeDegreesForGeographicLib(from.latitude_rad), RadToDeg(from.longitude_rad),
      LatitudeDegreesForGeographicLib(to.latitude_rad), RadToDeg(to.longitude_rad), distance_m,
      azimuth1_deg, azimuth2_deg);
  return {distance_m, AzimuthFromDegrees(azimuth1_deg), AzimuthFromDegrees(azimuth2_deg)};
}

Geodetic GeodesicDirect(const Geodetic& from, double azimuth_rad, double distance_m) {
  TRILINK_CHECK(std::isfinite(distance_m) && distance_m >= 0.0)
      << "geodesic distance must be finite and >= 0, got " << distance_m;
  double latitude_deg = 0.0, longitude_deg = 0.0;
  GeographicLib::Geodesic::WGS84().Direct(LatitudeDegreesForGeographicLib(from.latitude_rad),
                                          RadToDeg(from.longitude_rad), RadToDeg(azimuth_rad),
                                          distance_m, latitude_deg, longitude_deg);
  return Geodetic::FromDegrees(latitude_deg, longitude_deg, 0.0);
}

}  // namespace trilink::geo
