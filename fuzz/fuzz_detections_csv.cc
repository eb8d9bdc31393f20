// libFuzzer target: the detection and truth CSV readers of `trilink track`
// (cv2d detections and truth, radar detections, geodetic truth) on any
// bytes: each of the four readers gets the input in turn. Every input must
// either be read or raise InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "csv.h"
#include "detection_files.h"
#include "trilink/core/error.h"

namespace {

template <typename Read>
void Try(std::string_view text, const std::vector<std::string>& columns, Read read) {
  try {
    read(trilink::app::ParseNumericCsv(text, "fuzz.csv", columns));
  } catch (const trilink::InputError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace trilink::app;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Try(text, kPlanarDetectionColumns, [](const CsvTable& t) { ReadPlanarDetections(t); });
  Try(text, kPlanarTruthColumns, [](const CsvTable& t) { ReadPlanarTruth(t); });
  Try(text, kRadarDetectionColumns, [](const CsvTable& t) { ReadRadarDetections(t, {}); });
  Try(text, kGeodeticTruthColumns, [](const CsvTable& t) { ReadGeodeticTruth(t); });
  return 0;
}
