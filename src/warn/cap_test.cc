#include "trilink/warn/cap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "synthetic_lifecycle.h"
#include "trilink/core/error.h"

namespace trilink::warn {
namespace {

using ::testing::HasSubstr;

Alert MinimalAlert() {
  Alert alert;
  alert.identifier = "trilink-JP.run1.0001";
  alert.sender = "trilink-JP";
  alert.sent = UtcTime::Parse("2022-10-04T07:23:00.75Z");
  alert.status = CapStatus::kExercise;
  alert.msg_type = CapMsgType::kAlert;
  CapInfo info;
  info.categories = {CapCategory::kSecurity};
  info.event = "Missile launch";
  alert.infos.push_back(info);
  return alert;
}

TEST(WriteCap, WritesTheNamespaceDeclarationAndCapTimes) {
  const std::string xml = WriteCap(MinimalAlert());
  EXPECT_THAT(xml, HasSubstr("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  EXPECT_THAT(xml, HasSubstr("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"));
  // Whole seconds and "-00:00", never "Z" (CAP 1.2 section 3.3.2).
  EXPECT_THAT(xml, HasSubstr("<sent>2022-10-04T07:23:00-00:00</sent>"));
  EXPECT_THAT(xml, HasSubstr("<status>Exercise</status>"));
  EXPECT_THAT(xml, HasSubstr("<scope>Public</scope>"));
  EXPECT_EQ(xml.find("Z<"), std::string::npos);
}

TEST(WriteCap, FollowsTheSchemaElementOrder) {
  const std::string xml = WriteCap(testing::FullAlert());
  const std::vector<std::string> order = {
      "<identifier>", "<sender>",      "<sent>",        "<status>",       "<msgType>",
      "<scope>",      "<note>",        "<references>",  "<incidents>",    "<info>",
      "<language>",   "<category>",    "<event>",       "<responseType>", "<urgency>",
      "<severity>",   "<certainty>",   "<onset>",       "<expires>",      "<senderName>",
      "<headline>",   "<description>", "<instruction>", "<parameter>",    "<area>",
      "<areaDesc>",   "<polygon>",     "<circle>",      "<geocode>"};
  size_t position = 0;
  for (const std::string& tag : order) {
    const size_t found = xml.find(tag, position);
    ASSERT_NE(found, std::string::npos) << tag << " missing or out of order in\n" << xml;
    position = found;
  }
}

TEST(WriteCap, EscapesTextAndKeepsUtf8) {
  const std::string xml = WriteCap(testing::FullAlert());
  EXPECT_THAT(xml, HasSubstr("<note>Exercise &lt;test&gt; &amp; check</note>"));
  EXPECT_THAT(xml, HasSubstr("<headline>Take shelter: Aomori &amp; Hokkaido</headline>"));
  EXPECT_THAT(xml, HasSubstr("<areaDesc>Aomori, 青森県</areaDesc>"));
}

TEST(WriteCap, WritesReferencesAsSpaceSeparatedTriples) {
  const std::string xml = WriteCap(testing::FullAlert());
  EXPECT_THAT(xml,
              HasSubstr("<references>trilink-JP,trilink-JP.full.0040,2022-10-04T07:23:00-00:00 "
                        "trilink-JP,trilink-JP.full.0041,2022-10-04T07:24:05-00:00"
                        "</references>"));
  EXPECT_THAT(xml, HasSubstr("<incidents>E1 E2</incidents>"));
}

TEST(WriteCap, WritesPolygonsCirclesAndGeocodes) {
  const std::string xml = WriteCap(testing::FullAlert());
  EXPECT_THAT(xml, HasSubstr("<polygon>40.22,139.5 40.22,141.68 41.56,141.68 41.56,139.5 "
                             "40.22,139.5</polygon>"));
  EXPECT_THAT(xml, HasSubstr("<circle>40.8,140.7 12.5</circle>"));
  EXPECT_THAT(xml, HasSubstr("<circle>-33.123456,-70.654321 0</circle>"));
  EXPECT_THAT(xml, HasSubstr("<geocode>\n        <valueName>ISO3166-2</valueName>\n"
                             "        <value>JP-02</value>"));
}

TEST(FormatPolygon, UsesSixDecimalsWithoutTrailingZerosOrNegativeZero) {
  EXPECT_EQ(FormatPolygon({{1.0, 2.5}, {-0.0000001, 180.0}, {1.23456789, -179.9999999}}),
            "1,2.5 0,180 1.234568,-180");
  EXPECT_EQ(FormatCircle({{35.0, 139.0}, 2.0004}), "35,139 2");
}

TEST(IsValid, RejectsWhatTheSchemaCannotSee) {
  std::string error;
  Alert alert = MinimalAlert();
  EXPECT_TRUE(IsValid(alert, &error)) << error;

  Alert spaced = alert;
  spaced.identifier = "has space";
  EXPECT_FALSE(IsValid(spaced, &error));
  EXPECT_THAT(error, HasSubstr("identifier 'has space'"));

  Alert comma = alert;
  comma.sender = "a,b";
  EXPECT_FALSE(IsValid(comma, &error));
  EXPECT_THAT(error, HasSubstr("sender 'a,b'"));

  Alert update = alert;
  update.msg_type = CapMsgType::kUpdate;
  EXPECT_FALSE(IsValid(update, &error));
  EXPECT_THAT(error, HasSubstr("needs references"));

  Alert open_ring = alert;
  open_ring.infos[0].areas.push_back({"A", {{{1, 1}, {1, 2}, {2, 2}, {2, 1}}}, {}, {}});
  EXPECT_FALSE(IsValid(open_ring, &error));
  EXPECT_THAT(error, HasSubstr("not closed"));

  Alert short_ring = alert;
  short_ring.infos[0].areas.push_back({"A", {{{1, 1}, {1, 2}, {1, 1}}}, {}, {}});
  EXPECT_FALSE(IsValid(short_ring, &error));
  EXPECT_THAT(error, HasSubstr("at least 4"));

  Alert far = alert;
  far.infos[0].areas.push_back({"A", {}, {{{91.0, 0.0}, 1.0}}, {}});
  EXPECT_FALSE(IsValid(far, &error));
  EXPECT_THAT(error, HasSubstr("circle"));

  Alert no_category = alert;
  no_category.infos[0].categories.clear();
  EXPECT_FALSE(IsValid(no_category, &error));
  EXPECT_THAT(error, HasSubstr("category"));

  EXPECT_THROW(WriteCap(spaced), InputError);
}

// A control character cannot be written into XML 1.0 at all; invalid UTF-8
// makes the document unreadable. Both are refused, never written.
TEST(IsValid, RejectsTextAnXmlDocumentCannotHold) {
  std::string error;
  Alert control = MinimalAlert();
  control.infos[0].sender_name = "Japan\x01";
  EXPECT_FALSE(IsValid(control, &error));
  EXPECT_THAT(error, HasSubstr("senderName 'Japan\\x01': a control character U+0001"));

  Alert area = MinimalAlert();
  area.infos[0].areas.push_back({"Bad\x1b<&>", {}, {}, {}});
  EXPECT_FALSE(IsValid(area, &error));
  EXPECT_THAT(error, HasSubstr("areaDesc"));

  Alert bytes = MinimalAlert();
  bytes.infos[0].headline = "\xFF\xFE";
  EXPECT_FALSE(IsValid(bytes, &error));
  EXPECT_THAT(error, HasSubstr("headline"));
  EXPECT_THAT(error, HasSubstr("not valid UTF-8"));

  Alert lines = MinimalAlert();
  lines.infos[0].description = "line one\nline two\ttabbed";
  EXPECT_TRUE(IsValid(lines, &error)) << error;
}

}  // namespace
}  // namespace trilink::warn
