// PolygonLocator against Boost.Geometry's covered_by: a concave star with a
// hole, and the largest polygons of the region's areas, on seeded random
// points (none exactly on an edge).
#include "trilink/geo/polygon_locator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "boost_geometry.h"
#include "trilink/core/random.h"
#include "trilink/geo/areas.h"

namespace trilink::geo {
namespace {

namespace bg = boost::geometry;

// Agreement on `n` random points of the polygon's box widened by 10 %.
int Disagreements(const LonLatPolygon& polygon, int n, RandomStream* stream, int* inside) {
  const PolygonLocator locator(polygon);
  const LonLatBox box = bg::return_envelope<LonLatBox>(polygon);
  const double dx = box.max_corner().x() - box.min_corner().x();
  const double dy = box.max_corner().y() - box.min_corner().y();
  int disagreements = 0;
  for (int k = 0; k < n; ++k) {
    const LonLatPoint p(
        stream->Uniform(box.min_corner().x() - 0.1 * dx, box.max_corner().x() + 0.1 * dx),
        stream->Uniform(box.min_corner().y() - 0.1 * dy, box.max_corner().y() + 0.1 * dy));
    const bool expected = bg::covered_by(p, polygon);
    *inside += expected;
    disagreements += locator.Contains(p.x(), p.y()) != expected;
  }
  return disagreements;
}

TEST(PolygonLocator, MatchesCoveredByOnAConcaveStarWithAHole) {
  LonLatPolygon star;
  for (int i = 0; i < 40; ++i) {
    const double angle = 2.0 * std::numbers::pi * i / 40.0;
    const double radius = i % 2 == 0 ? 3.0 : 1.0;
    star.outer().emplace_back(140.0 + radius * std::cos(angle), 38.0 + radius * std::sin(angle));
  }
  for (int i = 0; i < 12; ++i) {
    const double angle = 2.0 * std::numbers::pi * i / 12.0;
    star.inners().resize(1);
    star.inners()[0].emplace_back(140.0 + 0.5 * std::cos(angle), 38.0 + 0.5 * std::sin(angle));
  }
  bg::correct(star);
  RandomStream stream(1, "polygon_locator/star");
  int inside = 0;
  EXPECT_EQ(Disagreements(star, 20000, &stream, &inside), 0);
  EXPECT_GT(inside, 3000);  // the test points reach the inside, not only the box
  // The hole's centre is outside; a point between the hole and the arms inside.
  const PolygonLocator locator(star);
  EXPECT_FALSE(locator.Contains(140.0, 38.0));
  EXPECT_TRUE(locator.Contains(140.75, 38.0));
  EXPECT_FALSE(PolygonLocator().Contains(140.0, 38.0));  // empty
}

TEST(PolygonLocator, MatchesCoveredByOnTheRegionsLargestPolygons) {
  const AreaSet areas = LoadAreas(DefaultAreasPath());
  // The five polygons with the most vertices (coastlines).
  std::vector<const LonLatPolygon*> polygons;
  for (const Area& area : areas.areas())
    for (const LonLatPolygon& polygon : area.multipolygon) polygons.push_back(&polygon);
  std::partial_sort(polygons.begin(), polygons.begin() + 5, polygons.end(),
                    [](const LonLatPolygon* a, const LonLatPolygon* b) {
                      return bg::num_points(*a) > bg::num_points(*b);
                    });
  RandomStream stream(2, "polygon_locator/region");
  for (int i = 0; i < 5; ++i) {
    int inside = 0;
    EXPECT_EQ(Disagreements(*polygons[static_cast<size_t>(i)], 4000, &stream, &inside), 0)
        << "polygon with " << bg::num_points(*polygons[static_cast<size_t>(i)]) << " points";
    EXPECT_GT(inside, 100);
  }
}

}  // namespace
}  // namespace trilink::geo
