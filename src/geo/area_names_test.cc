#include "trilink/geo/area_names.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace trilink::geo {
namespace {

// ISO 3166-2:JP numbers the prefectures 01 … 47 in JIS X 0401 order.
TEST(AreaNames, TheFortySevenPrefecturesInIsoOrder) {
  const auto prefectures = JapanesePrefectures();
  ASSERT_EQ(prefectures.size(), 47u);
  std::set<std::string_view> english, japanese;
  for (size_t i = 0; i < prefectures.size(); ++i) {
    const std::string code = (i + 1 < 10 ? "JP-0" : "JP-") + std::to_string(i + 1);
    EXPECT_EQ(prefectures[i].code, code);
    english.insert(prefectures[i].english);
    japanese.insert(prefectures[i].japanese);
    const std::string_view name = prefectures[i].japanese;
    // 都 (Tokyo), 道 (Hokkaido), 府 (Osaka, Kyoto) or 県.
    const bool suffix = name.ends_with("都") || name.ends_with("道") || name.ends_with("府") ||
                        name.ends_with("県");
    EXPECT_TRUE(suffix) << name;
  }
  EXPECT_EQ(english.size(), 47u);
  EXPECT_EQ(japanese.size(), 47u);
  EXPECT_EQ(prefectures[12].english, "Tokyo");
  EXPECT_EQ(prefectures[12].japanese, "東京都");
  EXPECT_EQ(prefectures[46].code, "JP-47");
  EXPECT_EQ(prefectures[46].japanese, "沖縄県");
}

TEST(AreaNames, FindsPrefecturesWhateverTheCase) {
  const Prefecture* nara = FindPrefecture("NARA");
  ASSERT_NE(nara, nullptr);
  EXPECT_EQ(nara->code, "JP-29");
  EXPECT_EQ(nara->japanese, "奈良県");
  EXPECT_EQ(FindPrefecture("Atlantis"), nullptr);
}

TEST(AreaNames, NamesAreasInJapanese) {
  Area akita{.name = "Akita", .country = "JPN", .kind = AreaKind::kNamed};
  EXPECT_EQ(JapaneseAreaName(akita), "秋田県");
  Area land{.name = "Japan", .country = "JPN", .kind = AreaKind::kLand};
  EXPECT_EQ(JapaneseAreaName(land), "日本（陸域）");
  Area eez{.name = "Republic of Korea", .country = "KOR", .kind = AreaKind::kEez};
  EXPECT_EQ(JapaneseAreaName(eez), "韓国（排他的経済水域）");
  Area sea{.name = "Russia", .country = "RUS", .kind = AreaKind::kTerritorialSea};
  EXPECT_EQ(JapaneseAreaName(sea), "ロシア（領海）");
  Area unknown{.name = "Elsewhere", .country = "XYZ", .kind = AreaKind::kLand};
  EXPECT_EQ(JapaneseAreaName(unknown), "");
  EXPECT_EQ(JapaneseCountryName("PRK"), "北朝鮮");
}

}  // namespace
}  // namespace trilink::geo

namespace trilink::geo {
namespace {

TEST(AreaNames, WritesCoordinatesInJapanese) {
  EXPECT_EQ(JapaneseCoordinates(Geodetic::FromDegrees(41.126, 136.874)),
            "北緯41.13度、東経136.87度");
  EXPECT_EQ(JapaneseCoordinates(Geodetic::FromDegrees(-33.9, -70.1)), "南緯33.90度、西経70.10度");
}

}  // namespace
}  // namespace trilink::geo
