#include "cli_checks.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>

#include "trilink/core/error.h"
#include "trilink/core/text.h"

namespace trilink::app {
namespace {

// The number `text` holds, if all of it is one finite number.
std::optional<double> Number(std::string_view text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

constexpr std::string_view kLatLonExpected = "LAT,LON in degrees, e.g. 39.2,127.5";

struct LatLonText {
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  std::string problem;  // empty when valid
};

LatLonText ReadLatLon(const std::string& text) {
  LatLonText out;
  const size_t comma = text.find(',');
  const std::optional<double> latitude =
      comma == std::string::npos ? std::nullopt : Number(std::string_view(text).substr(0, comma));
  const std::optional<double> longitude =
      comma == std::string::npos ? std::nullopt : Number(std::string_view(text).substr(comma + 1));
  if (!latitude || !longitude) {
    out.problem = fmt::format("got '{}'; expected {}", Printable(text), kLatLonExpected);
  } else if (*latitude < -90.0 || *latitude > 90.0) {
    out.problem =
        fmt::format("latitude {} is outside [-90, 90]; expected {}", *latitude, kLatLonExpected);
  } else if (*longitude < -180.0 || *longitude >= 360.0) {
    out.problem = fmt::format("longitude {} is outside [-180, 360); expected {}", *longitude,
                              kLatLonExpected);
  } else {
    out.latitude_deg = *latitude;
    out.longitude_deg = *longitude;
  }
  return out;
}

}  // namespace

CLI::Validator Within(double low, double high, std::string_view unit, Open open) {
  const std::string expected = fmt::format("a number in {}{:g}, {:g}] ({})",
                                           open == Open::kLow ? "(" : "[", low, high, unit);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const std::optional<double> value = Number(text);
        const bool above_low = value && (open == Open::kLow ? *value > low : *value >= low);
        if (value && above_low && *value <= high) return {};
        return fmt::format("got '{}'; expected {}", Printable(text), expected);
      },
      expected);
}

CLI::Validator WholeIn(unsigned long long low, unsigned long long high) {
  const std::string expected = fmt::format("a whole number in [{}, {}]", low, high);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        unsigned long long value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        // Digits only, without a leading zero: CLI11 converts with strtoll
        // base 0, which would read "010" as octal 8.
        const bool canonical = !text.empty() && text.front() >= '0' && text.front() <= '9' &&
                               !(text.size() > 1 && text.front() == '0');
        if (canonical && error == std::errc() && end == text.data() + text.size() && value >= low &&
            value <= high) {
          return {};
        }
        return fmt::format("got '{}'; expected {}", Printable(text), expected);
      },
      expected);
}

const CLI::Validator kLatLon([](std::string& text) { return ReadLatLon(text).problem; }, "LAT,LON",
                             "LatLon");

geo::Geodetic ToGeodetic(const std::string& text) {
  const LatLonText point = ReadLatLon(text);
  TRILINK_CHECK(point.problem.empty()) << point.problem;
  return geo::Geodetic::FromDegrees(point.latitude_deg, point.longitude_deg);
}

}  // namespace trilink::app
