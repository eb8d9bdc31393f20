// Formatting of reconstructed flights for the command line: text, JSON and
// CSV, shared by `trilink trajectory` and `trilink run`; and writing a
// directory of outputs atomically.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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

// Writes the files that `write` creates in a fresh temporary directory next
// to `directory` (creating the folders above it), then moves it into place
// (replacing an older directory of that name). If `write` throws, nothing is left behind and the
// old directory, if any, is untouched. Throws InputError when the place cannot be written.
void WriteDirectoryAtomically(const std::string& directory,
                              const std::function<void(const std::string& temporary)>& write);

// Writes one file (InputError naming the path on failure).
void WriteFile(const std::string& path, const std::string& contents);

}  // namespace trilink::app
