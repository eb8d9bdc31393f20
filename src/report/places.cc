#include "trilink/report/places.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <numbers>

#include "trilink/core/csv.h"
#include "trilink/core/error.h"

namespace trilink::report {
namespace {

// English puts "the" before a peninsula, a group of islands, a strait, a sea
// or a bay ("the Oga Peninsula", "the Oki Islands"), not before a town, a
// cape or a single island ("Cape Erimo", "Sado Island").
std::string WithArticle(const std::string& name) {
  for (std::string_view suffix : {" Peninsula", " Islands", " Strait", " Sea", " Bay"}) {
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return "the " + name;
  }
  return name;
}

}  // namespace

std::string DefaultPlacesPath() {
  if (const char* from_environment = std::getenv("TRILINK_PLACES");
      from_environment != nullptr && *from_environment != '\0') {
    return from_environment;
  }
  return TRILINK_PLACES_FILE;
}

std::string_view CompassPoint(double azimuth_rad) {
  static constexpr std::array<std::string_view, 16> kNames = {
      "north",     "north-northeast", "northeast", "east-northeast",  "east",      "east-southeast",
      "southeast", "south-southeast", "south",     "south-southwest", "southwest", "west-southwest",
      "west",      "west-northwest",  "northwest", "north-northwest"};
  const double turns = azimuth_rad / (2.0 * std::numbers::pi);
  const double sector = std::floor((turns - std::floor(turns)) * 16.0 + 0.5);
  return kNames[static_cast<size_t>(sector) % 16];
}

long RoundedKm(double distance_m) {
  const double km = distance_m / 1000.0;
  const double step = km >= 100.0 ? 10.0 : 5.0;
  return std::lround(km / step) * static_cast<long>(step);
}

Places Places::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open the places file", path));
  std::vector<Place> places;
  std::string line;
  int number = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string_view> fields = SplitCsvFields(line);
    if (!header) {
      if (fields.size() != 4 || fields[0] != "name" || fields[1] != "kind" ||
          fields[2] != "lat_deg" || fields[3] != "lon_deg") {
        throw InputError(
            fmt::format("{}:{}: header: expected name,kind,lat_deg,lon_deg", path, number));
      }
      header = true;
      continue;
    }
    if (fields.size() != 4) {
      throw InputError(fmt::format("{}:{}: {} fields; expected 4 (name,kind,lat_deg,lon_deg)", path,
                                   number, fields.size()));
    }
    Place place;
    place.name = std::string(fields[0]);
    if (place.name.empty()) throw InputError(fmt::format("{}:{}: name: empty", path, number));
    if (fields[1] == "launch") {
      place.kind = PlaceKind::kLaunch;
    } else if (fields[1] == "landmark") {
      place.kind = PlaceKind::kLandmark;
    } else {
      throw InputError(fmt::format("{}:{}: kind: got '{}'; expected launch or landmark", path,
                                   number, fields[1]));
    }
    std::array<double, 2> degrees{};
    for (size_t i = 0; i < 2; ++i) {
      const std::string_view text = fields[2 + i];
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), degrees[i]);
      const double limit = i == 0 ? 90.0 : 180.0;
      if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
          !(std::abs(degrees[i]) <= limit)) {
        throw InputError(fmt::format("{}:{}: {}: got '{}'; expected degrees in [-{}, {}]", path,
                                     number, i == 0 ? "lat_deg" : "lon_deg", text, limit, limit));
      }
    }
    place.point = geo::Geodetic::FromDegrees(degrees[0], degrees[1]);
    places.push_back(std::move(place));
  }
  if (!header) throw InputError(fmt::format("{}: no header line", path));
  return Places(std::move(places));
}

const Place* Places::Nearest(const geo::Geodetic& point, PlaceKind kind) const {
  const Place* nearest = nullptr;
  double best = std::numeric_limits<double>::infinity();
  for (const Place& place : places_) {
    if (place.kind != kind) continue;
    const double distance = geo::GeodesicInverse(place.point, point).distance_m;
    if (distance < best) {
      best = distance;
      nearest = &place;
    }
  }
  return nearest;
}

std::string Places::Describe(const geo::Geodetic& point, PlaceKind kind, double near_m) const {
  const Place* place = Nearest(point, kind);
  if (place == nullptr) return "";
  const geo::GeodesicLine line = geo::GeodesicInverse(place->point, point);
  const std::string name = WithArticle(place->name);
  if (line.distance_m <= near_m) return "near " + name;
  return fmt::format("about {} km {} of {}", RoundedKm(line.distance_m),
                     CompassPoint(line.initial_azimuth_rad), name);
}

}  // namespace trilink::report
