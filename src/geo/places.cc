#include "trilink/geo/places.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <numbers>
#include <utility>

#include "trilink/core/csv.h"
#include "trilink/core/error.h"
#include "trilink/core/input_file.h"
#include "trilink/core/spelling.h"
#include "trilink/core/text.h"

namespace trilink::geo {
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

namespace {
// The sixteenth of the compass an azimuth points in, 0 (north) to 15.
size_t CompassSector(double azimuth_rad) {
  const double turns = azimuth_rad / (2.0 * std::numbers::pi);
  const double sector = std::floor((turns - std::floor(turns)) * 16.0 + 0.5);
  return static_cast<size_t>(sector) % 16;
}
}  // namespace

std::string_view CompassPoint(double azimuth_rad) {
  static constexpr std::array<std::string_view, 16> kNames = {
      "north",     "north-northeast", "northeast", "east-northeast",  "east",      "east-southeast",
      "southeast", "south-southeast", "south",     "south-southwest", "southwest", "west-southwest",
      "west",      "west-northwest",  "northwest", "north-northwest"};
  return kNames[CompassSector(azimuth_rad)];
}

std::string_view CompassPointJapanese(double azimuth_rad) {
  static constexpr std::array<std::string_view, 16> kNames = {
      "北", "北北東", "北東", "東北東", "東", "東南東", "南東", "南南東",
      "南", "南南西", "南西", "西南西", "西", "西北西", "北西", "北北西"};
  return kNames[CompassSector(azimuth_rad)];
}

long RoundedKm(double distance_m) {
  const double km = distance_m / 1000.0;
  const double step = km >= 100.0 ? 10.0 : 5.0;
  return std::lround(km / step) * static_cast<long>(step);
}

Places Places::Load(const std::string& path) {
  // A places table is kilobytes; a megabyte is a thousand times more.
  const std::string text = ReadInputFile(path, "places table", size_t{16} << 20);
  return Parse(text, path);
}

Places Places::Parse(std::string_view text, const std::string& file) {
  // name_ja is optional: a table has four columns or five.
  static constexpr std::array<std::string_view, 5> kColumns = {"name", "kind", "lat_deg", "lon_deg",
                                                               "name_ja"};
  static constexpr std::string_view kHeader = "name,kind,lat_deg,lon_deg[,name_ja]";
  std::size_t columns = 4;
  const std::string_view body = StripByteOrderMark(text);
  // Columns are counted in the file as written, the byte-order mark included
  // (as the other CSV readers count them).
  const std::size_t mark_bytes = text.size() - body.size();
  std::vector<Place> places;
  // The line of the first row of each (name, kind).
  std::map<std::pair<std::string, PlaceKind>, int> first_line;
  int number = 0;
  int header_line = 0;
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    const char* const line_begin = line.data() - (start == 0 ? mark_bytes : 0);
    start = end + 1;
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos || line.front() == '#') continue;
    if (line.back() == '\r') line.remove_suffix(1);
    const std::vector<std::string_view> fields = SplitCsvFields(line);
    // "FILE:LINE:COL" of a field of this line (a view into it).
    auto where = [&](std::string_view field) {
      return fmt::format("{}:{}:{}", file, number, field.data() - line_begin + 1);
    };
    // Where a missing field would begin: just after the line's content.
    const std::string_view line_end = line.substr(line.size());

    if (header_line == 0) {
      columns = fields.size() >= kColumns.size() ? kColumns.size() : 4;
      for (std::size_t i = 0; i < std::max(fields.size(), columns); ++i) {
        if (i >= fields.size()) {
          throw InputError(fmt::format("{}: header: column '{}' is missing; expected {}",
                                       where(line_end), kColumns[i], kHeader));
        }
        if (i >= columns) {
          throw InputError(fmt::format("{}: header: got an extra column '{}'; expected {}",
                                       where(fields[i]), Printable(fields[i]), kHeader));
        }
        if (fields[i] != kColumns[i]) {
          throw InputError(fmt::format("{}: header: got '{}'; expected column '{}' ({})",
                                       where(fields[i]), Printable(fields[i]), kColumns[i],
                                       kHeader));
        }
      }
      header_line = number;
      continue;
    }

    // The header as this table has it.
    const std::string header = fmt::format(
        "{}",
        fmt::join(kColumns.begin(), kColumns.begin() + static_cast<std::ptrdiff_t>(columns), ","));
    if (fields.size() > columns) {
      // No quoting: a comma inside a name is the likely cause.
      throw InputError(fmt::format(
          "{}: {} fields; expected {} ({}): an extra field after column '{}' (names cannot "
          "hold commas)",
          where(fields[columns]), fields.size(), columns, header, kColumns[columns - 1]));
    }
    if (fields.size() < columns) {
      throw InputError(fmt::format("{}: {} fields; expected {} ({}): column '{}' is missing",
                                   where(line_end), fields.size(), columns, header,
                                   kColumns[fields.size()]));
    }

    Place place;
    const std::string_view name = fields[0];
    if (name.empty()) {
      throw InputError(
          fmt::format("{}: column 'name': empty; expected the place's name", where(name)));
    }
    if (const std::string problem = TextProblem(name); !problem.empty()) {
      throw InputError(
          fmt::format("{}: column 'name': {}; expected printable text", where(name), problem));
    }
    place.name = std::string(name);
    if (columns > 4) {  // may be empty: the English name serves
      const std::string_view name_ja = fields[4];
      if (const std::string problem = TextProblem(name_ja); !name_ja.empty() && !problem.empty()) {
        throw InputError(fmt::format("{}: column 'name_ja': {}; expected printable text",
                                     where(name_ja), problem));
      }
      place.name_ja = std::string(name_ja);
    }

    const std::string_view kind = fields[1];
    if (kind == "launch") {
      place.kind = PlaceKind::kLaunch;
    } else if (kind == "landmark") {
      place.kind = PlaceKind::kLandmark;
    } else {
      static constexpr std::array<std::string_view, 2> kKinds = {"launch", "landmark"};
      const std::string_view nearest = NearestName(kind, kKinds);
      throw InputError(fmt::format(
          "{}: column 'kind': got '{}'; expected launch or landmark{}", where(kind),
          Printable(kind), nearest.empty() ? "" : fmt::format(" (did you mean '{}'?)", nearest)));
    }

    // Latitude in [-90, 90]; longitude in [-180, 360) as the scenario file
    // takes it, normalised to [-180, 180).
    std::array<double, 2> degrees{};
    for (std::size_t i = 0; i < 2; ++i) {
      const std::string_view value = fields[2 + i];
      const auto [stop, error] =
          std::from_chars(value.data(), value.data() + value.size(), degrees[i]);
      // from_chars reads "inf" and "nan": the range tests refuse them.
      const bool in_range = i == 0 ? degrees[i] >= -90.0 && degrees[i] <= 90.0
                                   : degrees[i] >= -180.0 && degrees[i] < 360.0;
      if (value.empty() || error != std::errc() || stop != value.data() + value.size() ||
          !in_range) {
        throw InputError(fmt::format("{}: column '{}': got '{}'; expected degrees in {}",
                                     where(value), kColumns[2 + i], Printable(value),
                                     i == 0 ? "[-90, 90]" : "[-180, 360)"));
      }
    }
    if (degrees[1] >= 180.0) degrees[1] -= 360.0;
    place.point = Geodetic::FromDegrees(degrees[0], degrees[1]);

    // A place is its name and kind (Nearest chooses among one kind, a report
    // prints the name): a second row of both is a mistake, whichever
    // coordinates it has.
    const auto [seen, inserted] = first_line.try_emplace({place.name, place.kind}, number);
    if (!inserted) {
      throw InputError(fmt::format(
          "{}: column 'name': '{}' ({}) is already on line {}; expected each place once",
          where(name), Printable(name), kind, seen->second));
    }
    places.push_back(std::move(place));
  }
  if (header_line == 0) {
    throw InputError(fmt::format("{}: no header line; expected {}", file, kHeader));
  }
  if (places.empty()) {
    throw InputError(
        fmt::format("{}: no places after the header on line {}; expected at least one row {}", file,
                    header_line, kHeader));
  }
  return Places(std::move(places));
}

const Place* Places::Nearest(const Geodetic& point, PlaceKind kind) const {
  const Place* nearest = nullptr;
  double best = std::numeric_limits<double>::infinity();
  for (const Place& place : places_) {
    if (place.kind != kind) continue;
    const double distance = GeodesicInverse(place.point, point).distance_m;
    if (distance < best) {
      best = distance;
      nearest = &place;
    }
  }
  return nearest;
}

std::string Places::Describe(const Geodetic& point, PlaceKind kind, double near_m) const {
  const Place* place = Nearest(point, kind);
  if (place == nullptr) return "";
  const GeodesicLine line = GeodesicInverse(place->point, point);
  const std::string name = WithArticle(place->name);
  if (line.distance_m <= near_m) return "near " + name;
  return fmt::format("about {} km {} of {}", RoundedKm(line.distance_m),
                     CompassPoint(line.initial_azimuth_rad), name);
}

std::string Places::DescribeJapanese(const Geodetic& point, PlaceKind kind, double near_m) const {
  const Place* place = Nearest(point, kind);
  if (place == nullptr) return "";
  const GeodesicLine line = GeodesicInverse(place->point, point);
  const std::string& name = place->JapaneseName();
  if (line.distance_m <= near_m) return name + "付近";
  return fmt::format("{}の{}約{}km", name, CompassPointJapanese(line.initial_azimuth_rad),
                     RoundedKm(line.distance_m));
}

}  // namespace trilink::geo
