#include "trilink/fusion/covariance_intersection.h"

#include <cmath>
#include <string>

#include "trilink/tracking/ballistic.h"

namespace trilink::fusion {

bool CiOptions::IsValid(std::string* error) const {
  if (!(position_size >= 1)) return Invalid(error, "position_size must be >= 1");
  if (!(tolerance > 0.0 && tolerance < 1.0))
    return Invalid(error, "tolerance (width of the final bracket of omega) must be in (0, 1)");
  if (!(max_iterations >= 1)) return Invalid(error, "max_iterations must be >= 1");
  return true;
}

// The instantiations the header declares extern: the 6-state kinematics and
// the tracker's 10-state ballistic state.
static_assert(tracking::kBallisticStateSize == 10,
              "update the extern templates of covariance_intersection.h");

template Gaussian<6> CovarianceIntersection<6>(const Gaussian<6>&, const Gaussian<6>&, double);
template CiResult<6> FuseTraceOptimal<6>(const Gaussian<6>&, const Gaussian<6>&, const CiOptions&);
template CiResult<6> FuseSequential<6>(std::span<const Gaussian<6>>, const CiOptions&);
template Gaussian<10> CovarianceIntersection<10>(const Gaussian<10>&, const Gaussian<10>&, double);
template CiResult<10> FuseTraceOptimal<10>(const Gaussian<10>&, const Gaussian<10>&,
                                           const CiOptions&);
template CiResult<10> FuseSequential<10>(std::span<const Gaussian<10>>, const CiOptions&);

}  // namespace trilink::fusion
