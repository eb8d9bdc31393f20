// Names and the range classification of assessment.h.
#include "trilink/assess/assessment.h"

namespace trilink::assess {

std::string_view RangeClassName(RangeClass range_class) {
  switch (range_class) {
    case RangeClass::kShort:
      return "short-range";
    case RangeClass::kMedium:
      return "medium-range";
    case RangeClass::kIntermediate:
      return "intermediate-range";
    case RangeClass::kIntercontinental:
      return "intercontinental";
  }
  return "unknown";
}

RangeClass ClassifyRange(double range_m) {
  // Boundaries belong to the longer class (1 000 km is medium-range).
  if (range_m < 1'000e3) return RangeClass::kShort;
  if (range_m < 3'000e3) return RangeClass::kMedium;
  if (range_m <= 5'500e3) return RangeClass::kIntermediate;
  return RangeClass::kIntercontinental;
}

std::string_view TrajectoryTypeName(TrajectoryType type) {
  switch (type) {
    case TrajectoryType::kUnknown:
      return "unknown";
    case TrajectoryType::kLofted:
      return "lofted";
    case TrajectoryType::kMinimumEnergy:
      return "near minimum-energy";
    case TrajectoryType::kDepressed:
      return "depressed";
    case TrajectoryType::kIrregular:
      return "irregular";
  }
  return "unknown";
}

}  // namespace trilink::assess
