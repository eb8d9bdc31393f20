// WGS-84 frames: geodetic ⇄ ECEF ⇄ local ENU and azimuth/elevation/range
// about a site, and geodesics on the ellipsoid. All conversions go through
// GeographicLib (Karney 2011 for geocentric conversion, Karney 2013 for
// geodesics), so they are exact to round-off.
//
// Angles are radians inside trilink; a Geodetic point holds latitude and
// longitude in radians and the height above the ellipsoid in metres.
//
// Usage:
//   Geodetic site = Geodetic::FromDegrees(39.2, 127.5, 0.0);
//   Eigen::Vector3d ecef_position = GeodeticToEcef(site);
//   LocalFrame frame(site);
//   AzElRange look = frame.ToAzElRange(ecef_target);
//   GeodesicLine g = GeodesicInverse(site, other);   // g.distance_m, g.azimuth_rad
#pragma once

#include <Eigen/Core>

namespace trilink::geo {

// WGS-84 defining constants (NIMA TR8350.2).
inline constexpr double kWgs84SemiMajorAxis = 6378137.0;         // a (m)
inline constexpr double kWgs84Flattening = 1.0 / 298.257223563;  // f
inline constexpr double kWgs84Gm = 3.986004418e14;               // GM (m^3/s^2)
inline constexpr double kWgs84EarthRate = 7.292115e-5;           // ω (rad/s)

struct Geodetic {
  double latitude_rad = 0.0;   // [-π/2, π/2]
  double longitude_rad = 0.0;  // any; printed in [-π, π)
  double height_m = 0.0;       // above the ellipsoid

  // latitude_deg in [-90, 90], longitude_deg any, height_m above the ellipsoid.
  static Geodetic FromDegrees(double latitude_deg, double longitude_deg, double height_m = 0.0);
  double latitude_deg() const;
  double longitude_deg() const;  // normalised to [-180, 180)
};

// Earth-centred, Earth-fixed position (m) of a geodetic point.
Eigen::Vector3d GeodeticToEcef(const Geodetic& point);
// Geodetic point of an ECEF position (m); exact for any position (GeographicLib).
Geodetic EcefToGeodetic(const Eigen::Vector3d& ecef_position);
// Rotation taking ENU vector components at the given point to ECEF components:
// columns are the east, north and up unit vectors in ECEF.
Eigen::Matrix3d EcefRotationFromEnu(double latitude_rad, double longitude_rad);

// Height (m) above the ellipsoid of an ECEF position; cheaper than the full
// conversion when only the height is needed, exact to round-off.
double HeightAboveEllipsoid(const Eigen::Vector3d& ecef_position);

struct AzElRange {
  double azimuth_rad = 0.0;    // clockwise from north, [0, 2π)
  double elevation_rad = 0.0;  // above the local horizontal plane, [-π/2, π/2]
  double range_m = 0.0;        // straight-line distance (m)
};

// A local east-north-up frame with its origin at a site.
class LocalFrame {
 public:
  explicit LocalFrame(const Geodetic& origin);

  const Geodetic& origin() const { return origin_; }
  const Eigen::Vector3d& ecef_origin() const { return ecef_origin_; }
  const Eigen::Matrix3d& ecef_R_enu() const { return ecef_R_enu_; }

  Eigen::Vector3d EcefToEnu(const Eigen::Vector3d& ecef_position) const;
  Eigen::Vector3d EnuToEcef(const Eigen::Vector3d& enu_position) const;
  AzElRange ToAzElRange(const Eigen::Vector3d& ecef_position) const;
  Eigen::Vector3d FromAzElRange(const AzElRange& look) const;  // ECEF position

 private:
  Geodetic origin_;
  Eigen::Vector3d ecef_origin_;
  Eigen::Matrix3d ecef_R_enu_;
};

// The geodesic between two points on the WGS-84 ellipsoid (heights ignored).
struct GeodesicLine {
  double distance_m = 0.0;
  double initial_azimuth_rad = 0.0;  // at the first point, clockwise from north
  double final_azimuth_rad = 0.0;    // at the second point
};
GeodesicLine GeodesicInverse(const Geodetic& from, const Geodetic& to);
// The point at distance_m (≥ 0) along the geodesic leaving `from` with
// azimuth_rad (clockwise from north); the height of the result is 0.
Geodetic GeodesicDirect(const Geodetic& from, double azimuth_rad, double distance_m);

}  // namespace trilink::geo
