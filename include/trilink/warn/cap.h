// OASIS Common Alerting Protocol 1.2 messages and their XML writer.
//
// The types mirror the CAP 1.2 data dictionary (OASIS Standard CAP-V1.2,
// 1 July 2010, section 3.2): an <alert> with zero or more <info> blocks, each
// with zero or more <area> blocks. Only what trilink writes is modelled;
// WriteCap emits the elements in the order the schema's xs:sequence demands,
// in the default namespace urn:oasis:names:tc:emergency:cap:1.2, UTF-8.
//
// Times are UTC and written "YYYY-MM-DDThh:mm:ss-00:00" (CAP 3.3.2: "-00:00"
// for UTC, never "Z"; whole seconds). Coordinates are WGS-84 degrees (CAP
// 3.3.2: "lat,lon" pairs, polygons closed with at least 4 points; circles
// "lat,lon radius" with the radius in km).
//
// Usage:
//   Alert alert{.identifier = "trilink-JP.run1.0001", .sender = "trilink-JP",
//               .sent = now, .status = CapStatus::kExercise,
//               .msg_type = CapMsgType::kAlert};
//   alert.infos.push_back(info);
//   std::string error;
//   if (!IsValid(alert, &error)) ...;
//   std::string xml = WriteCap(alert);  // throws InputError when !IsValid
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trilink/core/time.h"

namespace trilink::warn {

// CAP 3.2.1 <status>.
enum class CapStatus { kActual, kExercise, kSystem, kTest, kDraft };
// CAP 3.2.1 <msgType>; Ack and Error are not produced by a warning centre.
enum class CapMsgType { kAlert, kUpdate, kCancel };
// CAP 3.2.2 <category>.
enum class CapCategory {
  kGeo,
  kMet,
  kSafety,
  kSecurity,
  kRescue,
  kFire,
  kHealth,
  kEnv,
  kTransport,
  kInfra,
  kCbrne,
  kOther
};
// CAP 3.2.2 <responseType>.
enum class CapResponseType {
  kShelter,
  kEvacuate,
  kPrepare,
  kExecute,
  kAvoid,
  kMonitor,
  kAssess,
  kAllClear,
  kNone
};
// CAP 3.2.2 <urgency>, <severity>, <certainty>.
enum class CapUrgency { kImmediate, kExpected, kFuture, kPast, kUnknown };
enum class CapSeverity { kExtreme, kSevere, kModerate, kMinor, kUnknown };
enum class CapCertainty { kObserved, kLikely, kPossible, kUnlikely, kUnknown };

// The schema's spelling of each value ("Exercise", "AllClear", "CBRNE", ...).
std::string_view CapName(CapStatus value);
std::string_view CapName(CapMsgType value);
std::string_view CapName(CapCategory value);
std::string_view CapName(CapResponseType value);
std::string_view CapName(CapUrgency value);
std::string_view CapName(CapSeverity value);
std::string_view CapName(CapCertainty value);

// One entry of <references> (CAP 3.2.1): "sender,identifier,sent".
struct CapReference {
  std::string sender;
  std::string identifier;
  UtcTime sent;  // written with whole seconds and "-00:00", as in the referenced message
};

// A <valueName>/<value> pair, as used by <geocode> and <parameter>.
struct CapValue {
  std::string value_name;  // e.g. "ISO3166-2"
  std::string value;       // e.g. "JP-05"
};

struct CapPoint {
  double latitude_deg = 0.0;   // WGS-84, [-90, 90]
  double longitude_deg = 0.0;  // WGS-84, [-180, 180]
};

// A closed ring: at least 4 points, the first equal to the last (CAP 3.2.4).
using CapPolygon = std::vector<CapPoint>;

struct CapCircle {
  CapPoint centre;
  double radius_km = 0.0;  // ≥ 0
};

// CAP 3.2.4 <area>.
struct CapArea {
  std::string description;  // <areaDesc>, required, non-empty
  std::vector<CapPolygon> polygons;
  std::vector<CapCircle> circles;
  std::vector<CapValue> geocodes;
};

// CAP 3.2.2 <info>.
struct CapInfo {
  std::string language = "en-US";       // RFC 3066 code
  std::vector<CapCategory> categories;  // at least one
  std::string event;                    // required, non-empty
  std::vector<CapResponseType> response_types;
  CapUrgency urgency = CapUrgency::kUnknown;
  CapSeverity severity = CapSeverity::kUnknown;
  CapCertainty certainty = CapCertainty::kUnknown;
  std::optional<UtcTime> onset;
  std::optional<UtcTime> expires;
  std::string sender_name;  // empty: not written (likewise the three below)
  std::string headline;
  std::string description;
  std::string instruction;
  std::vector<CapValue> parameters;
  std::vector<CapArea> areas;
};

// CAP 3.2.1 <alert>. <scope> is always "Public" (a public warning).
struct Alert {
  std::string identifier;  // unique for the sender; no spaces, commas, '<' or '&'
  std::string sender;      // no spaces, commas, '<' or '&'
  UtcTime sent;
  CapStatus status = CapStatus::kExercise;
  CapMsgType msg_type = CapMsgType::kAlert;
  std::string note;                      // empty: not written
  std::vector<CapReference> references;  // required (non-empty) for Update and Cancel
  std::vector<std::string> incidents;    // names without spaces or commas
  std::vector<CapInfo> infos;
};

// The reference another message makes to `alert`.
CapReference ReferenceTo(const Alert& alert);

// CAP's space-separated "sender,identifier,sent ..." list.
std::string FormatReferences(const std::vector<CapReference>& references);

// "lat,lon lat,lon ..." with 6 decimals (about 0.1 m); "lat,lon radius_km".
std::string FormatPolygon(const CapPolygon& polygon);
std::string FormatCircle(const CapCircle& circle);

// Checks what the schema cannot: CAP 3.2's rules on identifier and sender
// characters, references for Update/Cancel, closed polygons of ≥ 4 points,
// coordinates in range, non-empty required texts. On failure writes the
// first problem, naming the field, to *error (if not null).
bool IsValid(const Alert& alert, std::string* error);

// The CAP 1.2 XML document of `alert` (UTF-8, with an XML declaration).
// Throws InputError with IsValid's message when the alert is not valid.
std::string WriteCap(const Alert& alert);

}  // namespace trilink::warn
