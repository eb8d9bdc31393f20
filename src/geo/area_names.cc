#include "trilink/geo/area_names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace trilink::geo {
namespace {

// ISO 3166-2:JP (codes JP-01 … JP-47, in the order of JIS X 0401).
constexpr std::array<Prefecture, 47> kPrefectures = {{
    {"JP-01", "Hokkaido", "北海道"},  {"JP-02", "Aomori", "青森県"},
    {"JP-03", "Iwate", "岩手県"},     {"JP-04", "Miyagi", "宮城県"},
    {"JP-05", "Akita", "秋田県"},     {"JP-06", "Yamagata", "山形県"},
    {"JP-07", "Fukushima", "福島県"}, {"JP-08", "Ibaraki", "茨城県"},
    {"JP-09", "Tochigi", "栃木県"},   {"JP-10", "Gunma", "群馬県"},
    {"JP-11", "Saitama", "埼玉県"},   {"JP-12", "Chiba", "千葉県"},
    {"JP-13", "Tokyo", "東京都"},     {"JP-14", "Kanagawa", "神奈川県"},
    {"JP-15", "Niigata", "新潟県"},   {"JP-16", "Toyama", "富山県"},
    {"JP-17", "Ishikawa", "石川県"},  {"JP-18", "Fukui", "福井県"},
    {"JP-19", "Yamanashi", "山梨県"}, {"JP-20", "Nagano", "長野県"},
    {"JP-21", "Gifu", "岐阜県"},      {"JP-22", "Shizuoka", "静岡県"},
    {"JP-23", "Aichi", "愛知県"},     {"JP-24", "Mie", "三重県"},
    {"JP-25", "Shiga", "滋賀県"},     {"JP-26", "Kyoto", "京都府"},
    {"JP-27", "Osaka", "大阪府"},     {"JP-28", "Hyogo", "兵庫県"},
    {"JP-29", "Nara", "奈良県"},      {"JP-30", "Wakayama", "和歌山県"},
    {"JP-31", "Tottori", "鳥取県"},   {"JP-32", "Shimane", "島根県"},
    {"JP-33", "Okayama", "岡山県"},   {"JP-34", "Hiroshima", "広島県"},
    {"JP-35", "Yamaguchi", "山口県"}, {"JP-36", "Tokushima", "徳島県"},
    {"JP-37", "Kagawa", "香川県"},    {"JP-38", "Ehime", "愛媛県"},
    {"JP-39", "Kochi", "高知県"},     {"JP-40", "Fukuoka", "福岡県"},
    {"JP-41", "Saga", "佐賀県"},      {"JP-42", "Nagasaki", "長崎県"},
    {"JP-43", "Kumamoto", "熊本県"},  {"JP-44", "Oita", "大分県"},
    {"JP-45", "Miyazaki", "宮崎県"},  {"JP-46", "Kagoshima", "鹿児島県"},
    {"JP-47", "Okinawa", "沖縄県"},
}};

struct CountryName {
  std::string_view alpha3, japanese;
};
// The countries and territories of the region's land and maritime areas
// (docs/areas.md), by the names Japan's government uses in its releases.
constexpr std::array<CountryName, 11> kCountries = {{
    {"JPN", "日本"},
    {"KOR", "韓国"},
    {"PRK", "北朝鮮"},
    {"CHN", "中国"},
    {"TWN", "台湾"},
    {"RUS", "ロシア"},
    {"USA", "米国"},
    {"MNP", "北マリアナ諸島"},
    {"MNG", "モンゴル"},
    {"PHL", "フィリピン"},
    {"HKG", "香港"},
}};

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::span<const Prefecture> JapanesePrefectures() { return kPrefectures; }

const Prefecture* FindPrefecture(std::string_view english) {
  for (const Prefecture& prefecture : kPrefectures)
    if (SameIgnoringCase(prefecture.english, english)) return &prefecture;
  return nullptr;
}

std::string_view JapaneseCountryName(std::string_view alpha3) {
  for (const CountryName& country : kCountries)
    if (country.alpha3 == alpha3) return country.japanese;
  return {};
}

std::string JapaneseCoordinates(const Geodetic& point) {
  const double lat = point.latitude_deg();
  const double lon = point.longitude_deg();
  char text[96];
  std::snprintf(text, sizeof text, "%s%.2f度、%s%.2f度", lat >= 0.0 ? "北緯" : "南緯",
                std::abs(lat), lon >= 0.0 ? "東経" : "西経", std::abs(lon));
  return text;
}

std::string JapaneseAreaName(const Area& area) {
  if (area.kind == AreaKind::kNamed) {
    const Prefecture* prefecture = area.country == "JPN" ? FindPrefecture(area.name) : nullptr;
    return prefecture ? std::string(prefecture->japanese) : std::string();
  }
  const std::string_view country = JapaneseCountryName(area.country);
  if (country.empty()) return {};
  const char* kind = area.kind == AreaKind::kLand             ? "陸域"
                     : area.kind == AreaKind::kTerritorialSea ? "領海"
                                                              : "排他的経済水域";
  return std::string(country) + "（" + kind + "）";
}

}  // namespace trilink::geo
