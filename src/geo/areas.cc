#include "trilink/geo/areas.h"

#include <Eigen/Cholesky>
#include <GeographicLib/AzimuthalEquidistant.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <tuple>

#include "boost_geometry.h"
#include "trilink/core/error.h"
#include "trilink/core/input_file.h"
#include "trilink/core/spelling.h"
#include "trilink/core/text.h"
#include "trilink/core/units.h"

#ifndef TRILINK_AREAS_FILE
#error "TRILINK_AREAS_FILE must be defined by the build (src/geo/CMakeLists.txt)"
#endif

namespace trilink::geo {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using nlohmann::json;

LonLatPoint ToLonLat(const Geodetic& point) {
  return {point.longitude_deg(), point.latitude_deg()};
}

// --- GeoJSON -------------------------------------------------------------------

// The geometry types of GeoJSON (RFC 7946 §1.4).
constexpr std::array<std::string_view, 7> kGeometryTypes = {
    "Point",   "MultiPoint",   "LineString",        "MultiLineString",
    "Polygon", "MultiPolygon", "GeometryCollection"};
constexpr std::string_view kExpectedGeometryType =
    "expected Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or "
    "GeometryCollection (RFC 7946)";

[[noreturn]] void Fail(const std::string& file, const std::string& where, const std::string& what) {
  throw InputError(file + (where.empty() ? "" : ": " + where) + ": " + what);
}

// " (did you mean 'X'?)" for a `name` near one of `candidates`, else "".
std::string DidYouMean(std::string_view name, std::span<const std::string_view> candidates) {
  const std::string_view nearest = NearestName(name, candidates);
  return nearest.empty() ? "" : " (did you mean '" + std::string(nearest) + "'?)";
}

// object[key] when it is a string; `fallback` when absent; an error naming
// the field when it is something else.
std::string OptionalString(const json& object, const char* key, const std::string& fallback,
                           const std::string& file, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_string())
    Fail(file, where, std::string(key) + " must be a string, got " + JsonForMessage(*it));
  return it->get<std::string>();
}

// ISO 3166-1 alpha-3: three upper-case ASCII letters ("JPN").
bool IsAlpha3(std::string_view code) {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Whether a GeometryCollection holds a Polygon or a MultiPolygon, at any
// depth (with a stack, not recursion: the nesting is the file's to choose).
bool HoldsPolygons(const json& collection) {
  std::vector<const json*> pending = {&collection};
  while (!pending.empty()) {
    const json& geometry = *pending.back();
    pending.pop_back();
    if (!geometry.is_object()) continue;
    const auto type = geometry.find("type");
    if (type == geometry.end() || !type->is_string()) continue;
    if (*type == "Polygon" || *type == "MultiPolygon") return true;
    const auto members = geometry.find("geometries");
    if (*type == "GeometryCollection" && members != geometry.end() && members->is_array()) {
      for (const json& member : *members) pending.push_back(&member);
    }
  }
  return false;
}

// Refuses a ring that encloses no area: fewer than three distinct positions
// off one line (zero area, Boost's "wrong topological dimension") or a spike
// (an edge that turns straight back). Boost.Geometry's is_valid is run on
// each ring alone, not on the whole polygon, and self-intersections are
// accepted, because:
//  - the region file has them: 2 of its 26,033 polygons fail
//    bg::is_valid(polygon) (as scripts/setup.sh cuts it from the pinned
//    packages): a 7-vertex bow-tie sliver of Russia's territorial sea near
//    129.15 E 49.37 N, and two holes of Japan's land touching at a vertex
//    near 131.35 E 34.16 N, left by the simplification that cut the file;
//    none has a zero-area ring or a spike;
//  - every reader of an area (PolygonLocator, the probabilities, the
//    overflights) counts crossings even-odd, which gives a self-intersecting
//    ring a definite inside; a zero-area ring has none (an area that can
//    never be warned) and a spike is a slip of the pen;
//  - bg::is_valid of whole polygons takes about 1.2 s on the region file
//    (0.9 s for China's land with its 13,000 holes), six times the rest of
//    the load; the rings alone take about 0.07 s.
// The orientation is not checked: AreaSet corrects it (bg::correct).
void CheckRing(const LonLatPolygon::ring_type& ring, const std::string& file,
               const std::string& where) {
  bg::validity_failure_type failure = bg::no_failure;
  bg::is_valid(ring, failure);
  // is_valid reports the first failure it finds and tests the orientation
  // last, so wrong_orientation means that nothing else is wrong.
  if (failure == bg::no_failure || failure == bg::failure_self_intersections ||
      failure == bg::failure_wrong_orientation) {
    return;
  }
  std::string reason;
  bg::is_valid(ring, reason);
  Fail(file, where,
       "not an area: " + reason +
           "; expected a ring around an area (at least three positions not on one line, no "
           "spikes)");
}

LonLatPolygon::ring_type ReadRing(const json& ring, const std::string& path,
                                  const std::string& where) {
  // RFC 7946 §3.1.6: a linear ring is closed, with four or more positions.
  if (!ring.is_array() || ring.size() < 4) {
    Fail(path, where,
         "a linear ring must be an array of at least 4 [longitude, latitude] positions, got " +
             JsonForMessage(ring));
  }
  LonLatPolygon::ring_type result;
  result.reserve(ring.size());
  for (std::size_t k = 0; k < ring.size(); ++k) {
    const json& position = ring[k];
    if (!position.is_array() || position.size() < 2 || position.size() > 3 ||
        !std::all_of(position.begin(), position.end(),
                     [](const json& number) { return number.is_number(); })) {
      Fail(path, where + ", position " + std::to_string(k),
           "got " + JsonForMessage(position) +
               "; expected [longitude, latitude] or [longitude, latitude, altitude] numbers");
    }
    const double longitude = position[0].get<double>(), latitude = position[1].get<double>();
    // Longitudes to 360 for polygons that cross the antimeridian.
    if (!(longitude >= -180.0 && longitude <= 360.0 && latitude >= -90.0 && latitude <= 90.0)) {
      Fail(path, where + ", position " + std::to_string(k),
           "got " + JsonForMessage(position) +
               "; expected a longitude in [-180, 360] and a latitude in [-90, 90] (degrees)");
    }
    result.emplace_back(longitude, latitude);
  }
  if (!bg::equals(result.front(), result.back())) {
    Fail(path, where,
         "not closed: the first position is " + JsonForMessage(ring.front()) + ", the last " +
             JsonForMessage(ring.back()) +
             "; expected the first position repeated at the end (RFC 7946 §3.1.6)");
  }
  CheckRing(result, path, where);
  return result;
}

// `where` names the feature and the polygon; rings are numbered from 0, the
// exterior ring.
LonLatPolygon ReadPolygon(const json& rings, const std::string& path, const std::string& where) {
  if (!rings.is_array() || rings.empty()) {
    Fail(path, where, "a polygon must be a non-empty array of rings, got " + JsonForMessage(rings));
  }
  LonLatPolygon polygon;
  polygon.outer() = ReadRing(rings[0], path, where + ", ring 0");
  for (std::size_t i = 1; i < rings.size(); ++i) {
    polygon.inners().push_back(ReadRing(rings[i], path, where + ", ring " + std::to_string(i)));
  }
  return polygon;
}

// A lon/lat box holding every point within `radius_m` of `centre` along the
// ellipsoid, longitudes continuous with the centre's: a path of that length
// changes the latitude by at most radius / M_min (M ≥ a (1 − e²), the
// meridian's smallest radius) and the longitude by at most radius / (a cos φ)
// at the largest |φ| it reaches (the parallel's radius N cos φ ≥ a cos φ);
// every longitude within a degree of a pole.
LonLatBox DiscBound(const Geodetic& centre, double radius_m) {
  const double lat0 = centre.latitude_deg(), lon0 = centre.longitude_deg();
  const double e2 = kWgs84Flattening * (2.0 - kWgs84Flattening);
  const double dlat = RadToDeg(radius_m / (kWgs84SemiMajorAxis * (1.0 - e2)));
  const double max_abs_lat = std::abs(lat0) + dlat;
  const double dlon =
      max_abs_lat < 89.0
          ? std::min(180.0,
                     RadToDeg(radius_m / (kWgs84SemiMajorAxis * std::cos(DegToRad(max_abs_lat)))))
          : 180.0;
  return {{lon0 - dlon, lat0 - dlat}, {lon0 + dlon, lat0 + dlat}};
}

}  // namespace

std::string_view AreaKindName(AreaKind kind) {
  switch (kind) {
    case AreaKind::kLand:
      return "land";
    case AreaKind::kTerritorialSea:
      return "territorial_sea";
    case AreaKind::kEez:
      return "eez";
    case AreaKind::kNamed:
      return "named";
  }
  return "?";
}

std::optional<AreaKind> ParseAreaKind(std::string_view name) {
  for (AreaKind kind :
       {AreaKind::kLand, AreaKind::kTerritorialSea, AreaKind::kEez, AreaKind::kNamed}) {
    if (AreaKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view MaritimeZoneName(MaritimeZone zone) {
  switch (zone) {
    case MaritimeZone::kLand:
      return "land";
    case MaritimeZone::kTerritorialSea:
      return "territorial sea";
    case MaritimeZone::kEez:
      return "EEZ";
    case MaritimeZone::kOutside:
      return "outside";
  }
  return "?";
}

AreaSet::AreaSet(std::vector<Area> areas, std::string attribution)
    : areas_(std::move(areas)), attribution_(std::move(attribution)) {
  std::vector<IndexEntry> entries;
  for (std::size_t a = 0; a < areas_.size(); ++a) {
    Area& area = areas_[a];
    bg::correct(area.multipolygon);
    area.bounds = bg::return_envelope<LonLatBox>(area.multipolygon);
    locators_.emplace_back();
    for (std::size_t p = 0; p < area.multipolygon.size(); ++p) {
      entries.push_back({bg::return_envelope<LonLatBox>(area.multipolygon[p]), {a, p}});
      locators_.back().emplace_back(area.multipolygon[p]);
    }
  }
  // Bulk loading (packing) builds a better tree than inserting one by one.
  index_ = decltype(index_)(entries.begin(), entries.end());
}

std::optional<std::size_t> AreaSet::Find(std::string_view name, AreaKind kind,
                                         std::string_view country) const {
  for (std::size_t i = 0; i < areas_.size(); ++i) {
    const Area& area = areas_[i];
    if (area.name == name && area.kind == kind && (country.empty() || area.country == country)) {
      return i;
    }
  }
  return std::nullopt;
}

void AreaSet::Append(const AreaSet& other) {
  std::vector<Area> areas = areas_;
  areas.insert(areas.end(), other.areas_.begin(), other.areas_.end());
  std::string attribution = attribution_;
  if (!other.attribution_.empty()) {
    attribution += (attribution.empty() ? "" : " ") + other.attribution_;
  }
  *this = AreaSet(std::move(areas), std::move(attribution));
}

std::vector<std::size_t> AreaSet::AreasContaining(const Geodetic& point) const {
  const LonLatPoint p = ToLonLat(point);
  std::vector<std::size_t> result;
  for (auto it = index_.qbegin(bgi::covers(p)); it != index_.qend(); ++it) {
    const auto [area, polygon] = it->second;
    if (PolygonContains(area, polygon, p)) result.push_back(area);
  }
  std::sort(result.begin(), result.end());
  result.erase(std::unique(result.begin(), result.end()), result.end());
  return result;
}

bool AreaSet::Contains(std::size_t area, const Geodetic& point) const {
  return Contains(area, ToLonLat(point));
}

bool AreaSet::Contains(std::size_t area, const LonLatPoint& p) const {
  const Area& a = areas_.at(area);
  if (!bg::covered_by(p, a.bounds)) return false;
  for (std::size_t polygon = 0; polygon < a.multipolygon.size(); ++polygon) {
    if (PolygonContains(area, polygon, p)) return true;
  }
  return false;
}

MaritimeZone AreaSet::ZoneOf(const Geodetic& point, std::string_view country) const {
  bool territorial = false, eez = false;
  for (std::size_t i : AreasContaining(point)) {
    const Area& area = areas_[i];
    if (area.country != country) continue;
    if (area.kind == AreaKind::kLand) return MaritimeZone::kLand;
    territorial = territorial || area.kind == AreaKind::kTerritorialSea;
    eez = eez || area.kind == AreaKind::kEez;
  }
  if (territorial) return MaritimeZone::kTerritorialSea;
  if (eez) return MaritimeZone::kEez;
  return MaritimeZone::kOutside;
}

std::vector<std::vector<LonLatPoint>> SimplifiedOutline(const Area& area, std::size_t max_points) {
  TRILINK_CHECK(max_points >= 5) << "an outline needs at least 5 points, got " << max_points;
  std::vector<const LonLatPolygon::ring_type*> rings;
  for (const LonLatPolygon& polygon : area.multipolygon) rings.push_back(&polygon.outer());
  if (rings.empty()) return {};
  std::vector<double> ring_area(rings.size());
  for (size_t i = 0; i < rings.size(); ++i) ring_area[i] = std::abs(bg::area(*rings[i]));
  std::vector<size_t> order(rings.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return ring_area[a] > ring_area[b]; });
  const LonLatPolygon::ring_type& largest = *rings[order.front()];
  for (double tolerance = 1e-3;; tolerance *= 2.0) {
    LonLatPolygon::ring_type simplified;
    bg::simplify(largest, simplified, tolerance);
    if (simplified.size() < 4) {
      // Coarser than a triangle: the largest ring's bounding box.
      LonLatBox box;
      bg::envelope(largest, box);
      const double w = box.min_corner().x(), s = box.min_corner().y();
      const double e = box.max_corner().x(), n = box.max_corner().y();
      return {{{w, s}, {w, n}, {e, n}, {e, s}, {w, s}}};
    }
    if (simplified.size() > max_points) continue;
    std::vector<std::vector<LonLatPoint>> outline;
    outline.emplace_back(simplified.begin(), simplified.end());
    size_t points = simplified.size();
    // The other rings, largest first, as many as fit at this tolerance.
    for (size_t k = 1; k < order.size(); ++k) {
      LonLatPolygon::ring_type ring;
      bg::simplify(*rings[order[k]], ring, tolerance);
      if (ring.size() < 4 || points + ring.size() > max_points) continue;  // an islet, or no room
      points += ring.size();
      outline.emplace_back(ring.begin(), ring.end());
    }
    return outline;
  }
}

std::optional<double> AreaSet::DistanceToArea(std::size_t area, const Geodetic& point,
                                              double search_radius_m) const {
  TRILINK_CHECK(search_radius_m > 0.0) << "search radius must be positive, got " << search_radius_m;
  const Area& a = areas_.at(area);
  if (Contains(area, point)) return 0.0;
  // Project the area's vertices near the point into an azimuthal equidistant
  // plane centred on the point: distances from the centre are exact
  // geodesics, so the nearest vertex/edge there is the nearest on the
  // ellipsoid up to the edge's curvature (≤ 0.5 % for edges within 500 km).
  const GeographicLib::AzimuthalEquidistant projection(GeographicLib::Geodesic::WGS84());
  const double lat0 = point.latitude_deg(), lon0 = point.longitude_deg();
  const LonLatBox search = DiscBound(point, search_radius_m);
  double best = std::numeric_limits<double>::infinity();
  auto visit_ring = [&](const LonLatPolygon::ring_type& ring) {
    double previous_x = 0.0, previous_y = 0.0;
    bool have_previous = false;
    for (const LonLatPoint& vertex : ring) {
      double x = 0.0, y = 0.0, azimuth = 0.0, scale = 0.0;
      projection.Forward(lat0, lon0, vertex.y(), vertex.x(), x, y, azimuth, scale);
      if (have_previous) {
        // Distance from the origin to the segment (previous, current).
        const double ex = x - previous_x, ey = y - previous_y;
        const double length2 = ex * ex + ey * ey;
        const double t = length2 > 0.0
                             ? std::clamp(-(previous_x * ex + previous_y * ey) / length2, 0.0, 1.0)
                             : 0.0;
        best = std::min(best, std::hypot(previous_x + t * ex, previous_y + t * ey));
      }
      previous_x = x;
      previous_y = y;
      have_previous = true;
    }
  };
  for (auto it = index_.qbegin(bgi::intersects(search)); it != index_.qend(); ++it) {
    if (it->second.first != area) continue;
    const LonLatPolygon& polygon = a.multipolygon[it->second.second];
    visit_ring(polygon.outer());
    for (const auto& inner : polygon.inners()) visit_ring(inner);
  }
  if (!(best <= search_radius_m)) return std::nullopt;
  return best;
}

AreaSet LoadAreas(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw InputError(path.string() +
                     ": cannot open the areas file; the region file is generated by "
                     "`bash scripts/setup.sh` (see docs/areas.md), or set TRILINK_AREAS");
  }
  // The region file is 8.5 MB; parsed, GeoJSON takes many times its text.
  const std::string text = ReadInputFile(path.string(), "areas file", size_t{256} << 20);
  return ParseAreas(StripByteOrderMark(text), path.string());
}

AreaSet ParseAreas(std::string_view text, const std::string& path) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    Fail(path, "byte " + std::to_string(error.byte),
         "not valid JSON: " + Printable(error.what(), 300));
  } catch (const json::exception& error) {
    // Not only syntax: out_of_range.406 for a number beyond a double (1e400).
    Fail(path, "", "not valid JSON: " + Printable(error.what(), 300));
  }
  if (!document.is_object() ||
      OptionalString(document, "type", "", path, "") != "FeatureCollection" ||
      !document.contains("features") || !document["features"].is_array()) {
    Fail(path, "", "expected a GeoJSON FeatureCollection with a \"features\" array");
  }
  std::string attribution;
  if (document.contains("properties") && document["properties"].is_object()) {
    attribution = OptionalString(document["properties"], "attribution", "", path, "properties");
    if (const std::string problem = TextProblem(attribution); !problem.empty()) {
      Fail(path, "properties.attribution", problem + "; expected printable text");
    }
  }
  static const json kNoProperties = json::object();
  std::vector<Area> areas;
  // The feature of each area's (name, kind, country), for duplicates.
  std::map<std::tuple<std::string, AreaKind, std::string>, std::size_t> first_feature;
  const json& features = document["features"];
  for (std::size_t i = 0; i < features.size(); ++i) {
    const json& feature = features[i];
    if (!feature.is_object() || !feature.contains("geometry")) {
      Fail(path, "feature " + std::to_string(i), "expected a Feature object with a \"geometry\"");
    }
    const auto properties_it = feature.find("properties");
    const json& properties =
        properties_it == feature.end() || properties_it->is_null() ? kNoProperties : *properties_it;
    // "feature 3 ('Tokyo')", the name as a message may quote it.
    std::string where = "feature " + std::to_string(i);
    if (properties.is_object()) {
      if (const auto name = properties.find("name");
          name != properties.end() && name->is_string()) {
        const std::string& name_text = name->get_ref<const std::string&>();
        if (!name_text.empty()) where += " ('" + Printable(name_text) + "')";
      }
    }

    const json& geometry = feature.at("geometry");
    if (geometry.is_null()) continue;  // no geometry: nothing to test against
    if (!geometry.is_object()) {
      Fail(path, where, "geometry must be an object or null, got " + JsonForMessage(geometry));
    }
    const std::string type = OptionalString(geometry, "type", "", path, where + ": geometry");
    if (!geometry.contains("type")) {
      Fail(path, where, "geometry.type is missing; " + std::string(kExpectedGeometryType));
    }
    if (std::find(kGeometryTypes.begin(), kGeometryTypes.end(), type) == kGeometryTypes.end()) {
      Fail(path, where,
           "geometry.type '" + Printable(type) + "' is not a GeoJSON geometry type" +
               DidYouMean(type, kGeometryTypes) + "; " + std::string(kExpectedGeometryType));
    }
    if (type == "GeometryCollection" && HoldsPolygons(geometry)) {
      Fail(path, where,
           "geometry: a GeometryCollection holding polygons is not read; expected the area's "
           "polygons as one Polygon or MultiPolygon geometry");
    }
    // Points and lines enclose no area: nothing to warn.
    if (type != "Polygon" && type != "MultiPolygon") continue;

    if (!properties.is_object() || !properties.contains("name") ||
        !properties["name"].is_string()) {
      Fail(path, where, "properties.name (a string) is required");
    }
    Area area;
    area.name = properties["name"].get<std::string>();
    if (area.name.empty()) Fail(path, where, "properties.name is empty; expected the area's name");
    if (const std::string problem = TextProblem(area.name); !problem.empty()) {
      Fail(path, where, "properties.name: " + problem + "; expected printable text");
    }
    area.country = OptionalString(properties, "country", "", path, where + ": properties");
    if (properties.contains("country") && !IsAlpha3(area.country)) {
      Fail(path, where,
           "properties.country '" + Printable(area.country) +
               "' is not an ISO 3166-1 alpha-3 code; expected three upper-case letters such as "
               "JPN, or no country member");
    }
    const std::string kind =
        OptionalString(properties, "kind", "named", path, where + ": properties");
    const std::optional<AreaKind> parsed_kind = ParseAreaKind(kind);
    if (!parsed_kind) {
      static constexpr std::array<std::string_view, 4> kKinds = {"land", "territorial_sea", "eez",
                                                                 "named"};
      Fail(path, where,
           "properties.kind '" + Printable(kind) +
               "' is not one of land, territorial_sea, eez, named" + DidYouMean(kind, kKinds));
    }
    area.kind = *parsed_kind;

    if (!geometry.contains("coordinates")) Fail(path, where, "geometry has no coordinates");
    const json& coordinates = geometry.at("coordinates");
    if (type == "Polygon") {
      area.multipolygon.push_back(ReadPolygon(coordinates, path, where + ": polygon 0"));
    } else {
      if (!coordinates.is_array() || coordinates.empty()) {
        Fail(path, where,
             "MultiPolygon coordinates must be a non-empty array of polygons, got " +
                 JsonForMessage(coordinates));
      }
      for (std::size_t p = 0; p < coordinates.size(); ++p) {
        area.multipolygon.push_back(
            ReadPolygon(coordinates[p], path, where + ": polygon " + std::to_string(p)));
      }
    }

    // AreaSet::Find and the warning areas tell areas apart by name, kind and
    // country: two of the same would be one area warned twice, or one lost.
    const auto [seen, inserted] =
        first_feature.try_emplace(std::tuple(area.name, area.kind, area.country), i);
    if (!inserted) {
      Fail(path, where,
           "the same name, kind (" + kind + ") and country (" +
               (area.country.empty() ? "none" : area.country) + ") as feature " +
               std::to_string(seen->second) + "; expected each area once");
    }
    areas.push_back(std::move(area));
  }
  return AreaSet(std::move(areas), std::move(attribution));
}

std::filesystem::path DefaultAreasPath() {
  if (const char* from_environment = std::getenv("TRILINK_AREAS");
      from_environment != nullptr && *from_environment != '\0') {
    return from_environment;
  }
  return TRILINK_AREAS_FILE;
}

// --- probabilities -----------------------------------------------------------

bool GaussianIntegrationOptions::IsValid(std::string* error) const {
  std::ostringstream message;
  if (!(grid_step_sigma > 0.0 && grid_step_sigma <= 1.0)) {
    message << "grid_step_sigma must be in (0, 1], got " << grid_step_sigma;
    return Invalid(error, message.str());
  }
  if (!(extent_sigma >= 3.0 && extent_sigma <= 10.0)) {
    message << "extent_sigma must be in [3, 10], got " << extent_sigma;
    return Invalid(error, message.str());
  }
  return true;
}

std::vector<AreaProbability> GaussianAreaProbabilities(const AreaSet& areas, const Geodetic& centre,
                                                       const Eigen::Matrix2d& east_north_covariance,
                                                       const GaussianIntegrationOptions& options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  const Eigen::LLT<Eigen::Matrix2d> cholesky(east_north_covariance);
  TRILINK_CHECK(cholesky.info() == Eigen::Success && east_north_covariance.allFinite())
      << "east/north covariance must be positive definite";
  const Eigen::Matrix2d lower = cholesky.matrixL();

  // The grid: midpoints of square cells of side h (whitened units) inside the
  // disc |u| ≤ extent; each carries the density at its midpoint times h².
  const double h = options.grid_step_sigma, extent = options.extent_sigma;
  const int half = static_cast<int>(std::ceil(extent / h));
  const GeographicLib::AzimuthalEquidistant projection(GeographicLib::Geodesic::WGS84());
  const double lat0 = centre.latitude_deg(), lon0 = centre.longitude_deg();

  // Every cell lies within extent √λmax of the centre along a geodesic:
  // when no area's box meets that disc's bound, no cell is in an area, and
  // the geodesic projection of every cell — most of the work — is skipped
  // (the result is the same).
  {
    const Eigen::Matrix2d& c = east_north_covariance;
    const double largest = 0.5 * (c(0, 0) + c(1, 1)) +
                           std::hypot(0.5 * (c(0, 0) - c(1, 1)), 0.5 * (c(0, 1) + c(1, 0)));
    const LonLatBox bound = DiscBound(centre, 1.01 * extent * std::sqrt(largest));
    if (areas.index().qbegin(bgi::intersects(bound)) == areas.index().qend()) return {};
  }

  struct Cell {
    LonLatPoint point;
    double weight;
  };
  std::vector<Cell> cells;
  cells.reserve(static_cast<std::size_t>(3.2 * half * half));
  LonLatBox reach(LonLatPoint(lon0, lat0), LonLatPoint(lon0, lat0));
  const double density_scale = h * h / (2.0 * kPi);
  for (int i = -half; i < half; ++i) {
    for (int j = -half; j < half; ++j) {
      const Eigen::Vector2d u((i + 0.5) * h, (j + 0.5) * h);
      const double r2 = u.squaredNorm();
      if (r2 > extent * extent) continue;
      const Eigen::Vector2d east_north = lower * u;
      double latitude = 0.0, longitude = 0.0, azimuth = 0.0, scale = 0.0;
      projection.Reverse(lat0, lon0, east_north.x(), east_north.y(), latitude, longitude, azimuth,
                         scale);
      // Keep longitudes continuous across the antimeridian with the centre's.
      longitude = lon0 + std::remainder(longitude - lon0, 360.0);
      const LonLatPoint p(longitude, latitude);
      bg::expand(reach, p);
      cells.push_back({p, density_scale * std::exp(-0.5 * r2)});
    }
  }

  // Every polygon whose box the grid reaches; each cell inside its box is
  // tested against the polygon's banded edges (PolygonLocator).
  std::vector<double> mass(areas.size(), 0.0);
  for (auto it = areas.index().qbegin(bgi::intersects(reach)); it != areas.index().qend(); ++it) {
    const LonLatBox& box = it->first;
    const auto [area, polygon] = it->second;
    for (const Cell& cell : cells) {
      if (bg::covered_by(cell.point, box) && areas.PolygonContains(area, polygon, cell.point)) {
        mass[area] += cell.weight;
      }
    }
  }
  std::vector<AreaProbability> result;
  for (std::size_t a = 0; a < areas.size(); ++a) {
    if (mass[a] > 0.0) result.push_back({a, std::min(1.0, mass[a])});
  }
  return result;
}

std::vector<AreaProbability> SampleAreaProbabilities(const AreaSet& areas,
                                                     std::span<const Geodetic> points,
                                                     std::span<const double> weights) {
  TRILINK_CHECK(weights.empty() || weights.size() == points.size())
      << "got " << weights.size() << " weights for " << points.size() << " points";
  std::vector<double> mass(areas.size(), 0.0);
  double total = 0.0;
  for (std::size_t k = 0; k < points.size(); ++k) {
    const double weight = weights.empty() ? 1.0 : weights[k];
    TRILINK_CHECK(weight >= 0.0) << "sample weight " << k << " is negative: " << weight;
    total += weight;
    for (std::size_t a : areas.AreasContaining(points[k])) mass[a] += weight;
  }
  std::vector<AreaProbability> result;
  if (!(total > 0.0)) return result;
  for (std::size_t a = 0; a < areas.size(); ++a) {
    if (mass[a] > 0.0) result.push_back({a, mass[a] / total});
  }
  return result;
}

// --- overflight --------------------------------------------------------------

bool OverflightOptions::IsValid(std::string* error) const {
  if (step_m > 0.0 && std::isfinite(step_m)) return true;
  return Invalid(error, "step_m must be a positive number, got " + std::to_string(step_m));
}

std::vector<Overflight> Overflights(const AreaSet& areas, std::span<const TimedPosition> path,
                                    const OverflightOptions& options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  const auto counted = [&](std::size_t area) {
    return std::find(options.kinds.begin(), options.kinds.end(), areas.area(area).kind) !=
           options.kinds.end();
  };
  struct Span {
    bool inside = false;
    bool seen = false;
    UtcTime first, last;
  };
  std::vector<Span> spans(areas.size());
  const GeographicLib::Geodesic& geodesic = GeographicLib::Geodesic::WGS84();

  // The ground point at fraction f of segment k (geodesic, time linear).
  struct Segment {
    GeographicLib::GeodesicLine line;
    double length_m;
    UtcTime t0;
    Duration dt;
  };
  const auto at = [](const Segment& s, double f, LonLatPoint* point, UtcTime* time) {
    double latitude = 0.0, longitude = 0.0;
    s.line.Position(f * s.length_m, latitude, longitude);
    *point = LonLatPoint(longitude, latitude);
    *time = s.t0 + Duration::Seconds(f * s.dt.seconds());
  };
  const auto visit = [&](const LonLatPoint& p, UtcTime time, const Segment* segment, double f,
                         double df) {
    std::vector<std::size_t> now;
    for (auto it = areas.index().qbegin(bgi::covers(p)); it != areas.index().qend(); ++it) {
      const auto [area, polygon] = it->second;
      if (counted(area) && areas.PolygonContains(area, polygon, p)) {
        now.push_back(area);
      }
    }
    for (std::size_t area = 0; area < areas.size(); ++area) {
      Span& span = spans[area];
      const bool is_inside = std::find(now.begin(), now.end(), area) != now.end();
      if (is_inside == span.inside) {
        if (is_inside) span.last = time;
        continue;
      }
      // A transition between the previous sample (f - df) and this one:
      // bisect to ~1 m along the ground.
      UtcTime crossing = time;
      if (segment != nullptr && df > 0.0) {
        double lo = f - df, hi = f;  // Contains(lo) == span.inside, Contains(hi) == is_inside
        while ((hi - lo) * segment->length_m > 1.0) {
          const double mid = 0.5 * (lo + hi);
          LonLatPoint q;
          UtcTime tq;
          at(*segment, mid, &q, &tq);
          (areas.Contains(area, q) == is_inside ? hi : lo) = mid;
        }
        LonLatPoint q;
        at(*segment, is_inside ? hi : lo, &q, &crossing);
      }
      if (is_inside) {
        if (!span.seen) span.first = crossing;
        span.seen = true;
        span.last = time;
      } else {
        span.last = crossing;
      }
      span.inside = is_inside;
    }
  };

  if (path.empty()) return {};
  visit(ToLonLat(path[0].position), path[0].time, nullptr, 0.0, 0.0);
  for (std::size_t k = 1; k < path.size(); ++k) {
    const Geodetic& a = path[k - 1].position;
    const Geodetic& b = path[k].position;
    double s12 = 0.0, azi1 = 0.0, azi2 = 0.0;
    geodesic.Inverse(a.latitude_deg(), a.longitude_deg(), b.latitude_deg(), b.longitude_deg(), s12,
                     azi1, azi2);
    const Segment segment{
        GeographicLib::GeodesicLine(geodesic, a.latitude_deg(), a.longitude_deg(), azi1), s12,
        path[k - 1].time, path[k].time - path[k - 1].time};
    const int steps = std::max(1, static_cast<int>(std::ceil(s12 / options.step_m)));
    const double df = 1.0 / steps;
    for (int n = 1; n <= steps; ++n) {
      const double f = n == steps ? 1.0 : n * df;
      LonLatPoint p;
      UtcTime time;
      at(segment, f, &p, &time);
      visit(p, time, &segment, f, df);
    }
  }
  std::vector<Overflight> result;
  for (std::size_t area = 0; area < areas.size(); ++area) {
    if (spans[area].seen) result.push_back({area, spans[area].first, spans[area].last});
  }
  std::stable_sort(result.begin(), result.end(),
                   [](const Overflight& x, const Overflight& y) { return x.first < y.first; });
  return result;
}

}  // namespace trilink::geo
