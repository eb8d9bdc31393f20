// The assessor on simulated tracks, classes and grouping.
#include "trilink/assess/assessor.h"

#include <gtest/gtest.h>

namespace trilink::assess {
namespace {

TEST(ClassifyRange, Boundaries) {
  EXPECT_EQ(ClassifyRange(999e3), RangeClass::kShort);
  EXPECT_EQ(ClassifyRange(1000e3), RangeClass::kMedium);
  EXPECT_EQ(ClassifyRange(3000e3), RangeClass::kIntermediate);
  EXPECT_EQ(ClassifyRange(5500e3), RangeClass::kIntermediate);
  EXPECT_EQ(ClassifyRange(5501e3), RangeClass::kIntercontinental);
  EXPECT_EQ(RangeClassName(RangeClass::kShort), "short-range");
  EXPECT_EQ(TrajectoryTypeName(TrajectoryType::kLofted), "lofted");
}

}  // namespace
}  // namespace trilink::assess
