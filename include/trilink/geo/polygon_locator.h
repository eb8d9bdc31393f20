// Fast point-in-polygon for large polygons (coastlines of tens of thousands
// of vertices): the polygon's edges sorted into horizontal bands, so that the
// even-odd crossing test of a point looks only at the edges of its band.
//
// A point is inside when a ray from it towards +x crosses the rings (outer
// and holes alike) an odd number of times; each edge counts where its y-span
// [min, max) holds the point's y, which counts a vertex on the ray once.
// Built once in O(edges); a query costs O(edges in the point's band),
// about edges / bands for a coastline (bands ≈ edges / 8). Points exactly on
// an edge may fall either way (Boost.Geometry's covered_by counts them
// inside); the probability and overflight code never depends on that.
//
// Usage:
//   PolygonLocator locator(polygon);          // LonLatPolygon (areas.h)
//   if (locator.Contains(lon, lat)) ...
#pragma once

#include <cstdint>
#include <vector>

namespace trilink::geo {

class PolygonLocator {
 public:
  PolygonLocator() = default;
  // Any ring type iterable as points with x() and y(); rings closed or not.
  template <typename Polygon>
  explicit PolygonLocator(const Polygon& polygon);

  bool Contains(double x, double y) const;

 private:
  struct Edge {
    double x0, y0, x1, y1;  // y0 < y1 after construction (horizontal edges dropped)
  };
  void Build(std::vector<Edge> edges);

  double min_x_ = 0.0, max_x_ = -1.0, min_y_ = 0.0, max_y_ = -1.0;
  double band_height_ = 1.0;
  std::vector<Edge> edges_;
  // Band b's edges are band_edges_[band_start_[b], band_start_[b + 1]).
  std::vector<std::uint32_t> band_start_;
  std::vector<std::uint32_t> band_edges_;
};

template <typename Polygon>
PolygonLocator::PolygonLocator(const Polygon& polygon) {
  std::vector<Edge> edges;
  auto add_ring = [&](const auto& ring) {
    const std::size_t n = ring.size();
    for (std::size_t i = 0; n > 1 && i < n; ++i) {
      const auto& a = ring[i];
      const auto& b = ring[(i + 1) % n];  // a closed ring's last edge is degenerate: dropped
      if (a.y() == b.y()) continue;
      edges.push_back(a.y() < b.y() ? Edge{a.x(), a.y(), b.x(), b.y()}
                                    : Edge{b.x(), b.y(), a.x(), a.y()});
    }
  };
  add_ring(polygon.outer());
  for (const auto& inner : polygon.inners()) add_ring(inner);
  Build(std::move(edges));
}

}  // namespace trilink::geo
