#include "trilink/geo/areas.h"

#include <Eigen/Cholesky>
#include <GeographicLib/AzimuthalEquidistant.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "boost_geometry.h"
#include "trilink/core/error.h"
#include "trilink/core/input_file.h"
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

[[noreturn]] void Fail(const std::string& file, const std::string& where, const std::string& what) {
  throw InputError(file + (where.empty() ? "" : ": " + where) + ": " + what);
}

// object[key] when it is a string; `fallback` when absent; an error naming
// the field when it is something else.
std::string OptionalString(const json& object, const char* key, const std::string& fallback,
                           const std::string& file, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_string())
    Fail(file, where, std::string(key) + " must be a string, got " + it->dump());
  return it->get<std::string>();
}

LonLatPolygon::ring_type ReadRing(const json& ring, const std::string& path,
                                  const std::string& where) {
  if (!ring.is_array() || ring.size() < 4) {
    Fail(path, where,
         "a linear ring must be an array of at least 4 [longitude, latitude] positions");
  }
  LonLatPolygon::ring_type result;
  result.reserve(ring.size());
  for (const json& position : ring) {
    if (!position.is_array() || position.size() < 2 || !position[0].is_number() ||
        !position[1].is_number()) {
      Fail(path, where, "a position must be [longitude, latitude] numbers, got " + position.dump());
    }
    const double longitude = position[0].get<double>(), latitude = position[1].get<double>();
    if (!(std::abs(latitude) <= 90.0) || !(std::abs(longitude) <= 540.0)) {
      Fail(path, where, "position " + position.dump() + " is not longitude, latitude in degrees");
    }
    result.emplace_back(longitude, latitude);
  }
  return result;
}

LonLatPolygon ReadPolygon(const json& rings, const std::string& path, const std::string& where) {
  if (!rings.is_array() || rings.empty()) {
    Fail(path, where, "a polygon must be a non-empty array of rings");
  }
  LonLatPolygon polygon;
  polygon.outer() = ReadRing(rings[0], path, where);
  for (std::size_t i = 1; i < rings.size(); ++i) {
    polygon.inners().push_back(ReadRing(rings[i], path, where));
  }
  return polygon;
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
  const double dlat = RadToDeg(search_radius_m / 6.35e6);
  const double dlon = std::min(180.0, dlat / std::max(0.05, std::cos(point.latitude_rad)));
  const LonLatBox search({lon0 - dlon, lat0 - dlat}, {lon0 + dlon, lat0 + dlat});
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
  const std::string text = ReadInputFile(path.string(), "areas file");
  return ParseAreas(StripByteOrderMark(text), path.string());
}

AreaSet ParseAreas(std::string_view text, const std::string& path) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    Fail(path, "byte " + std::to_string(error.byte),
         std::string("not valid JSON: ") + error.what());
  }
  if (!document.is_object() ||
      OptionalString(document, "type", "", path, "") != "FeatureCollection" ||
      !document.contains("features") || !document["features"].is_array()) {
    Fail(path, "", "expected a GeoJSON FeatureCollection with a \"features\" array");
  }
  std::string attribution;
  if (document.contains("properties") && document["properties"].is_object()) {
    attribution = OptionalString(document["properties"], "attribution", "", path, "properties");
  }
  std::vector<Area> areas;
  const json& features = document["features"];
  for (std::size_t i = 0; i < features.size(); ++i) {
    const std::string where = "feature " + std::to_string(i);
    const json& feature = features[i];
    if (!feature.is_object() || !feature.contains("geometry")) {
      Fail(path, where, "expected a Feature object with a \"geometry\"");
    }
    const json& geometry = feature["geometry"];
    if (!geometry.is_object()) continue;  // null geometry: nothing to test against
    const std::string type = OptionalString(geometry, "type", "", path, where + ": geometry");
    if (type != "Polygon" && type != "MultiPolygon") continue;
    const auto properties_it = feature.find("properties");
    const json properties = properties_it == feature.end() || properties_it->is_null()
                                ? json::object()
                                : *properties_it;
    if (!properties.is_object() || !properties.contains("name") ||
        !properties["name"].is_string()) {
      Fail(path, where, "properties.name (a string) is required");
    }
    Area area;
    area.name = properties["name"].get<std::string>();
    const std::string context = where + " ('" + area.name + "')";
    area.country = OptionalString(properties, "country", "", path, context + ": properties");
    const std::string kind =
        OptionalString(properties, "kind", "named", path, context + ": properties");
    const std::optional<AreaKind> parsed_kind = ParseAreaKind(kind);
    if (!parsed_kind) {
      Fail(path, context,
           "properties.kind '" + kind + "' is not one of land, territorial_sea, eez, named");
    }
    area.kind = *parsed_kind;
    if (!geometry.contains("coordinates")) Fail(path, context, "geometry has no coordinates");
    const json& coordinates = geometry["coordinates"];
    if (type == "Polygon") {
      area.multipolygon.push_back(ReadPolygon(coordinates, path, context));
    } else {
      if (!coordinates.is_array()) Fail(path, context, "MultiPolygon coordinates must be an array");
      for (const json& polygon : coordinates) {
        area.multipolygon.push_back(ReadPolygon(polygon, path, context));
      }
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
