// libFuzzer target: the GeoJSON areas reader (geo::ParseAreas) on any bytes,
// then the queries every run makes of an area set (which areas hold a
// point, the maritime zone, the distance to an area), so that polygons that
// are degenerate, self-intersecting or span the antimeridian are exercised
// through the index and the point-in-polygon code too. Every input must
// either be read or raise InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trilink/core/error.h"
#include "trilink/geo/areas.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace trilink::geo;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const AreaSet areas = ParseAreas(text, "fuzz.geojson");
    for (const Geodetic point :
         {Geodetic::FromDegrees(0.0, 0.0), Geodetic::FromDegrees(1.5, 2.5),
          Geodetic::FromDegrees(38.0, 135.0), Geodetic::FromDegrees(-60.0, 179.9)}) {
      for (std::size_t area : areas.AreasContaining(point)) areas.Contains(area, point);
      areas.ZoneOf(point, "JPN");
      if (areas.size() > 0) areas.DistanceToArea(0, point, 500e3);
    }
  } catch (const trilink::InputError&) {
  }
  return 0;
}
