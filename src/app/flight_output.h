// Formatting of reconstructed flights for the command line: text, JSON and
// CSV, shared by `trilink trajectory` and `trilink run`; and the check of a
// sample interval (output folders: output_folder.h).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "trilink/core/time.h"
#include "trilink/flight/reconstruct.h"

namespace trilink::app {

// The JSON object of one flight: profile, range_km, apogee_km, flight_time_s,
// burnout_*, max_speed_m_s, impact {lat, lon}, the solved controls and, with
// samples, an array samples of {t_s, [utc,] lat, lon, alt_m, speed_m_s}.
// launch_time adds UTC times (launch, apogee, impact, each sample).
nlohmann::json FlightJson(const flight::Reconstruction& r, std::optional<UtcTime> launch_time);

// A human-readable block of the same figures.
std::string FlightText(const flight::Reconstruction& r);

// One CSV line per sample, with a header; launch_time adds a utc column.
std::string SamplesCsv(const flight::FlightResult& flight, std::optional<UtcTime> launch_time);

// "40.92°N 136.40°E"
std::string FormatLatLon(double latitude_deg, double longitude_deg);

// The most trajectory samples a command keeps in memory and writes.
// A sample costs some 500 bytes in the JSON written with --out (an object of
// five members), so 1e6 of them half a gigabyte.
inline constexpr double kMaxTrajectorySamples = 1e6;

// Checks a trajectory sample interval (`flag`, seconds) for `missiles`
// flights: > 0, and few enough samples that a run stays within memory even
// if every flight lasts as long as the flight model follows one
// (FlightOptions::max_flight_time_s). Throws InputError naming the flag.
void CheckSampleInterval(double interval_s, int missiles, std::string_view flag);

}  // namespace trilink::app
