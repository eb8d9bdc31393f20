#include "synthetic_lifecycle.h"

#include <numbers>

namespace trilink::warn::testing {
namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;

UtcTime At(double seconds_after_launch) {
  return SyntheticLaunchTime() + Duration::Seconds(seconds_after_launch);
}

// A small lat/lon box as a closed ring (counter-clockwise).
CapPolygon Box(double south, double west, double north, double east) {
  return {{south, west}, {south, east}, {north, east}, {north, west}, {south, west}};
}

AreaThreat Area(const char* name, const char* name_ja, AreaKind kind, const char* iso3166_2,
                CapPolygon outline) {
  AreaThreat threat;
  threat.area = name;
  threat.name_ja = name_ja;
  threat.kind = kind;
  threat.country = "JP";
  if (iso3166_2 != nullptr) threat.geocodes.push_back({"ISO3166-2", iso3166_2});
  threat.outline.push_back(std::move(outline));
  return threat;
}

AreaThreat Akita(double p) {
  AreaThreat a =
      Area("Akita", "秋田県", AreaKind::kNamed, "JP-05", Box(38.87, 139.69, 40.51, 140.99));
  a.impact_probability = p;
  return a;
}
AreaThreat Aomori(double p) {
  AreaThreat a =
      Area("Aomori", "青森県", AreaKind::kNamed, "JP-02", Box(40.22, 139.50, 41.56, 141.68));
  a.impact_probability = p;
  return a;
}
AreaThreat Niigata(double p) {
  AreaThreat a =
      Area("Niigata", "新潟県", AreaKind::kNamed, "JP-15", Box(36.74, 137.62, 38.55, 139.90));
  a.impact_probability = p;
  return a;
}
AreaThreat Eez(double p) {
  AreaThreat a = Area("Japan EEZ", "日本（排他的経済水域）", AreaKind::kEez, nullptr,
                      Box(34.0, 134.0, 45.5, 145.0));
  a.impact_probability = p;
  return a;
}
AreaThreat Hokkaido(double first_s, double last_s) {
  AreaThreat a =
      Area("Hokkaido", "北海道", AreaKind::kNamed, "JP-01", Box(41.35, 139.33, 45.56, 145.82));
  a.overflight_first = At(first_s);
  a.overflight_last = At(last_s);
  return a;
}

ThreatPicture Picture(double t_s, double impact_lat, double impact_lon, double impact_t_s,
                      std::vector<AreaThreat> areas) {
  ThreatPicture picture;
  picture.time = At(t_s);
  picture.event.id = "E1";
  picture.event.tracks = {"JP/1"};
  picture.event.missile_count = 1;
  picture.event.first_launch = SyntheticLaunchTime();
  picture.event.last_launch = SyntheticLaunchTime();
  picture.event.launch_area = geo::Geodetic::FromDegrees(39.2, 127.5);
  assess::TrackAssessment track;
  track.track = "JP/1";
  track.time = picture.time;
  assess::ImpactPrediction impact;
  impact.estimate.point = geo::Geodetic::FromDegrees(impact_lat, impact_lon);
  impact.estimate.time = At(impact_t_s);
  impact.ellipse95.centre = impact.estimate.point;
  impact.ellipse95.semi_major_m = 60'000.0;
  impact.ellipse95.semi_minor_m = 20'000.0;
  impact.ellipse95.major_azimuth_rad = 75.0 * kDegToRad;
  impact.ellipse95.probability = 0.95;
  track.impact = impact;
  picture.tracks.push_back(track);
  picture.areas = std::move(areas);
  return picture;
}

}  // namespace

UtcTime SyntheticLaunchTime() { return UtcTime::Parse("2022-10-04T07:22:00Z"); }

std::vector<LifecycleInput> SyntheticLifecycle() {
  std::vector<LifecycleInput> inputs;
  // 1. First assessment: Akita, Aomori and the EEZ threatened; Niigata below
  //    the threshold (never warned).
  inputs.push_back(
      Picture(60.0, 40.3, 138.9, 600.0, {Akita(0.05), Aomori(0.02), Niigata(0.001), Eez(0.6)}));
  // 2. Narrowed: Aomori drops below the clear threshold.
  inputs.push_back(
      Picture(90.0, 40.4, 139.0, 605.0, {Akita(0.04), Aomori(0.001), Niigata(0.0005), Eez(0.7)}));
  // 3. Widened 10 s later: the predicted path now crosses Hokkaido. Akita at
  //    0.5 % stays warned (between the clear and warn thresholds).
  inputs.push_back(
      Picture(100.0, 41.0, 142.5, 640.0, {Akita(0.005), Hokkaido(300.0, 330.0), Eez(0.5)}));
  // 4. Akita drops below the clear threshold only 5 s after the last
  //    message: held back by the minimum update interval.
  inputs.push_back(
      Picture(105.0, 41.0, 142.6, 640.0, {Akita(0.001), Hokkaido(300.0, 330.0), Eez(0.5)}));
  // 5. Still below 30 s after the last message: the narrowing goes out.
  inputs.push_back(
      Picture(130.0, 41.0, 142.6, 641.0, {Akita(0.001), Hokkaido(301.0, 331.0), Eez(0.5)}));
  // 6. Nothing changed materially: no message.
  inputs.push_back(Picture(200.0, 41.02, 142.62, 642.0, {Hokkaido(301.0, 331.0), Eez(0.5)}));
  // 7. The missile has flown past Hokkaido: "passed over".
  inputs.push_back(Picture(340.0, 41.5, 146.0, 650.0, {Eez(0.45)}));
  // 8. It came down inside the EEZ: the last missile, so Cancel.
  FallReport fall;
  fall.time = At(660.0);
  fall.event_id = "E1";
  fall.track = "JP/1";
  fall.impact_time = At(650.0);
  fall.impact_point = geo::Geodetic::FromDegrees(41.5, 146.0);
  fall.uncertainty_km = 5.0;
  fall.zone = FallZone::kInsideEez;
  fall.country = "Japan";
  fall.country_code = "JPN";
  fall.place = "about 300 km east of Cape Erimo";
  inputs.push_back(fall);
  return inputs;
}

PolicyOptions SyntheticOptions() {
  PolicyOptions options;
  options.sender = "trilink-JP";
  options.run_id = "synthetic";
  options.status = CapStatus::kExercise;
  // The lifecycle exercises narrowing at given times; the release dwell has
  // its own test (WarningPolicy.ReleaseWaitsForTheDwell).
  options.release_dwell = Duration();
  return options;
}

std::vector<Alert> Run(WarningPolicy& policy, const std::vector<LifecycleInput>& inputs) {
  std::vector<Alert> all;
  for (const LifecycleInput& input : inputs) {
    std::vector<Alert> out = std::holds_alternative<ThreatPicture>(input)
                                 ? policy.OnThreat(std::get<ThreatPicture>(input))
                                 : policy.OnFall(std::get<FallReport>(input));
    all.insert(all.end(), out.begin(), out.end());
  }
  return all;
}

Alert FullAlert() {
  Alert alert;
  alert.identifier = "trilink-JP.full.0042";
  alert.sender = "trilink-JP";
  alert.sent = UtcTime::Parse("2022-10-04T07:29:30Z");
  alert.status = CapStatus::kExercise;
  alert.msg_type = CapMsgType::kUpdate;
  alert.note = "Exercise <test> & check";
  alert.references = {
      {"trilink-JP", "trilink-JP.full.0040", UtcTime::Parse("2022-10-04T07:23:00Z")},
      {"trilink-JP", "trilink-JP.full.0041", UtcTime::Parse("2022-10-04T07:24:05Z")}};
  alert.incidents = {"E1", "E2"};
  CapInfo info;
  info.language = "ja-JP";
  info.categories = {CapCategory::kSecurity, CapCategory::kSafety};
  info.event = "ミサイル発射 (missile launch)";
  info.response_types = {CapResponseType::kShelter, CapResponseType::kMonitor};
  info.urgency = CapUrgency::kImmediate;
  info.severity = CapSeverity::kExtreme;
  info.certainty = CapCertainty::kLikely;
  info.onset = UtcTime::Parse("2022-10-04T07:29:00Z");
  info.expires = UtcTime::Parse("2022-10-04T08:05:00Z");
  info.sender_name = "trilink (演習)";
  info.headline = "Take shelter: Aomori & Hokkaido";
  info.description = "Line one < two > three.\nLine two with \"quotes\" and 'apostrophes'.";
  info.instruction = "建物の中、又は地下に避難して下さい。";
  info.parameters = {{"missileCount", "2"}, {"predictedImpactTime", "2022-10-04T07:44:00-00:00"}};
  CapArea area;
  area.description = "Aomori, 青森県";
  area.polygons = {
      {{40.22, 139.5}, {40.22, 141.68}, {41.56, 141.68}, {41.56, 139.5}, {40.22, 139.5}},
      {{41.0, -179.5}, {41.0, 179.5}, {41.5, 179.5}, {41.0, -179.5}}};
  area.circles = {{{40.8, 140.7}, 12.5}, {{-33.123456, -70.654321}, 0.0}};
  area.geocodes = {{"ISO3166-2", "JP-02"}, {"UN/LOCODE", "JPAOM"}};
  info.areas.push_back(area);
  CapArea second;
  second.description = "Hokkaido";
  second.geocodes = {{"ISO3166-2", "JP-01"}};
  info.areas.push_back(second);
  alert.infos.push_back(info);
  CapInfo english = info;
  english.language = "en-US";
  english.event = "Missile launch";
  english.areas.resize(1);
  alert.infos.push_back(english);
  return alert;
}

}  // namespace trilink::warn::testing
