#include "trilink/warn/policy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <set>

#include "trilink/core/error.h"
#include "trilink/geo/area_names.h"

namespace trilink::warn {
namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;

// CAP times have whole seconds; keep the Alert equal to what is written.
UtcTime FloorToSecond(UtcTime time) {
  constexpr int64_t kSecond = 1'000'000'000;
  int64_t ns = time.nanoseconds_since_epoch();
  int64_t floored = ns - ((ns % kSecond) + kSecond) % kSecond;
  return UtcTime::FromNanoseconds(floored);
}

// "07:35 UTC"
std::string ClockText(UtcTime time) {
  return FloorToSecond(time).ToIso8601().substr(11, 5) + " UTC";
}

std::string PercentText(double probability) {
  char buffer[32];
  if (probability >= 0.1) {
    std::snprintf(buffer, sizeof buffer, "%.0f %%", probability * 100.0);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f %%", probability * 100.0);
  }
  return buffer;
}

std::string PointText(const geo::Geodetic& point) {
  char buffer[64];
  const double lat = point.latitude_deg();
  const double lon = point.longitude_deg();
  std::snprintf(buffer, sizeof buffer, "%.2f°%c %.2f°%c", std::abs(lat), lat >= 0 ? 'N' : 'S',
                std::abs(lon), lon >= 0 ? 'E' : 'W');
  return buffer;
}

std::string Number(double value, const char* format) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string JoinNames(const std::vector<std::string>& names, size_t max_names) {
  std::string text;
  for (size_t i = 0; i < names.size() && i < max_names; ++i) {
    if (i > 0) text += (i + 1 == names.size()) ? " and " : ", ";
    text += names[i];
  }
  if (names.size() > max_names) {
    text += " and " + std::to_string(names.size() - max_names) + " more";
  }
  return text;
}

bool HasForbiddenCharacter(std::string_view text) {
  return text.empty() || text.find_first_of(" ,<&\t\r\n") != std::string_view::npos;
}

bool IsMaritime(AreaKind kind) {
  return kind == AreaKind::kTerritorialSea || kind == AreaKind::kEez;
}

// The 95 % ellipse as a closed CAP ring of 36 geodesic points.
CapPolygon EllipsePolygon(const assess::GroundEllipse& ellipse) {
  constexpr int kPoints = 36;
  CapPolygon ring;
  const double sin_az = std::sin(ellipse.major_azimuth_rad);
  const double cos_az = std::cos(ellipse.major_azimuth_rad);
  for (int i = 0; i < kPoints; ++i) {
    const double theta = 2.0 * std::numbers::pi * i / kPoints;
    const double along = ellipse.semi_major_m * std::cos(theta);
    const double across = ellipse.semi_minor_m * std::sin(theta);
    // Major axis unit (east, north) = (sin az, cos az); minor = (cos az, -sin az).
    const double east = along * sin_az + across * cos_az;
    const double north = along * cos_az - across * sin_az;
    const geo::Geodetic point =
        geo::GeodesicDirect(ellipse.centre, std::atan2(east, north), std::hypot(east, north));
    ring.push_back({point.latitude_deg(), point.longitude_deg()});
  }
  ring.push_back(ring.front());
  return ring;
}

// Japan Standard Time (UTC+9, no daylight saving), as the Japanese blocks
// give clock times: "15時35分".
std::string JapaneseClock(UtcTime time) {
  const std::string iso = FloorToSecond(time + Duration::Seconds(9 * 3600.0)).ToIso8601();
  return std::to_string(std::stoi(iso.substr(11, 2))) + "時" + iso.substr(14, 2) + "分";
}

// "秋田県、青森県、岩手県ほか2地域"
std::string JoinNamesJapanese(const std::vector<std::string>& names, size_t max_names) {
  std::string text;
  for (size_t i = 0; i < names.size() && i < max_names; ++i) text += (i > 0 ? "、" : "") + names[i];
  if (names.size() > max_names) text += "ほか" + std::to_string(names.size() - max_names) + "地域";
  return text;
}

constexpr const char* kShelterInstruction =
    "Take shelter now in a sturdy building or underground. If there is no building nearby, take "
    "cover behind something solid or lie flat on the ground and protect your head. Stay away "
    "from windows. Follow further information from the authorities.";
constexpr const char* kDebrisInstruction =
    "If you find a fallen object, do not approach or touch it; report it to the police or fire "
    "service at once.";
// The same advice in the plain style of Japan's national warnings (written
// for trilink).
constexpr const char* kShelterInstructionJapanese =
    "直ちに頑丈な建物か地下に避難してください。近くに建物がない場合は、物陰に身を隠すか、"
    "地面に伏せて頭を守ってください。窓から離れてください。今後の情報に注意してください。";
constexpr const char* kDebrisInstructionJapanese =
    "落ちてきた物を見つけたら、近づいたり触ったりせず、すぐに警察か消防に知らせてください。";

}  // namespace

bool PolicyOptions::IsValid(std::string* error) const {
  auto fail = [error](const std::string& message) {
    return Invalid(error, "warning policy options: " + message);
  };
  if (HasForbiddenCharacter(sender)) {
    return fail("sender '" + sender + "': expected a non-empty text without spaces or commas");
  }
  if (HasForbiddenCharacter(run_id)) {
    return fail("run_id '" + run_id + "': expected a non-empty text without spaces or commas");
  }
  if (languages.empty()) return fail("languages: expected at least one of en-US, ja-JP");
  for (size_t i = 0; i < languages.size(); ++i) {
    if (languages[i] != "en-US" && languages[i] != "ja-JP")
      return fail("languages: '" + languages[i] + "': expected en-US or ja-JP");
    if (std::find(languages.begin(), languages.begin() + static_cast<std::ptrdiff_t>(i),
                  languages[i]) != languages.begin() + static_cast<std::ptrdiff_t>(i))
      return fail("languages: '" + languages[i] + "' given twice");
  }
  if (!(warn_probability > 0.0 && warn_probability <= 1.0)) {
    return fail("warn_probability " + std::to_string(warn_probability) + ": expected (0, 1]");
  }
  if (!(clear_probability > 0.0 && clear_probability <= warn_probability)) {
    return fail("clear_probability " + std::to_string(clear_probability) +
                ": expected (0, warn_probability]");
  }
  if (min_update_interval < Duration()) return fail("min_update_interval: expected >= 0");
  if (release_dwell < Duration()) return fail("release_dwell: expected >= 0");
  if (!(impact_time_change_s > 0.0)) return fail("impact_time_change_s: expected > 0");
  if (!(impact_point_change_m > 0.0)) return fail("impact_point_change_m: expected > 0");
  if (expires_after_impact <= Duration()) return fail("expires_after_impact: expected > 0");
  return true;
}

WarningPolicy::WarningPolicy(PolicyOptions options) : options_(std::move(options)) {
  std::string error;
  if (!options_.IsValid(&error)) throw InputError(error);
  for (const std::string& language : options_.languages)
    languages_.push_back(language == "ja-JP" ? Language::kJapanese : Language::kEnglish);
}

void WarningPolicy::CheckTime(UtcTime time) {
  TRILINK_CHECK(!last_input_ || time >= *last_input_)
      << "warning policy inputs must come in time order: " << time.ToIso8601() << " after "
      << last_input_->ToIso8601();
  last_input_ = time;
}

WarningPolicy::EventState& WarningPolicy::Event(const std::string& id) {
  auto [it, inserted] = events_.try_emplace(id);
  if (inserted) it->second.id = id;
  return it->second;
}

Alert WarningPolicy::NewMessage(EventState& event, UtcTime time, CapMsgType type) {
  ++sequence_;
  char number[16];
  std::snprintf(number, sizeof number, "%04d", sequence_);
  Alert alert;
  alert.identifier = options_.sender + "." + options_.run_id + "." + number;
  alert.sender = options_.sender;
  alert.sent = FloorToSecond(time);
  alert.status = options_.status;
  alert.msg_type = type;
  if (options_.status == CapStatus::kExercise) alert.note = options_.exercise_note;
  alert.references = event.thread;
  std::string incident = event.id;
  std::replace_if(
      incident.begin(), incident.end(),
      [](char c) { return c == ' ' || c == ',' || c == '<' || c == '&'; }, '_');
  if (!incident.empty()) alert.incidents.push_back(incident);
  return alert;
}

std::vector<Alert> WarningPolicy::Send(EventState& event, Alert alert) {
  event.thread.push_back(ReferenceTo(alert));
  event.last_message = alert.sent;
  event.impact_at_last_message = event.impact;
  for (auto& [name, state] : event.areas) {
    if (state.warned && records_[state.record].first_identifier.empty()) {
      records_[state.record].first_identifier = alert.identifier;
    }
  }
  sent_.push_back(alert);
  return {std::move(alert)};
}

CapArea WarningPolicy::AreaBlock(const AreaState& state, Language language) const {
  CapArea area;
  area.description = language == Language::kJapanese && !state.last.name_ja.empty()
                         ? state.last.name_ja
                         : state.last.area;
  area.polygons = state.last.outline;
  area.geocodes = state.last.geocodes;
  return area;
}

std::string WarningPolicy::AreaName(const EventState& event, const std::string& area,
                                    Language language) const {
  if (language != Language::kJapanese) return area;
  const std::string& japanese = event.areas.at(area).last.name_ja;
  return japanese.empty() ? area : japanese;
}

CapInfo WarningPolicy::NewInfo(Language language) const {
  CapInfo info;
  info.language = language == Language::kJapanese ? "ja-JP" : "en-US";
  // Security: a military attack (CAP 3.2.2 "Law enforcement, military,
  // homeland and local/private security"); Safety: the public protective
  // action asked for ("General emergency and public safety").
  info.categories = {CapCategory::kSecurity, CapCategory::kSafety};
  info.sender_name = options_.sender_name;
  return info;
}

CapInfo WarningPolicy::ShelterInfo(const EventState& event, UtcTime time, Language language) const {
  const bool ja = language == Language::kJapanese;
  CapInfo info = NewInfo(language);
  info.event = ja ? "ミサイル発射" : "Missile launch";
  info.response_types = {CapResponseType::kShelter};
  info.urgency = CapUrgency::kImmediate;
  info.severity = CapSeverity::kExtreme;

  std::vector<std::string> names;
  std::vector<std::string> lines;
  std::optional<UtcTime> onset;
  double max_probability = 0.0;
  bool overflight = false;
  for (const auto& [name, state] : event.areas) {
    if (!state.warned) continue;
    const std::string shown = AreaName(event, name, language);
    names.push_back(shown);
    const AreaThreat& threat = state.last;
    max_probability = std::max(max_probability, threat.impact_probability);
    std::vector<std::string> parts;
    if (threat.impact_probability >= options_.clear_probability) {
      parts.push_back(ja ? "落下のおそれ（落下確率 " + PercentText(threat.impact_probability) + "）"
                         : "may be hit (impact probability " +
                               PercentText(threat.impact_probability) + ")");
      if (event.impact.time) {
        onset = onset ? std::min(*onset, *event.impact.time) : *event.impact.time;
      }
    }
    if (threat.overflight_first) {
      parts.push_back(ja ? JapaneseClock(*threat.overflight_first) + "ごろ上空を通過するおそれ"
                         : "the missile may fly over it at about " +
                               ClockText(*threat.overflight_first));
      overflight = true;
      onset = onset ? std::min(*onset, *threat.overflight_first) : *threat.overflight_first;
    }
    if (parts.empty())
      parts.push_back(ja ? "引き続き予測危険範囲内" : "still in the predicted danger area");
    std::string line = shown + (ja ? "：" : ": ") + parts[0];
    for (size_t i = 1; i < parts.size(); ++i) line += (ja ? "、" : "; ") + parts[i];
    lines.push_back(line + (ja ? "。" : "."));
  }
  info.certainty =
      (max_probability >= 0.5 || overflight) ? CapCertainty::kLikely : CapCertainty::kPossible;
  if (onset && *onset > time) info.onset = FloorToSecond(*onset);
  const UtcTime end = event.impact.latest_time ? std::max(*event.impact.latest_time, time) : time;
  info.expires = FloorToSecond(end + options_.expires_after_impact);
  if (info.onset && *info.expires < *info.onset) info.expires = info.onset;

  std::string text;
  if (ja) {
    info.headline = "ミサイル発射。" + JoinNamesJapanese(names, 3) + "では直ちに避難してください";
    if (event.first_launch) text += JapaneseClock(*event.first_launch) + "ごろ、";
    if (event.launch_area) text += geo::JapaneseCoordinates(*event.launch_area) + "付近から";
    text += "ミサイルが";
    if (event.missile_count > 1) text += std::to_string(event.missile_count) + "発";
    text += "発射されたとみられます。次の地域に落下する、または上空を通過するおそれがあります。";
    if (event.impact.time && event.impact.prediction) {
      const assess::ImpactPrediction& p = *event.impact.prediction;
      text += "落下は" + JapaneseClock(*event.impact.time) + "ごろ、" +
              geo::JapaneseCoordinates(p.estimate.point) + "付近と予測されます（95 % の範囲は " +
              Number(p.ellipse95.semi_major_m * 2e-3, "%.0f") + " km × " +
              Number(p.ellipse95.semi_minor_m * 2e-3, "%.0f") + " km）。";
    }
  } else {
    info.headline = "Missile launch: take shelter now in " + JoinNames(names, 3);
    const std::string count = event.missile_count > 1
                                  ? std::to_string(event.missile_count) + " missiles were"
                                  : "A missile was";
    text = count + " launched";
    if (event.first_launch) text += " at about " + ClockText(*event.first_launch);
    if (event.launch_area) text += " from near " + PointText(*event.launch_area);
    text += event.missile_count > 1 ? ". They" : ". It";
    text += " may fall in or fly over the areas below.";
    if (event.impact.time && event.impact.prediction) {
      const assess::ImpactPrediction& p = *event.impact.prediction;
      text += " Predicted impact at about " + ClockText(*event.impact.time) + " near " +
              PointText(p.estimate.point) + " (95 % area " +
              Number(p.ellipse95.semi_major_m * 2e-3, "%.0f") + " km by " +
              Number(p.ellipse95.semi_minor_m * 2e-3, "%.0f") + " km).";
    }
  }
  for (const std::string& line : lines) text += "\n" + line;
  info.description = text;
  info.instruction = ja ? kShelterInstructionJapanese : kShelterInstruction;

  info.parameters.push_back({"missileCount", std::to_string(event.missile_count)});
  if (event.impact.time && event.impact.prediction) {
    const assess::ImpactPrediction& p = *event.impact.prediction;
    info.parameters.push_back(
        {"predictedImpactTime", FloorToSecond(*event.impact.time).ToIso8601(UtcTime::Zone::kCap)});
    info.parameters.push_back(
        {"predictedImpactPoint", Number(p.estimate.point.latitude_deg(), "%.4f") + "," +
                                     Number(p.estimate.point.longitude_deg(), "%.4f")});
    info.parameters.push_back(
        {"impactEllipse95", Number(p.ellipse95.semi_major_m * 1e-3, "%.1f") + " " +
                                Number(p.ellipse95.semi_minor_m * 1e-3, "%.1f") + " " +
                                Number(p.ellipse95.major_azimuth_rad * kRadToDeg, "%.1f")});
  }
  for (const auto& [name, state] : event.areas) {
    if (state.warned) info.areas.push_back(AreaBlock(state, language));
  }
  if (event.impact.prediction && event.impact.prediction->ellipse95.semi_major_m > 0.0) {
    const assess::GroundEllipse& ellipse = event.impact.prediction->ellipse95;
    CapArea impact_area;
    impact_area.description = ja ? "予測落下範囲（95 %）" : "Predicted impact area (95 %)";
    impact_area.polygons.push_back(EllipsePolygon(ellipse));
    impact_area.circles.push_back({{ellipse.centre.latitude_deg(), ellipse.centre.longitude_deg()},
                                   ellipse.semi_major_m * 1e-3});
    info.areas.push_back(impact_area);
  }
  return info;
}

CapInfo WarningPolicy::ReleaseInfo(const EventState& event, const std::vector<std::string>& areas,
                                   bool passed, UtcTime time, Language language) const {
  const bool ja = language == Language::kJapanese;
  CapInfo info = NewInfo(language);
  info.response_types = {CapResponseType::kAllClear};
  info.urgency = CapUrgency::kPast;
  info.severity = CapSeverity::kMinor;
  std::vector<std::string> shown;
  for (const std::string& area : areas) shown.push_back(AreaName(event, area, language));
  const std::string names = ja ? JoinNamesJapanese(shown, 3) : JoinNames(shown, 3);
  if (passed) {
    info.event = ja ? "ミサイル通過" : "Missile passed over";
    info.certainty = CapCertainty::kObserved;
    std::string text;
    if (ja) {
      info.headline = "ミサイルは" + names + "の上空を通過しました";
      text = "ミサイルは";
      for (size_t i = 0; i < areas.size(); ++i) {
        const AreaState& state = event.areas.at(areas[i]);
        text += (i == 0 ? "" : "、") + shown[i];
        if (state.overflight_last) text += "（" + JapaneseClock(*state.overflight_last) + "ごろ）";
      }
      text += "の上空を通過し、飛び去りました。この地域への落下は予測されていません。";
    } else {
      info.headline = "The missile passed over " + names;
      text = "The missile passed over";
      for (size_t i = 0; i < areas.size(); ++i) {
        const AreaState& state = event.areas.at(areas[i]);
        text += (i == 0 ? " " : (i + 1 == areas.size() ? " and " : ", ")) + shown[i];
        if (state.overflight_last) text += " (about " + ClockText(*state.overflight_last) + ")";
      }
      text += " and flew on. No missile is predicted to fall there.";
    }
    info.description = text;
    info.instruction = ja ? kDebrisInstructionJapanese : kDebrisInstruction;
  } else {
    info.event = ja ? "ミサイル発射" : "Missile launch";
    info.certainty = CapCertainty::kUnlikely;
    if (ja) {
      info.headline = names + "のミサイル警報を解除します";
      info.description = JapaneseClock(time) + "現在、" + JoinNamesJapanese(shown, shown.size()) +
                         "は、ミサイルの予測経路と予測落下範囲から外れました。";
      info.instruction =
          std::string("この地域での避難の必要はなくなりました。") + kDebrisInstructionJapanese;
    } else {
      info.headline = "Missile warning lifted for " + names;
      info.description = "As of " + ClockText(time) + ", " + JoinNames(shown, shown.size()) +
                         (areas.size() > 1 ? " are" : " is") +
                         " no longer in the predicted path or impact area of the missile.";
      info.instruction =
          "No protective action is needed there any more. " + std::string(kDebrisInstruction);
    }
  }
  for (const std::string& name : areas)
    info.areas.push_back(AreaBlock(event.areas.at(name), language));
  return info;
}

CapInfo WarningPolicy::FallInfo(const FallReport& fall, bool last, Language language) const {
  const bool ja = language == Language::kJapanese;
  CapInfo info = NewInfo(language);
  info.event = ja ? "ミサイル落下" : "Missile fell";
  info.response_types = {last ? CapResponseType::kAllClear : CapResponseType::kMonitor};
  info.urgency = CapUrgency::kPast;
  info.severity = CapSeverity::kMinor;
  info.certainty = CapCertainty::kObserved;
  std::string where;
  if (ja) {
    const std::string_view japanese_country = geo::JapaneseCountryName(fall.country_code);
    const std::string country =
        japanese_country.empty() ? fall.country : std::string(japanese_country);
    const std::string of = country.empty() ? "" : country + "の";
    switch (fall.zone) {
      case FallZone::kLand:
        where = of + "陸上";
        break;
      case FallZone::kTerritorialSea:
        where = of + "領海内";
        break;
      case FallZone::kInsideEez:
        where = of + "排他的経済水域（EEZ）内";
        break;
      case FallZone::kOutsideEez:
        where = country.empty() ? "いずれの国の排他的経済水域（EEZ）でもない海域"
                                : of + "排他的経済水域（EEZ）外";
        break;
    }
    info.headline = "ミサイルは" + where + "に落下しました";
    std::string text = "ミサイルは" + JapaneseClock(fall.impact_time) + "ごろ、" +
                       geo::JapaneseCoordinates(fall.impact_point) + "付近の" + where +
                       "に落下しました。";
    text += last ? "飛行中のミサイルはもうありません。"
                 : "ほかのミサイルがまだ飛行中のおそれがあります。";
    info.description = text;
    info.instruction = kDebrisInstructionJapanese;
  } else {
    const std::string country = fall.country.empty() ? std::string() : fall.country + "'s ";
    switch (fall.zone) {
      case FallZone::kLand:
        where = fall.country.empty() ? "on land" : "on land in " + fall.country;
        break;
      case FallZone::kTerritorialSea:
        where = "at sea inside " + country + "territorial waters";
        break;
      case FallZone::kInsideEez:
        where = "at sea inside " + country + "exclusive economic zone";
        break;
      case FallZone::kOutsideEez:
        where = fall.country.empty() ? "at sea outside any exclusive economic zone"
                                     : "at sea outside " + country + "exclusive economic zone";
        break;
    }
    info.headline = "A missile fell " + where;
    std::string text = "A missile fell at about " + ClockText(fall.impact_time) + " near " +
                       PointText(fall.impact_point);
    if (!fall.place.empty()) text += ", " + fall.place;
    text += ", " + where + ".";
    text += last ? " No further missile is in flight." : " Other missiles may still be in flight.";
    info.description = text;
    info.instruction = kDebrisInstruction;
  }
  CapArea area;
  area.description = ja                   ? "落下地点"
                     : fall.place.empty() ? "Impact point"
                                          : "Impact point, " + fall.place;
  area.circles.push_back(
      {{fall.impact_point.latitude_deg(), fall.impact_point.longitude_deg()}, fall.uncertainty_km});
  info.areas.push_back(area);
  return info;
}

CapInfo WarningPolicy::AllClearInfo(const EventState& event, const LocalisedText& reason,
                                    Language language) const {
  const bool ja = language == Language::kJapanese;
  CapInfo info = NewInfo(language);
  info.event = ja ? "ミサイル発射" : "Missile launch";
  info.response_types = {CapResponseType::kAllClear};
  info.urgency = CapUrgency::kPast;
  info.severity = CapSeverity::kMinor;
  info.certainty = CapCertainty::kObserved;
  if (ja) {
    info.headline = "ミサイル発射による危険はなくなりました";
    info.description = "ミサイル発射による新たな危険はありません。" +
                       (reason.japanese.empty() ? reason.english : reason.japanese);
    info.instruction = std::string("避難を終えて構いません。") + kDebrisInstructionJapanese;
  } else {
    info.headline = "All clear: no further danger from the missile launch";
    info.description = "No further danger from the missile launch. " + reason.english;
    info.instruction = "You may leave shelter. " + std::string(kDebrisInstruction);
  }
  for (const auto& [name, state] : event.areas) {
    if (state.ever_warned) info.areas.push_back(AreaBlock(state, language));
  }
  return info;
}

void WarningPolicy::Release(EventState& event, const std::string& area, UtcTime time, bool passed) {
  AreaState& state = event.areas.at(area);
  if (!state.warned) return;
  state.warned = false;
  records_[state.record].released = FloorToSecond(time);
  records_[state.record].passed_over = records_[state.record].passed_over || passed;
}

std::vector<Alert> WarningPolicy::OnThreat(const ThreatPicture& picture) {
  CheckTime(picture.time);
  EventState& event = Event(picture.event.id);
  if (event.cancelled) return {};
  const UtcTime now = picture.time;
  event.missile_count = std::max(1, picture.event.missile_count);
  if (!picture.event.tracks.empty() || picture.event.missile_count > 0) {
    event.first_launch = picture.event.first_launch;
    event.launch_area = picture.event.launch_area;
  }

  // The event's predicted impact: the earliest of its missiles'.
  ImpactSummary impact;
  for (const assess::TrackAssessment& track : picture.tracks) {
    if (!track.impact) continue;
    const UtcTime t = track.impact->estimate.time;
    if (!impact.time || t < *impact.time) {
      impact.time = t;
      impact.prediction = track.impact;
    }
    impact.latest_time = impact.latest_time ? std::max(*impact.latest_time, t) : t;
  }
  event.impact = impact;

  // Update what is known of each area; absent areas have no threat now.
  std::set<std::string> present;
  for (const AreaThreat& threat : picture.areas) {
    present.insert(threat.area);
    AreaState& state = event.areas[threat.area];
    state.last = threat;
    if (threat.overflight_last) state.overflight_last = threat.overflight_last;
  }
  for (auto& [name, state] : event.areas) {
    if (present.count(name) == 0) {
      state.last.impact_probability = 0.0;
      state.last.overflight_first.reset();
      state.last.overflight_last.reset();
    }
  }

  auto overflight_ahead = [&](const AreaThreat& threat) {
    return options_.warn_overflight && !IsMaritime(threat.kind) && threat.overflight_first &&
           threat.overflight_last && *threat.overflight_last >= now;
  };
  auto qualifies = [&](const AreaThreat& threat) {
    if (IsMaritime(threat.kind) && !options_.warn_maritime) return false;
    return threat.impact_probability >= options_.warn_probability || overflight_ahead(threat);
  };
  auto stays = [&](const AreaThreat& threat) {
    return threat.impact_probability >= options_.clear_probability || overflight_ahead(threat);
  };

  std::vector<std::string> added, passed, narrowed;
  for (auto& [name, state] : event.areas) {
    if (qualifies(state.last) || (state.warned && stays(state.last))) state.last_threat = now;
    if (!state.warned && qualifies(state.last)) {
      added.push_back(name);
    } else if (state.warned && !stays(state.last)) {
      if (state.overflight_last && *state.overflight_last <= now) {
        passed.push_back(name);
      } else if (!state.last_threat || now - *state.last_threat >= options_.release_dwell) {
        narrowed.push_back(name);
      }
    }
    if (state.warned) {
      AreaWarningRecord& record = records_[state.record];
      record.max_impact_probability =
          std::max(record.max_impact_probability, state.last.impact_probability);
    }
  }

  const bool first = event.thread.empty();
  if (first && added.empty()) return {};  // nothing threatened: nothing to say

  bool material = false;
  if (!first) {
    const ImpactSummary& before = event.impact_at_last_message;
    if (impact.time.has_value() != before.time.has_value()) {
      material = true;
    } else if (impact.time && impact.prediction && before.prediction) {
      const double dt = std::abs((*impact.time - *before.time).seconds());
      const double dx =
          geo::GeodesicInverse(impact.prediction->estimate.point, before.prediction->estimate.point)
              .distance_m;
      material = dt >= options_.impact_time_change_s || dx >= options_.impact_point_change_m;
    }
  }
  const bool interval_passed =
      first || !event.last_message || now - *event.last_message >= options_.min_update_interval;
  // A revised impact is news only while some area is under warning: with
  // none, the public has nothing to revise (the fall is told separately).
  const bool warning_now = std::any_of(event.areas.begin(), event.areas.end(),
                                       [](const auto& entry) { return entry.second.warned; });
  const bool send =
      !added.empty() ||
      (interval_passed && (!passed.empty() || !narrowed.empty() || (material && warning_now)));
  if (!send) return {};

  // Commit the changes the message announces.
  const UtcTime sent = FloorToSecond(now);
  for (const std::string& name : added) {
    AreaState& state = event.areas.at(name);
    state.warned = true;
    if (!state.ever_warned) {
      state.ever_warned = true;
      state.record = records_.size();
      AreaWarningRecord record;
      record.event_id = event.id;
      record.area = name;
      record.kind = state.last.kind;
      record.country = state.last.country;
      record.first_warned = sent;
      record.for_impact = state.last.impact_probability >= options_.warn_probability;
      record.for_overflight = overflight_ahead(state.last);
      record.max_impact_probability = state.last.impact_probability;
      records_.push_back(record);
    } else {
      records_[state.record].released.reset();
    }
  }
  for (const std::string& name : passed) Release(event, name, now, true);
  for (const std::string& name : narrowed) Release(event, name, now, false);

  Alert alert = NewMessage(event, now, first ? CapMsgType::kAlert : CapMsgType::kUpdate);
  const bool any_warned = std::any_of(event.areas.begin(), event.areas.end(),
                                      [](const auto& entry) { return entry.second.warned; });
  if (any_warned) AddInfos(&alert, [&](Language l) { return ShelterInfo(event, now, l); });
  if (!passed.empty())
    AddInfos(&alert, [&](Language l) { return ReleaseInfo(event, passed, true, now, l); });
  if (!narrowed.empty())
    AddInfos(&alert, [&](Language l) { return ReleaseInfo(event, narrowed, false, now, l); });
  return Send(event, std::move(alert));
}

std::vector<Alert> WarningPolicy::OnFall(const FallReport& fall) {
  CheckTime(fall.time);
  EventState& event = Event(fall.event_id);
  if (event.cancelled) return {};
  ++event.falls;
  // Nothing was warned for this event: a fall at sea is news, not a warning.
  if (event.thread.empty()) return {};
  const bool last = event.falls >= event.missile_count;
  Alert alert = NewMessage(event, fall.time, last ? CapMsgType::kCancel : CapMsgType::kUpdate);
  AddInfos(&alert, [&](Language l) { return FallInfo(fall, last, l); });
  if (last) {
    const LocalisedText reason{"All missiles of the launch have come down.",
                               "発射されたミサイルはすべて落下しました。"};
    AddInfos(&alert, [&](Language l) { return AllClearInfo(event, reason, l); });
    for (auto& [name, state] : event.areas) Release(event, name, fall.time, false);
    event.cancelled = true;
  } else if (std::any_of(event.areas.begin(), event.areas.end(),
                         [](const auto& entry) { return entry.second.warned; })) {
    AddInfos(&alert, [&](Language l) { return ShelterInfo(event, fall.time, l); });
  }
  return Send(event, std::move(alert));
}

std::vector<Alert> WarningPolicy::OnAllClear(UtcTime time, const std::string& event_id,
                                             const LocalisedText& reason) {
  CheckTime(time);
  auto it = events_.find(event_id);
  if (it == events_.end() || it->second.cancelled || it->second.thread.empty()) return {};
  EventState& event = it->second;
  Alert alert = NewMessage(event, time, CapMsgType::kCancel);
  AddInfos(&alert, [&](Language l) { return AllClearInfo(event, reason, l); });
  for (auto& [name, state] : event.areas) Release(event, name, time, false);
  event.cancelled = true;
  return Send(event, std::move(alert));
}

}  // namespace trilink::warn
