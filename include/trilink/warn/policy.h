// The warning policy: when to warn which areas, and with which CAP message.
//
// The lifecycle follows what national systems (Japan's J-Alert, for one) do
// after a missile launch:
//   launch detected, areas threatened  -> Alert   "may fall in / fly over A at about T, take
//   shelter" areas added (widened)              -> Update  at once areas dropped (narrowed), or the
//   predicted impact time/place moved materially                         -> Update  at most every
//   min_update_interval predicted overflight time passed   -> Update  "passed over B" (B released)
//   a missile fell (caller says where) -> Update  "fell at sea at ... inside/outside the EEZ",
//                                         or Cancel "no further danger" after the event's last
//                                         missile
//   OnAllClear (track lost, ended)     -> Cancel  "no further danger"
// An area is warned when its impact probability reaches warn_probability,
// or (land and named areas) when the predicted path overflies it; it stays
// warned until the probability drops below clear_probability (hysteresis)
// and no overflight is predicted any more. Areas never over a threshold are
// never warned; a launch that threatens no area produces no message.
//
// Every Update and Cancel references all earlier messages of its launch
// event (CAP 1.2 section 3.2.1 <references>), so a receiver that missed one
// still links the thread. Identifiers are "<sender>.<run_id>.<NNNN>",
// numbered in the order they are issued, one counter for the whole run.
//
// The policy is a pure state machine: feed it the inputs in time order, it
// returns the messages to send (often none); the same inputs give the same
// messages. It knows nothing of geometry: the caller (geo) computes each
// area's impact probability and overflight times (AreaThreat).
//
// Usage:
//   WarningPolicy policy(options);  // throws InputError if !options.IsValid
//   for (each assessment step) for (const Alert& a : policy.OnThreat(picture)) send(WriteCap(a));
//   for (const Alert& a : policy.OnFall(fall)) send(WriteCap(a));
//   policy.records();  // when each area was first warned, for the report
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trilink/assess/assessment.h"
#include "trilink/core/time.h"
#include "trilink/geo/areas.h"
#include "trilink/geo/wgs84.h"
#include "trilink/warn/cap.h"

namespace trilink::warn {

// Mirrors geo's area kinds (land, 12 nmi territorial sea, EEZ, named warning
// area such as a prefecture) without depending on geo's internals.
// The kinds of areas are geo's (land, territorial sea, EEZ, named area).
using geo::AreaKind;
using geo::AreaKindName;

// What threatens one area at one time, computed by the caller.
struct AreaThreat {
  std::string area;  // unique name, the key ("Akita", "Japan EEZ")
  AreaKind kind = AreaKind::kNamed;
  std::string country;              // ISO 3166-1 alpha-2 ("JP")
  std::string name_ja;              // in ja-JP blocks ("秋田県"); empty: `area`
  std::vector<CapValue> geocodes;   // written to CAP, e.g. {"ISO3166-2", "JP-05"}
  std::vector<CapPolygon> outline;  // simplified outline for CAP (closed rings), may be empty
  double impact_probability = 0.0;  // of any missile of the event falling inside, [0, 1]
  // Predicted overflight of the area by the event's missiles (first entry,
  // last exit); unset when the predicted path does not cross it.
  std::optional<UtcTime> overflight_first;
  std::optional<UtcTime> overflight_last;
};

// One assessment step of one launch event.
struct ThreatPicture {
  UtcTime time;  // of the assessments; the messages' sent time (whole seconds)
  assess::LaunchEvent event;
  std::vector<assess::TrackAssessment> tracks;  // latest assessment of each missile, may be empty
  std::vector<AreaThreat> areas;                // areas with any threat; absent ones have none
};

// Where a missile came down, relative to the zones a public release names.
enum class FallZone { kLand, kTerritorialSea, kInsideEez, kOutsideEez };

struct FallReport {
  UtcTime time;  // when the fall is known; the message's sent time
  std::string event_id;
  std::string track;
  UtcTime impact_time;
  geo::Geodetic impact_point;
  double uncertainty_km = 0.0;  // radius of the CAP circle around the impact point, ≥ 0
  FallZone zone = FallZone::kOutsideEez;
  std::string country;       // whose land / sea / EEZ, as text ("Japan"); may be empty
  std::string country_code;  // its ISO 3166-1 alpha-3 ("JPN"), for the Japanese name
  // "about 250 km west of the Oga Peninsula"; may be empty. English only:
  // ja-JP blocks give the impact point's coordinates instead.
  std::string place;
};

// A text the messages give in both languages.
struct LocalisedText {
  std::string english;
  std::string japanese;
};

struct PolicyOptions {
  std::string sender = "trilink";  // CAP <sender>; no spaces, commas, '<' or '&'
  std::string sender_name = "trilink missile early warning";
  std::string run_id = "run1";              // part of every identifier; same charset as sender
  CapStatus status = CapStatus::kExercise;  // kActual only for live input
  std::string exercise_note =
      "Exercise: simulated by trilink, not a real warning / "
      "訓練：trilink による模擬であり、実際の警報ではありません";
  // One <info> block per language, in this order, each with the same
  // areas, times and parameters: "en-US" and "ja-JP" (the only two
  // written), each at most once, at least one.
  std::vector<std::string> languages = {"en-US", "ja-JP"};
  // Warn an area when its impact probability is >= warn_probability (0, 1];
  // keep it warned until the probability is < clear_probability (hysteresis,
  // 0 < clear_probability <= warn_probability).
  double warn_probability = 0.01;
  double clear_probability = 0.002;
  bool warn_overflight = true;  // warn land and named areas the predicted path overflies
  bool warn_maritime = true;    // warn territorial sea and EEZ areas (by impact probability only)
  // Narrowing and revisions wait until this long after the previous message
  // of the event (≥ 0); widening, falls and cancels go out at once.
  Duration min_update_interval = Duration::Seconds(20.0);
  // A warned area is released (narrowed) only after its threat has stayed
  // below clear_probability, with no overflight ahead, for this long (≥ 0):
  // early, wide impact ellipses swing across the thresholds from one
  // assessment to the next, and a warning that is lifted and given again
  // within a minute helps no one.
  Duration release_dwell = Duration::Seconds(60.0);
  // A revision is material when the predicted impact time moves by at least
  // this much (s, > 0) or the impact point by at least this distance (m, > 0).
  double impact_time_change_s = 30.0;
  double impact_point_change_m = 25'000.0;
  // <expires> = latest predicted impact (or the message time) + this (> 0).
  Duration expires_after_impact = Duration::Seconds(1800.0);

  bool IsValid(std::string* error) const;
};

// When each area was first warned, per launch event (for the report's scores).
struct AreaWarningRecord {
  std::string event_id;
  std::string area;
  AreaKind kind = AreaKind::kNamed;
  std::string country;
  UtcTime first_warned;                 // sent time of the first message warning it
  std::string first_identifier;         // that message
  bool for_impact = false;              // reason at the first warning: impact probability
  bool for_overflight = false;          //                              and/or overflight
  double max_impact_probability = 0.0;  // over all pictures while warned
  bool passed_over = false;             // released because the missile passed
  std::optional<UtcTime> released;      // last release (narrowed, passed, fell, cancelled)
};

class WarningPolicy {
 public:
  // Throws InputError with options.IsValid's message.
  explicit WarningPolicy(PolicyOptions options);

  // Inputs must come in non-decreasing time order (checked: a programmer
  // error aborts). Each returns the messages to send now, in order.
  std::vector<Alert> OnThreat(const ThreatPicture& picture);
  std::vector<Alert> OnFall(const FallReport& fall);
  // Ends an event's warnings (track lost, operator decision): a Cancel if
  // anything was sent for it and it is not cancelled yet.
  // `reason` is a sentence in each language (an empty Japanese one: the
  // English in the ja-JP block too).
  std::vector<Alert> OnAllClear(UtcTime time, const std::string& event_id,
                                const LocalisedText& reason);

  const PolicyOptions& options() const { return options_; }
  const std::vector<Alert>& sent() const { return sent_; }  // every message so far
  const std::vector<AreaWarningRecord>& records() const { return records_; }

 private:
  struct AreaState {
    AreaThreat last;                         // latest threat seen (zero when absent from a picture)
    std::optional<UtcTime> overflight_last;  // latest predicted exit seen
    bool warned = false;
    bool ever_warned = false;
    size_t record = 0;                   // index into records_ once warned
    std::optional<UtcTime> last_threat;  // last picture in which it stayed (or qualified)
  };
  struct ImpactSummary {
    std::optional<UtcTime> time;  // earliest predicted impact of the event
    std::optional<UtcTime> latest_time;
    std::optional<assess::ImpactPrediction> prediction;  // of the earliest
  };
  struct EventState {
    std::string id;
    int missile_count = 1;
    int falls = 0;
    bool cancelled = false;
    std::optional<UtcTime> first_launch;
    std::optional<geo::Geodetic> launch_area;
    std::vector<CapReference> thread;  // messages sent for the event
    std::optional<UtcTime> last_message;
    ImpactSummary impact;  // latest
    ImpactSummary impact_at_last_message;
    std::map<std::string, AreaState> areas;  // by name: deterministic order
  };

  EventState& Event(const std::string& id);
  void CheckTime(UtcTime time);
  Alert NewMessage(EventState& event, UtcTime time, CapMsgType type);
  enum class Language { kEnglish, kJapanese };
  // An info block with what every message shares: language, categories,
  // sender name.
  CapInfo NewInfo(Language language) const;
  // Each builder writes one block in one language; Add* appends one per
  // configured language.
  CapInfo ShelterInfo(const EventState& event, UtcTime time, Language language) const;
  CapInfo ReleaseInfo(const EventState& event, const std::vector<std::string>& areas, bool passed,
                      UtcTime time, Language language) const;
  CapInfo FallInfo(const FallReport& fall, bool last, Language language) const;
  CapInfo AllClearInfo(const EventState& event, const LocalisedText& reason,
                       Language language) const;
  template <typename Build>
  void AddInfos(Alert* alert, Build build) const {
    for (Language language : languages_) alert->infos.push_back(build(language));
  }
  CapArea AreaBlock(const AreaState& state, Language language) const;
  // The area's name in `language`.
  std::string AreaName(const EventState& event, const std::string& area, Language language) const;
  void Release(EventState& event, const std::string& area, UtcTime time, bool passed);
  std::vector<Alert> Send(EventState& event, Alert alert);

  PolicyOptions options_;
  std::vector<Language> languages_;  // options_.languages
  std::map<std::string, EventState> events_;
  std::vector<Alert> sent_;
  std::vector<AreaWarningRecord> records_;
  std::optional<UtcTime> last_input_;
  int sequence_ = 0;
};

}  // namespace trilink::warn
