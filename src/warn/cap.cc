#include "trilink/warn/cap.h"

#include <libxml/tree.h>
#include <libxml/xmlstring.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>

#include "trilink/core/error.h"
#include "trilink/core/text.h"

namespace trilink::warn {
namespace {

constexpr const char* kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

// Fixed-point with `decimals` digits, trailing zeros trimmed; never "-0".
std::string FormatNumber(double value, int decimals) {
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  TRILINK_CHECK(ec == std::errc()) << "cannot format " << value;
  std::string text(buffer, end);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

std::string FormatPoint(const CapPoint& point) {
  return FormatNumber(point.latitude_deg, 6) + "," + FormatNumber(point.longitude_deg, 6);
}

// CAP 3.2.1: identifier and sender "MUST NOT include spaces, commas or
// restricted characters (< and &)".
bool HasForbiddenCharacter(std::string_view text) {
  return text.find_first_of(" ,<&\t\r\n") != std::string_view::npos;
}

bool PointValid(const CapPoint& point) {
  return std::isfinite(point.latitude_deg) && std::isfinite(point.longitude_deg) &&
         point.latitude_deg >= -90.0 && point.latitude_deg <= 90.0 &&
         point.longitude_deg >= -180.0 && point.longitude_deg <= 180.0;
}

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

const xmlChar* Xml(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

// xmlNewTextChild escapes '&', '<' and '>' in the content (xmlNewChild would not).
void AddText(xmlNode* parent, const char* name, const std::string& content) {
  xmlNewTextChild(parent, nullptr, Xml(name), Xml(content.c_str()));
}

void AddValue(xmlNode* parent, const char* name, const CapValue& value) {
  xmlNode* node = xmlNewChild(parent, nullptr, Xml(name), nullptr);
  AddText(node, "valueName", value.value_name);
  AddText(node, "value", value.value);
}

void AddTime(xmlNode* parent, const char* name, UtcTime time) {
  AddText(parent, name, time.ToIso8601(UtcTime::Zone::kCap));
}

void AddInfo(xmlNode* alert_node, const CapInfo& info) {
  xmlNode* node = xmlNewChild(alert_node, nullptr, Xml("info"), nullptr);
  if (!info.language.empty()) AddText(node, "language", info.language);
  for (CapCategory category : info.categories) {
    AddText(node, "category", std::string(CapName(category)));
  }
  AddText(node, "event", info.event);
  for (CapResponseType response : info.response_types) {
    AddText(node, "responseType", std::string(CapName(response)));
  }
  AddText(node, "urgency", std::string(CapName(info.urgency)));
  AddText(node, "severity", std::string(CapName(info.severity)));
  AddText(node, "certainty", std::string(CapName(info.certainty)));
  if (info.onset) AddTime(node, "onset", *info.onset);
  if (info.expires) AddTime(node, "expires", *info.expires);
  if (!info.sender_name.empty()) AddText(node, "senderName", info.sender_name);
  if (!info.headline.empty()) AddText(node, "headline", info.headline);
  if (!info.description.empty()) AddText(node, "description", info.description);
  if (!info.instruction.empty()) AddText(node, "instruction", info.instruction);
  for (const CapValue& parameter : info.parameters) AddValue(node, "parameter", parameter);
  for (const CapArea& area : info.areas) {
    xmlNode* area_node = xmlNewChild(node, nullptr, Xml("area"), nullptr);
    AddText(area_node, "areaDesc", area.description);
    for (const CapPolygon& polygon : area.polygons) {
      AddText(area_node, "polygon", FormatPolygon(polygon));
    }
    for (const CapCircle& circle : area.circles) AddText(area_node, "circle", FormatCircle(circle));
    for (const CapValue& geocode : area.geocodes) AddValue(area_node, "geocode", geocode);
  }
}

}  // namespace

std::string_view CapName(CapStatus value) {
  switch (value) {
    case CapStatus::kActual:
      return "Actual";
    case CapStatus::kExercise:
      return "Exercise";
    case CapStatus::kSystem:
      return "System";
    case CapStatus::kTest:
      return "Test";
    case CapStatus::kDraft:
      return "Draft";
  }
  return "?";
}

std::string_view CapName(CapMsgType value) {
  switch (value) {
    case CapMsgType::kAlert:
      return "Alert";
    case CapMsgType::kUpdate:
      return "Update";
    case CapMsgType::kCancel:
      return "Cancel";
  }
  return "?";
}

std::string_view CapName(CapCategory value) {
  switch (value) {
    case CapCategory::kGeo:
      return "Geo";
    case CapCategory::kMet:
      return "Met";
    case CapCategory::kSafety:
      return "Safety";
    case CapCategory::kSecurity:
      return "Security";
    case CapCategory::kRescue:
      return "Rescue";
    case CapCategory::kFire:
      return "Fire";
    case CapCategory::kHealth:
      return "Health";
    case CapCategory::kEnv:
      return "Env";
    case CapCategory::kTransport:
      return "Transport";
    case CapCategory::kInfra:
      return "Infra";
    case CapCategory::kCbrne:
      return "CBRNE";
    case CapCategory::kOther:
      return "Other";
  }
  return "?";
}

std::string_view CapName(CapResponseType value) {
  switch (value) {
    case CapResponseType::kShelter:
      return "Shelter";
    case CapResponseType::kEvacuate:
      return "Evacuate";
    case CapResponseType::kPrepare:
      return "Prepare";
    case CapResponseType::kExecute:
      return "Execute";
    case CapResponseType::kAvoid:
      return "Avoid";
    case CapResponseType::kMonitor:
      return "Monitor";
    case CapResponseType::kAssess:
      return "Assess";
    case CapResponseType::kAllClear:
      return "AllClear";
    case CapResponseType::kNone:
      return "None";
  }
  return "?";
}

std::string_view CapName(CapUrgency value) {
  switch (value) {
    case CapUrgency::kImmediate:
      return "Immediate";
    case CapUrgency::kExpected:
      return "Expected";
    case CapUrgency::kFuture:
      return "Future";
    case CapUrgency::kPast:
      return "Past";
    case CapUrgency::kUnknown:
      return "Unknown";
  }
  return "?";
}

std::string_view CapName(CapSeverity value) {
  switch (value) {
    case CapSeverity::kExtreme:
      return "Extreme";
    case CapSeverity::kSevere:
      return "Severe";
    case CapSeverity::kModerate:
      return "Moderate";
    case CapSeverity::kMinor:
      return "Minor";
    case CapSeverity::kUnknown:
      return "Unknown";
  }
  return "?";
}

std::string_view CapName(CapCertainty value) {
  switch (value) {
    case CapCertainty::kObserved:
      return "Observed";
    case CapCertainty::kLikely:
      return "Likely";
    case CapCertainty::kPossible:
      return "Possible";
    case CapCertainty::kUnlikely:
      return "Unlikely";
    case CapCertainty::kUnknown:
      return "Unknown";
  }
  return "?";
}

CapReference ReferenceTo(const Alert& alert) {
  return {.sender = alert.sender, .identifier = alert.identifier, .sent = alert.sent};
}

std::string FormatReferences(const std::vector<CapReference>& references) {
  std::string text;
  for (const CapReference& reference : references) {
    if (!text.empty()) text += ' ';
    text += reference.sender + "," + reference.identifier + "," +
            reference.sent.ToIso8601(UtcTime::Zone::kCap);
  }
  return text;
}

std::string FormatPolygon(const CapPolygon& polygon) {
  std::string text;
  for (const CapPoint& point : polygon) {
    if (!text.empty()) text += ' ';
    text += FormatPoint(point);
  }
  return text;
}

std::string FormatCircle(const CapCircle& circle) {
  return FormatPoint(circle.centre) + " " + FormatNumber(circle.radius_km, 3);
}

bool IsValid(const Alert& alert, std::string* error) {
  if (alert.identifier.empty() || HasForbiddenCharacter(alert.identifier)) {
    return Invalid(error, "CAP alert identifier '" + alert.identifier +
                              "': expected a non-empty text without spaces, commas, '<' or '&' "
                              "(CAP 1.2 section 3.2.1)");
  }
  if (alert.sender.empty() || HasForbiddenCharacter(alert.sender)) {
    return Invalid(error, "CAP alert " + alert.identifier + ": sender '" + alert.sender +
                              "': expected a non-empty text without spaces, commas, '<' or '&'");
  }
  const std::string where = "CAP alert " + alert.identifier;
  // Every text must be one an XML document can hold and a reader can show:
  // valid UTF-8 without control characters (line breaks in the long texts).
  auto text_problem = [&](const std::string& field, const std::string& text, bool lines) {
    const std::string problem = TextProblem(text, lines);
    return problem.empty() ? problem
                           : where + ": " + field + " '" + Printable(text) + "': " + problem;
  };
  if (std::string p = text_problem("note", alert.note, true); !p.empty()) return Invalid(error, p);
  if (alert.msg_type != CapMsgType::kAlert && alert.references.empty()) {
    return Invalid(error, where + ": msgType " + std::string(CapName(alert.msg_type)) +
                              " needs references to the messages it updates or cancels");
  }
  for (const CapReference& reference : alert.references) {
    if (reference.sender.empty() || reference.identifier.empty() ||
        HasForbiddenCharacter(reference.sender) || HasForbiddenCharacter(reference.identifier)) {
      return Invalid(error, where + ": reference '" + reference.sender + "," +
                                reference.identifier +
                                "': expected sender and identifier without spaces or commas");
    }
    if (reference.identifier == alert.identifier && reference.sender == alert.sender) {
      return Invalid(error, where + ": references itself");
    }
  }
  for (const std::string& incident : alert.incidents) {
    if (incident.empty() || HasForbiddenCharacter(incident)) {
      return Invalid(error,
                     where + ": incident '" + incident + "': expected a name without spaces");
    }
  }
  for (size_t i = 0; i < alert.infos.size(); ++i) {
    const CapInfo& info = alert.infos[i];
    const std::string info_where = where + ": info[" + std::to_string(i) + "]";
    if (info.categories.empty())
      return Invalid(error, info_where + ": needs at least one category");
    if (info.event.empty()) return Invalid(error, info_where + ": event is empty");
    for (const auto& [field, text, lines] :
         {std::tuple<const char*, const std::string&, bool>{"language", info.language, false},
          {"event", info.event, false},
          {"senderName", info.sender_name, false},
          {"headline", info.headline, false},
          {"description", info.description, true},
          {"instruction", info.instruction, true}}) {
      if (std::string p = text_problem(field, text, lines); !p.empty()) return Invalid(error, p);
    }
    if (info.onset && info.expires && *info.expires < *info.onset) {
      return Invalid(error, info_where + ": expires is before onset");
    }
    for (size_t j = 0; j < info.areas.size(); ++j) {
      const CapArea& area = info.areas[j];
      const std::string area_where = info_where + ": area[" + std::to_string(j) + "]";
      if (area.description.empty()) return Invalid(error, area_where + ": areaDesc is empty");
      if (std::string p = text_problem("areaDesc", area.description, false); !p.empty())
        return Invalid(error, p);
      for (const CapPolygon& polygon : area.polygons) {
        if (polygon.size() < 4) {
          return Invalid(error, area_where + " (" + area.description + "): polygon has " +
                                    std::to_string(polygon.size()) +
                                    " points; CAP 1.2 needs at least 4 (a closed ring)");
        }
        if (polygon.front().latitude_deg != polygon.back().latitude_deg ||
            polygon.front().longitude_deg != polygon.back().longitude_deg) {
          return Invalid(error, area_where + " (" + area.description +
                                    "): polygon is not closed (first point != last point)");
        }
        for (const CapPoint& point : polygon) {
          if (!PointValid(point)) {
            return Invalid(error, area_where + " (" + area.description + "): point " +
                                      FormatPoint(point) + " is outside [-90, 90] x [-180, 180]");
          }
        }
      }
      for (const CapCircle& circle : area.circles) {
        if (!PointValid(circle.centre) || !std::isfinite(circle.radius_km) ||
            circle.radius_km < 0.0) {
          return Invalid(error, area_where + " (" + area.description + "): circle " +
                                    FormatCircle(circle) + " is out of range");
        }
      }
      for (const CapValue& geocode : area.geocodes) {
        if (geocode.value_name.empty() || geocode.value.empty()) {
          return Invalid(error, area_where + ": geocode needs a valueName and a value");
        }
        if (std::string p = text_problem("geocode", geocode.value_name + geocode.value, false);
            !p.empty())
          return Invalid(error, p);
      }
    }
  }
  return true;
}

std::string WriteCap(const Alert& alert) {
  std::string error;
  if (!IsValid(alert, &error)) throw InputError(error);

  std::unique_ptr<xmlDoc, DocDeleter> doc(xmlNewDoc(Xml("1.0")));
  xmlNode* root = xmlNewNode(nullptr, Xml("alert"));
  // The default namespace (no prefix), as every CAP example in the standard
  // does; some readers (xml2js-based ones such as cap-ts) look for "alert".
  xmlNs* ns = xmlNewNs(root, Xml(kCapNamespace), nullptr);
  xmlSetNs(root, ns);
  xmlDocSetRootElement(doc.get(), root);

  AddText(root, "identifier", alert.identifier);
  AddText(root, "sender", alert.sender);
  AddTime(root, "sent", alert.sent);
  AddText(root, "status", std::string(CapName(alert.status)));
  AddText(root, "msgType", std::string(CapName(alert.msg_type)));
  AddText(root, "scope", "Public");
  if (!alert.note.empty()) AddText(root, "note", alert.note);
  if (!alert.references.empty()) AddText(root, "references", FormatReferences(alert.references));
  if (!alert.incidents.empty()) {
    std::string incidents;
    for (const std::string& incident : alert.incidents) {
      if (!incidents.empty()) incidents += ' ';
      incidents += incident;
    }
    AddText(root, "incidents", incidents);
  }
  for (const CapInfo& info : alert.infos) AddInfo(root, info);

  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc.get(), &buffer, &size, "UTF-8", 1);
  TRILINK_CHECK(buffer != nullptr) << "libxml2 could not serialise CAP alert " << alert.identifier;
  std::string xml(reinterpret_cast<const char*>(buffer), static_cast<size_t>(size));
  xmlFree(buffer);
  return xml;
}

}  // namespace trilink::warn
