// libFuzzer target: the track reader of `trilink assess` (ParseTrackJson)
// on any bytes. Every input must either be read or raise InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "track_json.h"
#include "trilink/core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    trilink::app::ParseTrackJson(text, "fuzz.json");
  } catch (const trilink::InputError&) {
  }
  return 0;
}
