// libFuzzer target: the scenario reader (scenario::ParseScenario) on any
// bytes. Every input must either parse or raise InputError; anything else
// (a crash, an abort, another exception, a hang, a blow-up) is a defect.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trilink/core/error.h"
#include "trilink/scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    trilink::scenario::ParseScenario(text, "fuzz.toml");
  } catch (const trilink::InputError&) {
  }
  return 0;
}
