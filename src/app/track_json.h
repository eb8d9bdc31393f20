// The track file of `trilink assess`: one ballistic track state as JSON
// (fields in `trilink assess --help`), read strictly: unknown or misspelt
// fields, values outside what a missile track can be (inside the Earth,
// faster than escape speed), probabilities outside [0, 1] and covariances
// that are not symmetric positive definite are errors naming the file and
// the field.
//
// Usage:
//   const TrackInput input = ParseTrackJson(text, "track.json");  // throws InputError
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "trilink/core/gaussian.h"
#include "trilink/core/time.h"
#include "trilink/tracking/ballistic.h"

namespace trilink::app {

struct TrackInput {
  std::string track = "track";
  UtcTime time;
  Gaussian<tracking::kBallisticStateSize> state;
  double boost_probability = 0.0;
  double manoeuvre_probability = 0.0;
};

// The largest track file read (bytes): a track is a few kilobytes; a parsed
// JSON document takes many times its text.
inline constexpr std::size_t kMaxTrackJsonBytes = std::size_t{1} << 20;

// Reads a track from JSON text; `file` names it in messages.
TrackInput ParseTrackJson(std::string_view text, const std::string& file);

}  // namespace trilink::app
