// What the public messages call a warning area: the ISO 3166-2 code of each
// of Japan's 47 prefectures, and the Japanese names of the prefectures, of
// the countries the region's areas belong to, and of the zone kinds.
//
// The prefecture outlines (docs/areas.md) list the prefectures in the order
// of JIS X 0401, which the ISO 3166-2:JP codes JP-01 … JP-47 follow; their
// English names are matched without regard to case (the outline data spells
// Nara "NARA").
//
// Usage:
//   if (const Prefecture* p = FindPrefecture("Akita")) ... p->code ("JP-05"),
//                                                         p->japanese ("秋田県")
//   JapaneseCountryName("KOR")  // "韓国"
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "trilink/geo/areas.h"
#include "trilink/geo/wgs84.h"

namespace trilink::geo {

struct Prefecture {
  std::string_view code;      // ISO 3166-2 ("JP-05")
  std::string_view english;   // "Akita"
  std::string_view japanese;  // "秋田県"
};

// The 47, in JIS X 0401 order.
std::span<const Prefecture> JapanesePrefectures();
// The prefecture with this English name (any case), or nullptr.
const Prefecture* FindPrefecture(std::string_view english);
// The Japanese name of a country or territory of the region by its ISO
// 3166-1 alpha-3 code ("JPN" → "日本"); empty when not known.
std::string_view JapaneseCountryName(std::string_view alpha3);
// A point as Japanese texts give it: "北緯41.13度、東経136.87度" (0.01°).
std::string JapaneseCoordinates(const Geodetic& point);
// The Japanese name of an area as the messages write it: a prefecture's
// own; a country-level area's with its kind ("日本（陸域）"); empty when its
// country has no Japanese name here (a named area outside Japan).
std::string JapaneseAreaName(const Area& area);

}  // namespace trilink::geo
