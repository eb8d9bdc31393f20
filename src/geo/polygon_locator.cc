// Banded even-odd point-in-polygon (include/trilink/geo/polygon_locator.h).
#include "trilink/geo/polygon_locator.h"

#include <algorithm>
#include <cmath>

namespace trilink::geo {

void PolygonLocator::Build(std::vector<Edge> edges) {
  edges_ = std::move(edges);
  if (edges_.empty()) return;
  min_x_ = max_x_ = edges_.front().x0;
  min_y_ = edges_.front().y0;
  max_y_ = edges_.front().y1;
  for (const Edge& e : edges_) {
    min_x_ = std::min({min_x_, e.x0, e.x1});
    max_x_ = std::max({max_x_, e.x0, e.x1});
    min_y_ = std::min(min_y_, e.y0);
    max_y_ = std::max(max_y_, e.y1);
  }
  const std::size_t bands = std::clamp<std::size_t>(edges_.size() / 8, 1, 1 << 16);
  band_height_ = std::max((max_y_ - min_y_) / static_cast<double>(bands), 1e-12);
  auto band_of = [&](double y) {
    const double b = std::floor((y - min_y_) / band_height_);
    return static_cast<std::size_t>(std::clamp(b, 0.0, static_cast<double>(bands - 1)));
  };
  // Counting sort of the edges into every band their y-span touches.
  band_start_.assign(bands + 1, 0);
  for (const Edge& e : edges_) {
    for (std::size_t b = band_of(e.y0); b <= band_of(e.y1); ++b) ++band_start_[b + 1];
  }
  for (std::size_t b = 0; b < bands; ++b) band_start_[b + 1] += band_start_[b];
  band_edges_.resize(band_start_.back());
  std::vector<std::uint32_t> fill(band_start_.begin(), band_start_.end() - 1);
  for (std::uint32_t i = 0; i < edges_.size(); ++i) {
    for (std::size_t b = band_of(edges_[i].y0); b <= band_of(edges_[i].y1); ++b) {
      band_edges_[fill[b]++] = i;
    }
  }
}

bool PolygonLocator::Contains(double x, double y) const {
  if (edges_.empty() || x < min_x_ || x > max_x_ || y < min_y_ || y >= max_y_) return false;
  const std::size_t bands = band_start_.size() - 1;
  const std::size_t band = static_cast<std::size_t>(
      std::clamp(std::floor((y - min_y_) / band_height_), 0.0, static_cast<double>(bands - 1)));
  bool inside = false;
  for (std::uint32_t k = band_start_[band]; k < band_start_[band + 1]; ++k) {
    const Edge& e = edges_[band_edges_[k]];
    if (y < e.y0 || y >= e.y1) continue;
    const double crossing = e.x0 + (y - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0);
    if (crossing > x) inside = !inside;
  }
  return inside;
}

}  // namespace trilink::geo
