#include "trilink/warn/policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "synthetic_lifecycle.h"
#include "trilink/core/error.h"

namespace trilink::warn {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> AreaNames(const CapInfo& info) {
  std::vector<std::string> names;
  for (const CapArea& area : info.areas) names.push_back(area.description);
  return names;
}

const CapInfo* FindInfo(const Alert& alert, CapResponseType response, const std::string& event) {
  for (const CapInfo& info : alert.infos) {
    if (!info.response_types.empty() && info.response_types[0] == response && info.event == event) {
      return &info;
    }
  }
  return nullptr;
}

std::vector<std::string> Identifiers(const std::vector<CapReference>& references) {
  std::vector<std::string> ids;
  for (const CapReference& r : references) ids.push_back(r.identifier);
  return ids;
}

class Lifecycle : public ::testing::Test {
 protected:
  Lifecycle() : policy_(testing::SyntheticOptions()) {
    alerts_ = testing::Run(policy_, testing::SyntheticLifecycle());
  }
  WarningPolicy policy_;
  std::vector<Alert> alerts_;
};

TEST_F(Lifecycle, GoesThroughAlertUpdatesAndCancel) {
  ASSERT_EQ(alerts_.size(), 6u);
  EXPECT_EQ(alerts_[0].msg_type, CapMsgType::kAlert);
  for (int i = 1; i <= 4; ++i) EXPECT_EQ(alerts_[i].msg_type, CapMsgType::kUpdate) << i;
  EXPECT_EQ(alerts_[5].msg_type, CapMsgType::kCancel);
  for (const Alert& alert : alerts_) {
    EXPECT_EQ(alert.status, CapStatus::kExercise);
    EXPECT_EQ(alert.sender, "trilink-JP");
    EXPECT_THAT(alert.incidents, ElementsAre("E1"));
    EXPECT_FALSE(alert.note.empty());
  }
}

TEST_F(Lifecycle, FirstAlertWarnsTheThreatenedAreasOnly) {
  const CapInfo* shelter = FindInfo(alerts_[0], CapResponseType::kShelter, "Missile launch");
  ASSERT_NE(shelter, nullptr);
  EXPECT_THAT(AreaNames(*shelter),
              ElementsAre("Akita", "Aomori", "Japan EEZ", "Predicted impact area (95 %)"));
  EXPECT_EQ(shelter->urgency, CapUrgency::kImmediate);
  EXPECT_EQ(shelter->severity, CapSeverity::kExtreme);
  EXPECT_THAT(shelter->categories, ElementsAre(CapCategory::kSecurity, CapCategory::kSafety));
  EXPECT_THAT(shelter->headline, HasSubstr("take shelter"));
  EXPECT_THAT(shelter->description, HasSubstr("Akita: may be hit (impact probability 5.0 %)"));
  // Onset = predicted impact (600 s after launch), expires 30 min later.
  ASSERT_TRUE(shelter->onset && shelter->expires);
  EXPECT_EQ(shelter->onset->ToIso8601(), "2022-10-04T07:32:00Z");
  EXPECT_EQ(shelter->expires->ToIso8601(), "2022-10-04T08:02:00Z");
  // Areas keep their geocodes and outlines.
  EXPECT_EQ(shelter->areas[0].geocodes[0].value, "JP-05");
  EXPECT_EQ(shelter->areas[0].polygons.size(), 1u);
}

TEST_F(Lifecycle, NarrowingUpdateDropsTheAreaAndSaysSo) {
  const Alert& update = alerts_[1];
  const CapInfo* shelter = FindInfo(update, CapResponseType::kShelter, "Missile launch");
  ASSERT_NE(shelter, nullptr);
  EXPECT_THAT(AreaNames(*shelter),
              ElementsAre("Akita", "Japan EEZ", "Predicted impact area (95 %)"));
  const CapInfo* lifted = FindInfo(update, CapResponseType::kAllClear, "Missile launch");
  ASSERT_NE(lifted, nullptr);
  EXPECT_THAT(AreaNames(*lifted), ElementsAre("Aomori"));
  EXPECT_THAT(lifted->headline, HasSubstr("lifted for Aomori"));
}

TEST_F(Lifecycle, WideningGoesOutAtOnceAndHysteresisKeepsAkita) {
  const Alert& update = alerts_[2];
  // Only 10 s after the previous message: widening is not held back.
  EXPECT_EQ((update.sent - alerts_[1].sent).seconds(), 10.0);
  const CapInfo* shelter = FindInfo(update, CapResponseType::kShelter, "Missile launch");
  ASSERT_NE(shelter, nullptr);
  // Akita at 0.5 % is between the clear (0.2 %) and warn (1 %) thresholds.
  EXPECT_THAT(AreaNames(*shelter),
              ElementsAre("Akita", "Hokkaido", "Japan EEZ", "Predicted impact area (95 %)"));
  EXPECT_THAT(shelter->description,
              HasSubstr("Hokkaido: the missile may fly over it at about 07:27 UTC"));
}

TEST_F(Lifecycle, NarrowingIsHeldUntilTheMinimumInterval) {
  // Akita fell below the clear threshold at +105 s (5 s after a message) and
  // the narrowing went out at +130 s.
  const Alert& update = alerts_[3];
  EXPECT_EQ(update.sent.ToIso8601(), "2022-10-04T07:24:10Z");
  const CapInfo* lifted = FindInfo(update, CapResponseType::kAllClear, "Missile launch");
  ASSERT_NE(lifted, nullptr);
  EXPECT_THAT(AreaNames(*lifted), ElementsAre("Akita"));
}

TEST_F(Lifecycle, PassedOverReleasesTheArea) {
  const Alert& update = alerts_[4];
  const CapInfo* passed = FindInfo(update, CapResponseType::kAllClear, "Missile passed over");
  ASSERT_NE(passed, nullptr);
  EXPECT_THAT(AreaNames(*passed), ElementsAre("Hokkaido"));
  EXPECT_THAT(passed->description, HasSubstr("passed over Hokkaido (about 07:27 UTC)"));
  const CapInfo* shelter = FindInfo(update, CapResponseType::kShelter, "Missile launch");
  ASSERT_NE(shelter, nullptr);
  EXPECT_THAT(AreaNames(*shelter), ElementsAre("Japan EEZ", "Predicted impact area (95 %)"));
}

TEST_F(Lifecycle, FellAtSeaInsideTheEezAndCancels) {
  const Alert& cancel = alerts_[5];
  const CapInfo* fell = FindInfo(cancel, CapResponseType::kAllClear, "Missile fell");
  ASSERT_NE(fell, nullptr);
  EXPECT_THAT(
      fell->description,
      HasSubstr("about 300 km east of Cape Erimo, at sea inside Japan's exclusive economic zone"));
  ASSERT_EQ(fell->areas.size(), 1u);
  ASSERT_EQ(fell->areas[0].circles.size(), 1u);
  EXPECT_DOUBLE_EQ(fell->areas[0].circles[0].radius_km, 5.0);
  const CapInfo* all_clear = FindInfo(cancel, CapResponseType::kAllClear, "Missile launch");
  ASSERT_NE(all_clear, nullptr);
  // All clear for every area ever warned, and only those.
  EXPECT_THAT(AreaNames(*all_clear), ElementsAre("Akita", "Aomori", "Hokkaido", "Japan EEZ"));
}

TEST_F(Lifecycle, ReferencesPointToEveryEarlierMessageOfTheEvent) {
  EXPECT_TRUE(alerts_[0].references.empty());
  for (size_t i = 1; i < alerts_.size(); ++i) {
    ASSERT_EQ(alerts_[i].references.size(), i);
    for (size_t j = 0; j < i; ++j) {
      EXPECT_EQ(alerts_[i].references[j].identifier, alerts_[j].identifier);
      EXPECT_EQ(alerts_[i].references[j].sender, alerts_[j].sender);
      EXPECT_EQ(alerts_[i].references[j].sent, alerts_[j].sent);
    }
  }
  EXPECT_EQ(FormatReferences({alerts_[1].references}),
            "trilink-JP,trilink-JP.synthetic.0001,2022-10-04T07:23:00-00:00");
}

TEST_F(Lifecycle, IdentifiersAreUniqueOrderedAndTimesNonDecreasing) {
  std::set<std::string> seen;
  for (size_t i = 0; i < alerts_.size(); ++i) {
    char expected[64];
    std::snprintf(expected, sizeof expected, "trilink-JP.synthetic.%04zu", i + 1);
    EXPECT_EQ(alerts_[i].identifier, expected);
    EXPECT_TRUE(seen.insert(alerts_[i].identifier).second);
    if (i > 0) {
      EXPECT_GE(alerts_[i].sent, alerts_[i - 1].sent);
    }
    // Sent times are whole seconds, as written.
    EXPECT_EQ(alerts_[i].sent.nanoseconds_since_epoch() % 1'000'000'000, 0);
  }
  EXPECT_EQ(policy_.sent().size(), alerts_.size());
}

TEST_F(Lifecycle, AreasBelowTheThresholdsAreNeverWarned) {
  for (const Alert& alert : alerts_) {
    for (const CapInfo& info : alert.infos) {
      for (const CapArea& area : info.areas) EXPECT_NE(area.description, "Niigata");
    }
  }
  for (const AreaWarningRecord& record : policy_.records()) EXPECT_NE(record.area, "Niigata");
}

TEST_F(Lifecycle, RecordsWhenEachAreaWasFirstWarned) {
  const std::vector<AreaWarningRecord>& records = policy_.records();
  ASSERT_EQ(records.size(), 4u);
  std::map<std::string, AreaWarningRecord> by_area;
  for (const AreaWarningRecord& r : records) by_area[r.area] = r;
  EXPECT_EQ(by_area["Akita"].first_warned.ToIso8601(), "2022-10-04T07:23:00Z");
  EXPECT_EQ(by_area["Akita"].first_identifier, "trilink-JP.synthetic.0001");
  EXPECT_TRUE(by_area["Akita"].for_impact);
  EXPECT_DOUBLE_EQ(by_area["Akita"].max_impact_probability, 0.05);
  EXPECT_EQ(by_area["Hokkaido"].first_warned.ToIso8601(), "2022-10-04T07:23:40Z");
  EXPECT_EQ(by_area["Hokkaido"].first_identifier, "trilink-JP.synthetic.0003");
  EXPECT_TRUE(by_area["Hokkaido"].for_overflight);
  EXPECT_FALSE(by_area["Hokkaido"].for_impact);
  EXPECT_TRUE(by_area["Hokkaido"].passed_over);
  EXPECT_EQ(by_area["Japan EEZ"].kind, AreaKind::kEez);
  for (const AreaWarningRecord& r : records) EXPECT_TRUE(r.released.has_value()) << r.area;
}

TEST(WarningPolicy, IsDeterministic) {
  WarningPolicy a(testing::SyntheticOptions());
  WarningPolicy b(testing::SyntheticOptions());
  const std::vector<Alert> first = testing::Run(a, testing::SyntheticLifecycle());
  const std::vector<Alert> second = testing::Run(b, testing::SyntheticLifecycle());
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(WriteCap(first[i]), WriteCap(second[i]));
}

TEST(WarningPolicy, NoThreatNoMessageAndAFallAloneSaysNothing) {
  WarningPolicy policy(testing::SyntheticOptions());
  ThreatPicture picture = std::get<ThreatPicture>(testing::SyntheticLifecycle()[0]);
  for (AreaThreat& threat : picture.areas) threat.impact_probability = 0.009;
  EXPECT_TRUE(policy.OnThreat(picture).empty());
  FallReport fall = std::get<FallReport>(testing::SyntheticLifecycle().back());
  EXPECT_TRUE(policy.OnFall(fall).empty());
  EXPECT_TRUE(policy.records().empty());
}

TEST(WarningPolicy, MaterialChangeOfImpactTimeSendsARevision) {
  WarningPolicy policy(testing::SyntheticOptions());
  ThreatPicture picture = std::get<ThreatPicture>(testing::SyntheticLifecycle()[0]);
  ASSERT_EQ(policy.OnThreat(picture).size(), 1u);
  picture.time = picture.time + Duration::Seconds(25.0);
  picture.tracks[0].impact->estimate.time =
      picture.tracks[0].impact->estimate.time + Duration::Seconds(10.0);
  EXPECT_TRUE(policy.OnThreat(picture).empty());  // 10 s shift: not material
  picture.time = picture.time + Duration::Seconds(5.0);
  picture.tracks[0].impact->estimate.time =
      picture.tracks[0].impact->estimate.time + Duration::Seconds(40.0);
  const std::vector<Alert> revision = policy.OnThreat(picture);
  ASSERT_EQ(revision.size(), 1u);
  EXPECT_EQ(revision[0].msg_type, CapMsgType::kUpdate);
  EXPECT_THAT(revision[0].infos[0].parameters,
              ::testing::Contains(::testing::Field(&CapValue::value, "2022-10-04T07:32:50-00:00")));
}

// An area whose threat dips below the clear threshold and comes back within
// the release dwell stays warned (no "lifted" then "warned again"); one that
// stays below for the whole dwell is released.
TEST(WarningPolicy, ReleaseWaitsForTheDwell) {
  PolicyOptions options = testing::SyntheticOptions();
  options.release_dwell = Duration::Seconds(60.0);
  WarningPolicy policy(options);
  ThreatPicture picture = std::get<ThreatPicture>(testing::SyntheticLifecycle()[0]);
  ASSERT_FALSE(picture.areas.empty());
  const std::string area = picture.areas[0].area;
  const UtcTime start = picture.time;
  picture.areas.resize(1);
  picture.areas[0].overflight_first.reset();
  picture.areas[0].overflight_last.reset();
  auto at = [&](double t_s, double probability) {
    picture.time = start + Duration::Seconds(t_s);
    picture.areas[0].impact_probability = probability;
    return policy.OnThreat(picture);
  };
  ASSERT_EQ(at(0.0, 0.05).size(), 1u);                    // warned
  EXPECT_TRUE(at(30.0, 0.0005).empty());                  // below clear, within the dwell: kept
  EXPECT_TRUE(at(45.0, 0.02).empty());                    // back above: nothing to say
  EXPECT_TRUE(at(80.0, 0.0005).empty());                  // below again: the dwell starts over
  const std::vector<Alert> released = at(106.0, 0.0005);  // 61 s below: released
  ASSERT_EQ(released.size(), 1u);
  EXPECT_THAT(released[0].infos[0].headline, HasSubstr("lifted"));
  EXPECT_THAT(released[0].infos[0].headline, HasSubstr(area));
}

TEST(WarningPolicy, SalvoCancelsOnlyAfterTheLastFall) {
  WarningPolicy policy(testing::SyntheticOptions());
  ThreatPicture picture = std::get<ThreatPicture>(testing::SyntheticLifecycle()[0]);
  picture.event.missile_count = 2;
  ASSERT_EQ(policy.OnThreat(picture).size(), 1u);
  FallReport fall = std::get<FallReport>(testing::SyntheticLifecycle().back());
  fall.zone = FallZone::kOutsideEez;
  const std::vector<Alert> first = policy.OnFall(fall);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].msg_type, CapMsgType::kUpdate);
  EXPECT_THAT(first[0].infos[0].description, HasSubstr("outside Japan's exclusive economic zone"));
  EXPECT_THAT(first[0].infos[0].description, HasSubstr("Other missiles may still be in flight"));
  // The fall, then still take shelter, each in English and Japanese.
  ASSERT_EQ(first[0].infos.size(), 4u);
  EXPECT_EQ(first[0].infos[1].response_types[0], CapResponseType::kMonitor);
  EXPECT_EQ(first[0].infos[2].response_types[0], CapResponseType::kShelter);
  EXPECT_EQ(first[0].infos[3].response_types[0], CapResponseType::kShelter);
  fall.time = fall.time + Duration::Seconds(30.0);
  const std::vector<Alert> second = policy.OnFall(fall);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].msg_type, CapMsgType::kCancel);
  EXPECT_THAT(Identifiers(second[0].references),
              ElementsAre("trilink-JP.synthetic.0001", "trilink-JP.synthetic.0002"));
  // After the cancel, the event is over.
  picture.time = fall.time + Duration::Seconds(1.0);
  EXPECT_TRUE(policy.OnThreat(picture).empty());
}

TEST(WarningPolicy, AllClearCancelsTheThread) {
  WarningPolicy policy(testing::SyntheticOptions());
  ThreatPicture picture = std::get<ThreatPicture>(testing::SyntheticLifecycle()[0]);
  ASSERT_EQ(policy.OnThreat(picture).size(), 1u);
  EXPECT_TRUE(policy.OnAllClear(picture.time, "other-event", {"x"}).empty());
  const std::vector<Alert> cancel = policy.OnAllClear(
      picture.time + Duration::Seconds(3.0), "E1", {"The track was lost.", "追尾が途絶えました。"});
  ASSERT_EQ(cancel.size(), 1u);
  EXPECT_EQ(cancel[0].msg_type, CapMsgType::kCancel);
  EXPECT_THAT(cancel[0].infos[0].description, HasSubstr("The track was lost."));
  EXPECT_THAT(Identifiers(cancel[0].references), ElementsAre("trilink-JP.synthetic.0001"));
  EXPECT_TRUE(policy.OnAllClear(picture.time + Duration::Seconds(4.0), "E1", {"again"}).empty());
}

TEST(WarningPolicy, OverflightOfTheSeaWarnsNoOne) {
  WarningPolicy policy(testing::SyntheticOptions());
  ThreatPicture picture = std::get<ThreatPicture>(testing::SyntheticLifecycle()[0]);
  AreaThreat eez = picture.areas.back();
  ASSERT_EQ(eez.kind, AreaKind::kEez);
  eez.impact_probability = 0.0;
  eez.overflight_first = picture.time + Duration::Seconds(100.0);
  eez.overflight_last = picture.time + Duration::Seconds(200.0);
  picture.areas = {eez};
  EXPECT_TRUE(policy.OnThreat(picture).empty());
}

TEST(WarningPolicy, ActualStatusForLiveInput) {
  PolicyOptions options = testing::SyntheticOptions();
  options.status = CapStatus::kActual;
  WarningPolicy policy(options);
  const std::vector<Alert> alerts = testing::Run(policy, testing::SyntheticLifecycle());
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts[0].status, CapStatus::kActual);
  EXPECT_TRUE(alerts[0].note.empty());
}

TEST(PolicyOptions, IsValidNamesTheField) {
  std::string error;
  EXPECT_TRUE(PolicyOptions().IsValid(&error)) << error;
  PolicyOptions options;
  options.clear_probability = 0.5;
  EXPECT_FALSE(options.IsValid(&error));
  EXPECT_THAT(error, HasSubstr("clear_probability"));
  options = PolicyOptions();
  options.sender = "two words";
  EXPECT_FALSE(options.IsValid(&error));
  EXPECT_THAT(error, HasSubstr("sender"));
  options = PolicyOptions();
  options.warn_probability = 0.0;
  EXPECT_FALSE(options.IsValid(&error));
  EXPECT_THAT(error, HasSubstr("warn_probability"));
  EXPECT_THROW(WarningPolicy{options}, InputError);
}

TEST(WarningPolicyDeathTest, InputsOutOfTimeOrderAbort) {
  WarningPolicy policy(testing::SyntheticOptions());
  const std::vector<testing::LifecycleInput> inputs = testing::SyntheticLifecycle();
  policy.OnThreat(std::get<ThreatPicture>(inputs[1]));
  EXPECT_DEATH(policy.OnThreat(std::get<ThreatPicture>(inputs[0])), "time order");
}

}  // namespace
}  // namespace trilink::warn

namespace trilink::warn {
namespace {

// The ASCII words of a Japanese text: only units and acronyms may remain.
bool OnlyJapaneseWords(const std::string& text, std::string* word) {
  static const std::set<std::string> kAllowed = {"km", "EEZ", "trilink"};
  for (size_t i = 0; i < text.size();) {
    if (!std::isalpha(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
    *word = text.substr(i, end - i);
    if (!kAllowed.count(*word)) return false;
    i = end;
  }
  return true;
}

// Every message of the lifecycle carries each of its blocks in English and
// then in Japanese, saying the same thing: the same kind of event, response,
// urgency, severity, certainty, times and parameters, and the same areas
// (outlines, circles, ISO 3166-2 codes) under their Japanese names.
TEST(WarningPolicy, EveryBlockIsGivenInEnglishAndJapaneseAlike) {
  WarningPolicy policy(testing::SyntheticOptions());
  ASSERT_THAT(policy.options().languages, ElementsAre("en-US", "ja-JP"));
  const std::vector<Alert> alerts = testing::Run(policy, testing::SyntheticLifecycle());
  ASSERT_GE(alerts.size(), 4u);
  std::set<std::string> japanese_areas;
  for (const Alert& alert : alerts) {
    ASSERT_EQ(alert.infos.size() % 2, 0u) << alert.identifier;
    for (size_t i = 0; i < alert.infos.size(); i += 2) {
      const CapInfo& en = alert.infos[i];
      const CapInfo& ja = alert.infos[i + 1];
      SCOPED_TRACE(alert.identifier + " block " + std::to_string(i / 2));
      EXPECT_EQ(en.language, "en-US");
      EXPECT_EQ(ja.language, "ja-JP");
      EXPECT_EQ(ja.categories, en.categories);
      EXPECT_EQ(ja.response_types, en.response_types);
      EXPECT_EQ(ja.urgency, en.urgency);
      EXPECT_EQ(ja.severity, en.severity);
      EXPECT_EQ(ja.certainty, en.certainty);
      EXPECT_EQ(ja.onset, en.onset);
      EXPECT_EQ(ja.expires, en.expires);
      ASSERT_EQ(ja.parameters.size(), en.parameters.size());
      for (size_t k = 0; k < en.parameters.size(); ++k) {
        EXPECT_EQ(ja.parameters[k].value_name, en.parameters[k].value_name);
        EXPECT_EQ(ja.parameters[k].value, en.parameters[k].value);
      }
      ASSERT_EQ(ja.areas.size(), en.areas.size());
      for (size_t k = 0; k < en.areas.size(); ++k) {
        EXPECT_EQ(ja.areas[k].polygons.size(), en.areas[k].polygons.size());
        EXPECT_EQ(ja.areas[k].circles.size(), en.areas[k].circles.size());
        ASSERT_EQ(ja.areas[k].geocodes.size(), en.areas[k].geocodes.size());
        for (size_t g = 0; g < en.areas[k].geocodes.size(); ++g)
          EXPECT_EQ(ja.areas[k].geocodes[g].value, en.areas[k].geocodes[g].value);
        japanese_areas.insert(ja.areas[k].description);
      }
      std::string word;
      for (const std::string* text : {&ja.event, &ja.headline, &ja.description, &ja.instruction}) {
        EXPECT_FALSE(text->empty());
        EXPECT_TRUE(OnlyJapaneseWords(*text, &word)) << "'" << word << "' in " << *text;
      }
      for (const CapArea& area : ja.areas)
        EXPECT_TRUE(OnlyJapaneseWords(area.description, &word)) << area.description;
    }
  }
  for (const char* name : {"秋田県", "青森県", "北海道", "予測落下範囲（95 %）", "落下地点"})
    EXPECT_TRUE(japanese_areas.count(name)) << name;
}

// Japanese blocks give clock times in Japan Standard Time (UTC+9).
TEST(WarningPolicy, JapaneseBlocksTellTheTimeInJapanStandardTime) {
  PolicyOptions options = testing::SyntheticOptions();
  options.languages = {"ja-JP"};
  WarningPolicy policy(options);
  const std::vector<Alert> alerts = testing::Run(policy, testing::SyntheticLifecycle());
  ASSERT_FALSE(alerts.empty());
  ASSERT_EQ(alerts[0].infos.size(), 1u);
  // The synthetic launch is at 07:22 UTC, 16:22 in Japan.
  ASSERT_EQ(testing::SyntheticLaunchTime().ToIso8601().substr(11, 5), "07:22");
  EXPECT_THAT(alerts[0].infos[0].description, HasSubstr("16時22分ごろ"));
}

TEST(WarningPolicy, RefusesLanguagesItCannotWrite) {
  std::string error;
  PolicyOptions options = testing::SyntheticOptions();
  options.languages = {"fr-FR"};
  EXPECT_FALSE(options.IsValid(&error));
  EXPECT_THAT(error, HasSubstr("'fr-FR': expected en-US or ja-JP"));
  options.languages = {"ja-JP", "ja-JP"};
  EXPECT_FALSE(options.IsValid(&error));
  EXPECT_THAT(error, HasSubstr("given twice"));
  options.languages = {};
  EXPECT_FALSE(options.IsValid(&error));
  options.languages = {"ja-JP", "en-US"};
  EXPECT_TRUE(options.IsValid(&error));
}

}  // namespace
}  // namespace trilink::warn
