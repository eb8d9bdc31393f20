// Warning areas: country land, 12-nautical-mile territorial sea, exclusive
// economic zone (EEZ, here the maritime zone beyond the territorial sea) and
// named areas below country level (Japan's prefectures), read from GeoJSON;
// which areas contain a point, the probability that a Gaussian or sampled
// impact falls in each area, and which areas a predicted path passes over.
//
// Polygons are in longitude/latitude degrees with straight edges in those
// coordinates (the GeoJSON convention, RFC 7946 §3.1.1), in Boost.Geometry
// models; an R-tree over every polygon's bounding box keeps a point query at
// O(log n + the few polygons whose boxes hold the point), and each polygon's
// banded edge index (PolygonLocator) makes the test against a coastline of
// tens of thousands of vertices cost a few dozen edges.
//
// The region file is cut by scripts/cut-areas.mjs at setup time
// (docs/areas.md: sources, licences, attribution, accuracy). DefaultAreasPath()
// says where the program looks for it.
//
// Gaussian probabilities integrate the density over the local east/north
// plane at the ellipse centre (an azimuthal equidistant projection, exact
// ellipsoidal geodesics, GeographicLib) with the midpoint rule on a grid in
// whitened coordinates: error about 1e-3 with the default options
// (areas_test.cc checks closed forms).
//
// Usage:
//   AreaSet areas = LoadAreas(DefaultAreasPath());
//   for (std::size_t i : areas.AreasContaining(Geodetic::FromDegrees(35.68, 139.69)))
//     std::cout << areas.area(i).name << "\n";       // Japan (land), Tokyo (named)
//   auto p = GaussianAreaProbabilities(areas, impact.point, impact.east_north_covariance);
//   auto over = Overflights(areas, predicted_path);  // path points with .time, .position
#pragma once

#include <Eigen/Core>
// Boost 1.74's Geometry includes Boost's own deprecated header
// <boost/detail/no_exceptions_support.hpp> (from
// boost/geometry/index/detail/varray_detail.hpp), which prints a deprecation
// note in every file that includes this one. The note is about Boost's code,
// not ours: allow it for these includes only.
#pragma push_macro("BOOST_ALLOW_DEPRECATED_HEADERS")
#undef BOOST_ALLOW_DEPRECATED_HEADERS
#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>
#pragma pop_macro("BOOST_ALLOW_DEPRECATED_HEADERS")
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trilink/core/time.h"
#include "trilink/geo/polygon_locator.h"
#include "trilink/geo/wgs84.h"

namespace trilink::geo {

// x = longitude (degrees, east positive), y = latitude (degrees).
using LonLatPoint = boost::geometry::model::d2::point_xy<double>;
using LonLatPolygon = boost::geometry::model::polygon<LonLatPoint>;  // clockwise, closed
using LonLatMultiPolygon = boost::geometry::model::multi_polygon<LonLatPolygon>;
using LonLatBox = boost::geometry::model::box<LonLatPoint>;

enum class AreaKind {
  kLand,            // a country's land
  kTerritorialSea,  // sea within 12 nm of its land, inside its maritime zone
  kEez,             // the rest of its maritime zone (EEZ beyond the territorial sea)
  kNamed,           // a named warning area below country level (a prefecture)
};
// "land", "territorial_sea", "eez", "named" (the GeoJSON `kind` values).
std::string_view AreaKindName(AreaKind kind);
std::optional<AreaKind> ParseAreaKind(std::string_view name);

struct Area {
  std::string name;     // "Japan", "Tokyo", ...
  std::string country;  // ISO 3166-1 alpha-3 ("JPN"); may be empty for a named area
  AreaKind kind = AreaKind::kNamed;
  LonLatMultiPolygon multipolygon;  // valid, corrected orientation
  LonLatBox bounds;                 // of the multipolygon
};

// An outline of `area` small enough for a message: the outer rings of its
// polygons (holes dropped: a message polygon has none), largest first,
// Douglas–Peucker-simplified in degrees at the smallest tolerance of
// 0.001° · 2^k at which the largest ring has at most `max_points` points;
// the other rings follow, largest first, as many as keep the total within
// `max_points`, a ring left with fewer than 4 points (an islet at that
// scale) dropped. Rings are closed (first point repeated), in lon/lat; the
// largest ring's bounding box when even it shrinks below a triangle. For
// display and rough targeting: a message's geocode names the area exactly.
// `max_points` >= 5 (checked); empty for an area without polygons.
std::vector<std::vector<LonLatPoint>> SimplifiedOutline(const Area& area, std::size_t max_points);

// Where a point lies with respect to one country (AreaSet::ZoneOf).
enum class MaritimeZone { kLand, kTerritorialSea, kEez, kOutside };
std::string_view MaritimeZoneName(
    MaritimeZone zone);  // "land", "territorial sea", "EEZ", "outside"

class AreaSet {
 public:
  AreaSet() = default;
  // Takes the areas as they are (orientation corrected, bounds computed);
  // `attribution` is the data's attribution text, kept for reports.
  explicit AreaSet(std::vector<Area> areas, std::string attribution = {});

  std::size_t size() const { return areas_.size(); }
  const Area& area(std::size_t index) const { return areas_.at(index); }
  const std::vector<Area>& areas() const { return areas_; }
  const std::string& attribution() const { return attribution_; }

  // The first area with this name and kind (and country, unless empty).
  std::optional<std::size_t> Find(std::string_view name, AreaKind kind,
                                  std::string_view country = {}) const;
  // Appends another set's areas (e.g. named areas from a scenario's file).
  void Append(const AreaSet& other);

  // Indices (ascending) of the areas whose polygons contain the point's ground
  // position (height ignored); a point exactly on a boundary may fall either
  // way (PolygonLocator).
  std::vector<std::size_t> AreasContaining(const Geodetic& point) const;
  bool Contains(std::size_t area, const Geodetic& point) const;
  bool Contains(std::size_t area, const LonLatPoint& point) const;
  // Whether polygon `polygon` of `area` contains the point (even-odd; a
  // point exactly on an edge may fall either way).
  bool PolygonContains(std::size_t area, std::size_t polygon, const LonLatPoint& point) const {
    return locators_[area][polygon].Contains(point.x(), point.y());
  }

  // Land, territorial sea, EEZ or outside of `country` (ISO alpha-3), from
  // that country's areas in this set (kOutside when it has none).
  MaritimeZone ZoneOf(const Geodetic& point, std::string_view country) const;

  // Geodesic distance (m) from the point to the nearest boundary point of the
  // area (0 when inside), accurate to the polygon simplification (≤ ~250 m)
  // plus 0.5 % of the distance; nullopt when the area has no polygon within
  // `search_radius_m` (> 0) of the point.
  std::optional<double> DistanceToArea(std::size_t area, const Geodetic& point,
                                       double search_radius_m = 500e3) const;

  // For the probability and overflight code: (polygon bounding box, (area, polygon)).
  using IndexEntry = std::pair<LonLatBox, std::pair<std::size_t, std::size_t>>;
  const boost::geometry::index::rtree<IndexEntry, boost::geometry::index::rstar<16>>& index()
      const {
    return index_;
  }

 private:
  std::vector<Area> areas_;
  std::string attribution_;
  boost::geometry::index::rtree<IndexEntry, boost::geometry::index::rstar<16>> index_;
  std::vector<std::vector<PolygonLocator>> locators_;  // per area, per polygon
};

// Reads a GeoJSON (RFC 7946) FeatureCollection of Polygon and MultiPolygon
// features with properties
//   name     the area's name: printable UTF-8 text, not empty (required);
//   kind     "land", "territorial_sea", "eez" or "named" (default "named");
//   country  an ISO 3166-1 alpha-3 code, three upper-case letters ("JPN")
//            (optional);
// no two areas with the same name, kind and country. Each ring is closed
// (its first position repeated at the end, RFC 7946 §3.1.6) with at least 4
// positions [longitude in [-180, 360], latitude in [-90, 90]] (degrees; an
// altitude is ignored), and encloses an area: not all on one line, no
// spikes. Self-intersecting rings are taken, their inside counted even-odd
// (areas.cc, CheckRing, says why). Features with a null geometry, or with a
// geometry that encloses no area (Point, MultiPoint, LineString,
// MultiLineString, a GeometryCollection without polygons), are skipped; any
// other geometry type is an error. The top-level `properties.attribution`
// (printable text), if any, becomes the set's attribution. Throws InputError
// "FILE: feature N ('NAME'): ..." naming the feature, and the polygon, ring
// and position where they apply, and what was expected (missing file: the
// setup command to run).
AreaSet LoadAreas(const std::filesystem::path& path);
// As LoadAreas, from the file's text; `file` names it in messages.
AreaSet ParseAreas(std::string_view text, const std::string& file);

// The region file: $TRILINK_AREAS if set and not empty, else the path
// configured at build time (CMake cache variable TRILINK_AREAS_FILE, default
// <source>/data/generated/areas-east-asia.geojson written by scripts/setup.sh).
std::filesystem::path DefaultAreasPath();

// --- probability of falling inside each area ---------------------------------

struct AreaProbability {
  std::size_t area = 0;
  double probability = 0.0;  // in [0, 1]
};

struct GaussianIntegrationOptions {
  double grid_step_sigma = 0.04;  // cell size in whitened units (σ), (0, 1]
  double extent_sigma = 5.5;      // integrate over the Mahalanobis disc of this radius, [3, 10]
  bool IsValid(std::string* error) const;
};

// Probability mass of the Gaussian N(centre, east_north_covariance) (m², on
// the local east/north plane at `centre`, positive definite) inside each area
// it reaches; areas with zero mass are left out; ordered by area index.
std::vector<AreaProbability> GaussianAreaProbabilities(
    const AreaSet& areas, const Geodetic& centre, const Eigen::Matrix2d& east_north_covariance,
    const GaussianIntegrationOptions& options = {});

// Weighted samples (e.g. ImpactPrediction::sample_points / sample_weights;
// weights ≥ 0, same length, or empty for equal weights): the weight inside
// each area over the total weight; ordered by area index.
std::vector<AreaProbability> SampleAreaProbabilities(const AreaSet& areas,
                                                     std::span<const Geodetic> points,
                                                     std::span<const double> weights = {});

// --- overflight --------------------------------------------------------------

struct TimedPosition {
  UtcTime time;
  Geodetic position;
};

struct Overflight {
  std::size_t area = 0;
  UtcTime first;  // first time the ground point is inside the area
  UtcTime last;   // last time it is inside
};

struct OverflightOptions {
  double step_m = 500.0;  // ground distance between tested points, > 0
  // Which kinds count (default: land and named areas).
  std::vector<AreaKind> kinds = {AreaKind::kLand, AreaKind::kNamed};
  bool IsValid(std::string* error) const;
};

// Areas whose polygons contain the ground point (sub-satellite point,
// altitude ignored) of the path at some time, with the first and last such
// time; the path is followed along geodesics between its points, tested every
// `step_m`, and entry/exit times are refined by bisection to ~1 m along the
// ground. Ordered by first time, then area index. `path` in time order.
std::vector<Overflight> Overflights(const AreaSet& areas, std::span<const TimedPosition> path,
                                    const OverflightOptions& options = {});

// Any path type whose points have `.time` (UtcTime) and `.position`
// (Geodetic), e.g. std::vector<assess::PathPoint>.
template <typename Path>
requires requires(const Path& p) {
  p.begin()->time;
  p.begin()->position;
}
std::vector<Overflight> Overflights(const AreaSet& areas, const Path& path,
                                    const OverflightOptions& options = {}) {
  std::vector<TimedPosition> points;
  points.reserve(path.size());
  for (const auto& point : path) points.push_back({point.time, point.position});
  return Overflights(areas, std::span<const TimedPosition>(points), options);
}

}  // namespace trilink::geo
