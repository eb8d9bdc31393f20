// The fields a CAP message is meant to hold, as JSON, and sample folders
// for tests/cap/roundtrip.mjs (see warn/CMakeLists.txt).
#include "cap_expected.h"

#include <cstdio>
#include <fstream>

#include "trilink/warn/cap.h"

namespace trilink::warn::testing {
namespace {

using nlohmann::json;

std::string CapTime(UtcTime time) { return time.ToIso8601(UtcTime::Zone::kCap); }

json Values(const std::vector<CapValue>& values) {
  json list = json::array();
  for (const CapValue& v : values)
    list.push_back({{"valueName", v.value_name}, {"value", v.value}});
  return list;
}

}  // namespace

json ExpectedFields(const Alert& alert) {
  json out;
  out["identifier"] = alert.identifier;
  out["sender"] = alert.sender;
  out["sent"] = CapTime(alert.sent);
  out["status"] = std::string(CapName(alert.status));
  out["msgType"] = std::string(CapName(alert.msg_type));
  out["scope"] = "Public";
  out["note"] = alert.note.empty() ? json() : json(alert.note);
  json references = json::array();
  for (const CapReference& r : alert.references) {
    references.push_back({r.sender, r.identifier, CapTime(r.sent)});
  }
  out["references"] = references;
  out["incidents"] = alert.incidents;
  json infos = json::array();
  for (const CapInfo& info : alert.infos) {
    json i;
    i["language"] = info.language;
    json categories = json::array();
    for (CapCategory c : info.categories) categories.push_back(std::string(CapName(c)));
    i["categories"] = categories;
    i["event"] = info.event;
    json responses = json::array();
    for (CapResponseType r : info.response_types) responses.push_back(std::string(CapName(r)));
    i["responseTypes"] = responses;
    i["urgency"] = std::string(CapName(info.urgency));
    i["severity"] = std::string(CapName(info.severity));
    i["certainty"] = std::string(CapName(info.certainty));
    i["onset"] = info.onset ? json(CapTime(*info.onset)) : json();
    i["expires"] = info.expires ? json(CapTime(*info.expires)) : json();
    auto text = [](const std::string& s) { return s.empty() ? json() : json(s); };
    i["senderName"] = text(info.sender_name);
    i["headline"] = text(info.headline);
    i["description"] = text(info.description);
    i["instruction"] = text(info.instruction);
    i["parameters"] = Values(info.parameters);
    json areas = json::array();
    for (const CapArea& area : info.areas) {
      json a;
      a["areaDesc"] = area.description;
      json polygons = json::array();
      for (const CapPolygon& polygon : area.polygons) {
        json points = json::array();
        for (const CapPoint& p : polygon) points.push_back({p.latitude_deg, p.longitude_deg});
        polygons.push_back(points);
      }
      a["polygons"] = polygons;
      json circles = json::array();
      for (const CapCircle& c : area.circles) {
        circles.push_back({c.centre.latitude_deg, c.centre.longitude_deg, c.radius_km});
      }
      a["circles"] = circles;
      a["geocodes"] = Values(area.geocodes);
      areas.push_back(a);
    }
    i["areas"] = areas;
    infos.push_back(i);
  }
  out["infos"] = infos;
  return out;
}

void WriteSamples(const std::filesystem::path& dir, const std::vector<Alert>& alerts) {
  std::filesystem::create_directories(dir);
  for (size_t i = 0; i < alerts.size(); ++i) {
    char stem[32];
    std::snprintf(stem, sizeof stem, "%02zu", i + 1);
    std::ofstream(dir / (std::string(stem) + ".xml")) << WriteCap(alerts[i]);
    std::ofstream(dir / (std::string(stem) + ".json")) << ExpectedFields(alerts[i]).dump(2) << "\n";
  }
}

}  // namespace trilink::warn::testing
