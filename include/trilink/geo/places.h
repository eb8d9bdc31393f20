// Named places and landmarks for the wording of launch reports: "from the
// Wonsan area", "about 300 km west of the Oga Peninsula".
//
// The table is data/places.csv; its header comment gives the source and
// precision. Distances and directions are WGS-84 geodesics
// (geo::GeodesicInverse), the direction named on a 16-point compass from the
// place to the point.
//
// The file format: comma-separated, no quoting; blank lines and lines
// starting with '#' are skipped, a UTF-8 byte-order mark and CRLF line ends
// are accepted; the first other line is the header, exactly
//   name,kind,lat_deg,lon_deg          or
//   name,kind,lat_deg,lon_deg,name_ja
// then at least one row:
//   name      the place's name as a report prints it: printable UTF-8 text,
//             not empty, no commas
//   kind      launch (a place a launch is reported "from") or landmark (a
//             feature an impact point is reported against)
//   lat_deg   WGS-84 latitude (degrees), in [-90, 90]
//   lon_deg   WGS-84 longitude (degrees), in [-180, 360); normalised to
//             [-180, 180)
//   name_ja   (if the header has it) the name in Japanese reports:
//             printable UTF-8 text, no commas; may be empty
// A place (its name and kind) appears once. Errors name FILE:LINE:COL, the
// column and what was expected.
//
// Usage:
//   Places places = Places::Load(TRILINK_PLACES_FILE);
//   std::string where = places.Describe(impact, PlaceKind::kLandmark);
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trilink/geo/wgs84.h"

namespace trilink::geo {

enum class PlaceKind { kLaunch, kLandmark };

struct Place {
  std::string name;
  std::string name_ja;  // the Japanese name; empty: `name` serves
  const std::string& JapaneseName() const { return name_ja.empty() ? name : name_ja; }
  PlaceKind kind = PlaceKind::kLandmark;
  Geodetic point;
};

// "north", "north-northeast", ... for an azimuth (rad, clockwise from north).
std::string_view CompassPoint(double azimuth_rad);
// The same sixteen points in Japanese: "北", "北北東", ...
std::string_view CompassPointJapanese(double azimuth_rad);

// A distance as a report gives it (km): to the nearest 10 km from 100 km
// up, to the nearest 5 km below.
long RoundedKm(double distance_m);

// The places file trilink reads by default: $TRILINK_PLACES if set, else
// data/places.csv of the source tree (a CMake cache variable).
std::string DefaultPlacesPath();

class Places {
 public:
  // Reads a places file (the format above). Throws InputError naming the
  // file, line, column and field, and what was expected; a missing,
  // unreadable or binary file, or a folder, gets ReadInputFile's message.
  static Places Load(const std::string& path);
  // As Load, from the file's text; `file` names it in messages.
  static Places Parse(std::string_view text, const std::string& file);
  explicit Places(std::vector<Place> places) : places_(std::move(places)) {}

  const std::vector<Place>& all() const { return places_; }
  // The nearest place of `kind` to `point` (geodesic), or nullptr if none.
  const Place* Nearest(const Geodetic& point, PlaceKind kind) const;
  // "about 300 km west of the Oga Peninsula"; within `near_m` of the place:
  // "near the Oga Peninsula". Empty if the table has no place of `kind`.
  std::string Describe(const Geodetic& point, PlaceKind kind, double near_m = 30e3) const;
  // The same in Japanese, as Japan's releases word it: "男鹿半島の西約300km",
  // "男鹿半島付近" (the English name where the place has no Japanese one).
  std::string DescribeJapanese(const Geodetic& point, PlaceKind kind, double near_m = 30e3) const;

 private:
  std::vector<Place> places_;
};

}  // namespace trilink::geo
