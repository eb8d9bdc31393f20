#include "track_json.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <array>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "trilink/core/error.h"
#include "trilink/core/input_file.h"
#include "trilink/core/spelling.h"
#include "trilink/core/text.h"
#include "trilink/geo/wgs84.h"

namespace trilink::app {
namespace {

constexpr int kN = tracking::kBallisticStateSize;
using nlohmann::json;

// What a track of a missile can be: from just below the ellipsoid (the geoid
// is within ±110 m of it; a sea-level radar's track can dip a little) to far
// above any apogee, slower than escape speed at the surface.
constexpr double kMinHeightM = -1000.0;
constexpr double kMaxHeightM = 1e7;
constexpr double kMaxSpeedM_S = 11200.0;
constexpr double kMaxPositionSigmaM = 1e6;
constexpr double kMaxVelocitySigmaM_S = 1e4;
// κ = 1/β: β below 1 kg/m² is a feather, not a missile.
constexpr double kMaxInverseBallisticCoefficientM2_Kg = 1.0;

constexpr std::array<std::string_view, 11> kFields = {"track",
                                                      "time",
                                                      "position",
                                                      "ecef_position_m",
                                                      "ecef_velocity_m_s",
                                                      "position_sigma_m",
                                                      "velocity_sigma_m_s",
                                                      "covariance",
                                                      "inverse_ballistic_coefficient_m2_kg",
                                                      "boost_probability",
                                                      "manoeuvre_probability"};
constexpr std::array<std::string_view, 3> kPositionFields = {"lat_deg", "lon_deg", "height_m"};

class Reader {
 public:
  explicit Reader(const std::string& file) : file_(file) {}

  [[noreturn]] void Fail(std::string_view field, std::string_view problem) const {
    throw InputError(fmt::format("{}: field '{}': {}", file_, Printable(field), problem));
  }
  [[noreturn]] void FailValue(std::string_view field, const json& value,
                              std::string_view expected) const {
    Fail(field, fmt::format("got {}; expected {}", JsonForMessage(value), expected));
  }

  // Every key of `object` must be one of `allowed`.
  template <size_t M>
  void RejectUnknown(const json& object, std::string_view prefix,
                     const std::array<std::string_view, M>& allowed) const {
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      const std::string field = prefix.empty() ? key : fmt::format("{}.{}", prefix, key);
      const std::string_view nearest = NearestName(key, allowed);
      std::string problem = "unknown field";
      if (!nearest.empty()) problem += fmt::format(" (did you mean {}?)", nearest);
      std::string names;
      for (std::string_view name : allowed)
        names += (names.empty() ? "" : ", ") + std::string(name);
      Fail(field, problem + "; expected one of " + names);
    }
  }

  const json& Require(const json& object, std::string_view field, std::string_view key,
                      std::string_view expected) const {
    const auto it = object.find(key);
    if (it == object.end()) Fail(field, fmt::format("missing; expected {}", expected));
    return *it;
  }

  template <typename Predicate>
  double Number(const json& value, std::string_view field, std::string_view expected,
                Predicate valid) const {
    if (!value.is_number()) FailValue(field, value, expected);
    const double number = value.get<double>();
    if (!std::isfinite(number) || !valid(number)) FailValue(field, value, expected);
    return number;
  }

  Eigen::Vector3d Vector3(const json& value, std::string_view field,
                          std::string_view expected) const {
    if (!value.is_array() || value.size() != 3) FailValue(field, value, expected);
    Eigen::Vector3d v;
    for (int i = 0; i < 3; ++i) {
      v(i) = Number(value[static_cast<size_t>(i)], fmt::format("{}[{}]", field, i), expected,
                    [](double) { return true; });
    }
    return v;
  }

 private:
  const std::string& file_;
};

constexpr auto kAny = [](double) { return true; };

// A parser callback that refuses a key given twice in one object (JSON
// parsers keep the last silently, RFC 8259 §4 leaves it open): the keys of
// the objects being parsed, innermost last.
json::parser_callback_t DuplicateKeyCheck(const Reader& reader) {
  struct Object {
    std::string field;  // where it sits ("position"), empty for the document
    std::set<std::string> keys;
  };
  auto open = std::make_shared<std::vector<Object>>();
  auto last_key = std::make_shared<std::string>();
  return [open, last_key, &reader](int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open->push_back({open->empty() ? std::string() : *last_key, {}});
        break;
      case json::parse_event_t::object_end:
        if (!open->empty()) open->pop_back();
        break;
      case json::parse_event_t::key: {
        *last_key = parsed.get<std::string>();
        if (open->empty() || open->back().keys.insert(*last_key).second) break;
        const std::string& parent = open->back().field;
        reader.Fail(parent.empty() ? *last_key : parent + "." + *last_key,
                    "given twice; expected each field once");
      } break;
      default:
        break;
    }
    return true;
  };
}

}  // namespace

TrackInput ParseTrackJson(std::string_view text, const std::string& file) {
  const Reader reader(file);
  json document;
  try {
    document = json::parse(StripByteOrderMark(text), DuplicateKeyCheck(reader));
  } catch (const json::parse_error& e) {
    throw InputError(
        fmt::format("{}: not JSON (byte {}): {}", file, e.byte, Printable(e.what(), 200)));
  } catch (const json::exception& e) {
    // Numbers beyond double's range (out_of_range.406) and the like.
    throw InputError(fmt::format("{}: not usable JSON: {}", file, Printable(e.what(), 200)));
  }
  if (!document.is_object()) throw InputError(fmt::format("{}: expected a JSON object", file));
  reader.RejectUnknown(document, "", kFields);

  TrackInput input;
  if (const auto it = document.find("track"); it != document.end()) {
    if (!it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > 200 ||
        !TextProblem(it->get<std::string>()).empty())
      reader.FailValue("track", *it, "a name (printable text of 1 to 200 bytes)");
    input.track = it->get<std::string>();
  }
  constexpr std::string_view kTimeExpected =
      "an ISO-8601 UTC time between 1700 and 2200 such as \"2026-03-10T06:35:00Z\"";
  const json& time = reader.Require(document, "time", "time", kTimeExpected);
  const std::optional<UtcTime> parsed_time =
      time.is_string() ? UtcTime::TryParse(time.get<std::string>()) : std::nullopt;
  if (!parsed_time || !parsed_time->IsInputTime()) reader.FailValue("time", time, kTimeExpected);
  input.time = *parsed_time;

  // Position: geodetic or ECEF, one of the two; checked as geodetic height.
  const bool has_geodetic = document.contains("position");
  const bool has_ecef = document.contains("ecef_position_m");
  if (has_geodetic == has_ecef) {
    reader.Fail(has_ecef ? "ecef_position_m" : "position",
                has_ecef ? "given together with position; expected one of the two"
                         : "missing; expected {\"lat_deg\", \"lon_deg\", \"height_m\"} or "
                           "ecef_position_m [x, y, z]");
  }
  const std::string height_expected =
      fmt::format("a height in [{}, {}] m above the WGS-84 ellipsoid", kMinHeightM, kMaxHeightM);
  Eigen::Vector3d position;
  if (has_ecef) {
    position = reader.Vector3(document["ecef_position_m"], "ecef_position_m",
                              "[x, y, z] in metres (ECEF)");
    const double norm = position.norm();
    const double height_m =
        norm < 1e3 * kMaxHeightM ? geo::EcefToGeodetic(position).height_m : norm;
    if (!(height_m >= kMinHeightM && height_m <= kMaxHeightM)) {
      reader.Fail("ecef_position_m",
                  fmt::format("the point is {:.0f} m from the ellipsoid; expected {}", height_m,
                              height_expected));
    }
  } else {
    const json& geodetic = document["position"];
    if (!geodetic.is_object())
      reader.FailValue("position", geodetic, "{\"lat_deg\", \"lon_deg\", \"height_m\"}");
    reader.RejectUnknown(geodetic, "position", kPositionFields);
    const double lat = reader.Number(
        reader.Require(geodetic, "position.lat_deg", "lat_deg", "degrees in [-90, 90]"),
        "position.lat_deg", "degrees in [-90, 90]", [](double v) { return std::abs(v) <= 90.0; });
    const double lon = reader.Number(
        reader.Require(geodetic, "position.lon_deg", "lon_deg", "degrees in [-180, 360)"),
        "position.lon_deg", "degrees in [-180, 360)",
        [](double v) { return v >= -180.0 && v < 360.0; });
    const double height =
        reader.Number(reader.Require(geodetic, "position.height_m", "height_m", height_expected),
                      "position.height_m", height_expected,
                      [](double v) { return v >= kMinHeightM && v <= kMaxHeightM; });
    position = geo::GeodeticToEcef(geo::Geodetic::FromDegrees(lat, lon, height));
  }
  const std::string speed_expected =
      fmt::format("[vx, vy, vz] in m/s (Earth-relative, ECEF), slower than {} m/s", kMaxSpeedM_S);
  const Eigen::Vector3d velocity = reader.Vector3(
      reader.Require(document, "ecef_velocity_m_s", "ecef_velocity_m_s", speed_expected),
      "ecef_velocity_m_s", speed_expected);
  if (!(velocity.norm() < kMaxSpeedM_S)) {
    reader.Fail("ecef_velocity_m_s",
                fmt::format("speed {:.0f} m/s; expected {}", velocity.norm(), speed_expected));
  }

  // Uncertainty: a full covariance, or the two isotropic sigmas.
  tracking::BallisticPrior prior;
  const bool has_covariance = document.contains("covariance");
  const std::string position_sigma_expected = fmt::format("metres in (0, {}]", kMaxPositionSigmaM);
  const std::string velocity_sigma_expected = fmt::format("m/s in (0, {}]", kMaxVelocitySigmaM_S);
  double position_sigma = 1.0;
  if (!has_covariance || document.contains("position_sigma_m")) {
    position_sigma = reader.Number(
        reader.Require(document, "position_sigma_m", "position_sigma_m", position_sigma_expected),
        "position_sigma_m", position_sigma_expected,
        [](double v) { return v > 0.0 && v <= kMaxPositionSigmaM; });
  }
  if (!has_covariance || document.contains("velocity_sigma_m_s")) {
    prior.velocity_sigma_m_s =
        reader.Number(reader.Require(document, "velocity_sigma_m_s", "velocity_sigma_m_s",
                                     velocity_sigma_expected),
                      "velocity_sigma_m_s", velocity_sigma_expected,
                      [](double v) { return v > 0.0 && v <= kMaxVelocitySigmaM_S; });
  }
  input.state = tracking::BallisticPriorFromFix(
      position, Eigen::Matrix3d::Identity() * position_sigma * position_sigma, prior);
  input.state.mean.segment<3>(tracking::kBallisticVelocity) = velocity;
  // No thrust or lift unless given.
  input.state.mean.segment<3>(tracking::kBallisticAcceleration).setZero();
  if (const auto it = document.find("inverse_ballistic_coefficient_m2_kg"); it != document.end()) {
    input.state.mean(tracking::kBallisticInverseCoefficient) = reader.Number(
        *it, "inverse_ballistic_coefficient_m2_kg",
        fmt::format("m²/kg in [0, {}] (1/β)", kMaxInverseBallisticCoefficientM2_Kg),
        [](double v) { return v >= 0.0 && v <= kMaxInverseBallisticCoefficientM2_Kg; });
  }
  if (has_covariance) {
    const json& rows = document["covariance"];
    constexpr std::string_view kCovarianceExpected =
        "a 6×6 (position, velocity) or 10×10 (r, v, a, 1/β) array of rows";
    if (!rows.is_array() || (rows.size() != 6 && rows.size() != static_cast<size_t>(kN)))
      reader.FailValue("covariance", rows, kCovarianceExpected);
    const int n = static_cast<int>(rows.size());
    Eigen::MatrixXd covariance(n, n);
    for (int r = 0; r < n; ++r) {
      const json& row = rows[static_cast<size_t>(r)];
      const std::string row_field = fmt::format("covariance[{}]", r);
      if (!row.is_array() || static_cast<int>(row.size()) != n)
        reader.FailValue(row_field, row, fmt::format("{} numbers", n));
      for (int c = 0; c < n; ++c) {
        covariance(r, c) = reader.Number(row[static_cast<size_t>(c)],
                                         fmt::format("covariance[{}][{}]", r, c), "a number", kAny);
      }
    }
    // Each variance within what its component can be: σ up to the bounds of
    // the sigmas above, an acceleration σ up to 1000 m/s², a 1/β σ up to the
    // largest 1/β.
    constexpr double kMaxSigma[] = {kMaxPositionSigmaM,
                                    kMaxPositionSigmaM,
                                    kMaxPositionSigmaM,
                                    kMaxVelocitySigmaM_S,
                                    kMaxVelocitySigmaM_S,
                                    kMaxVelocitySigmaM_S,
                                    1e3,
                                    1e3,
                                    1e3,
                                    kMaxInverseBallisticCoefficientM2_Kg};
    for (int r = 0; r < n; ++r) {
      const double max_variance = kMaxSigma[r] * kMaxSigma[r];
      if (!(covariance(r, r) > 0.0 && covariance(r, r) <= max_variance))
        reader.Fail(fmt::format("covariance[{}][{}]", r, r),
                    fmt::format("a variance of {}; expected a number in (0, {:g}]",
                                covariance(r, r), max_variance));
      for (int c = 0; c < r; ++c) {
        const double scale = std::sqrt(covariance(r, r) * covariance(c, c));
        if (!(std::abs(covariance(r, c) - covariance(c, r)) <= 1e-9 * scale)) {
          reader.Fail(fmt::format("covariance[{}][{}]", r, c),
                      fmt::format("{} differs from covariance[{}][{}] = {}; expected a symmetric "
                                  "matrix",
                                  covariance(r, c), c, r, covariance(c, r)));
        }
      }
    }
    if (Eigen::LLT<Eigen::MatrixXd>(covariance).info() != Eigen::Success) {
      reader.Fail("covariance", "not positive definite; expected a covariance matrix");
    }
    input.state.covariance.topLeftCorner(n, n) = covariance;
  }
  auto probability = [&](std::string_view key) {
    const auto it = document.find(key);
    if (it == document.end()) return 0.0;
    return reader.Number(*it, key, "a probability in [0, 1]",
                         [](double v) { return v >= 0.0 && v <= 1.0; });
  };
  input.boost_probability = probability("boost_probability");
  input.manoeuvre_probability = probability("manoeuvre_probability");
  if (!(input.boost_probability + input.manoeuvre_probability <= 1.0)) {
    reader.Fail("manoeuvre_probability",
                fmt::format("boost_probability + manoeuvre_probability = {:g}; expected at most 1",
                            input.boost_probability + input.manoeuvre_probability));
  }
  return input;
}

}  // namespace trilink::app
