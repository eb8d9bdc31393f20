// Checks of command-line values, run by CLI11 while it parses (CLI11 then
// reports "--flag: <problem>" and trilink exits with status 2 before any
// work): bounded finite numbers, whole numbers, LAT,LON pairs.
//
// Usage:
//   command->add_option("--gate", args.gate)->check(Within(0.0, 20.0, "sigma", Open::kLow));
//   command->add_option("--site", args.site)->check(kLatLon);
//   request.site = ToGeodetic(args.site);  // after kLatLon accepted it
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "trilink/geo/wgs84.h"

namespace trilink::app {

enum class Open { kNone, kLow };  // whether the lower bound itself is excluded

// A finite number in [low, high] (or (low, high] with Open::kLow); `unit` is
// shown with the bounds ("got 1e+300; expected a number in (0, 20] (sigma)").
CLI::Validator Within(double low, double high, std::string_view unit, Open open = Open::kNone);

// A whole number in [low, high], written with digits only (no sign
// wrapping, no saturation: "-1" and "18446744073709551616" are refused).
CLI::Validator WholeIn(unsigned long long low, unsigned long long high);

// LAT,LON in degrees: latitude in [-90, 90], longitude in [-180, 360).
extern const CLI::Validator kLatLon;

// The point of a LAT,LON text that kLatLon accepted.
geo::Geodetic ToGeodetic(const std::string& text);

}  // namespace trilink::app
