// Launch cue from a space-based infrared sensor: a tentative ballistic track
// from one angles-only measurement of a burning motor.
//
// An infrared line of sight fixes a target's direction but not its range. A
// missile seen burning is low, though: in its first minute or two it is
// between the ground and a few tens of kilometres up. The cue places the
// target where the line of sight crosses the WGS-84 ellipsoid raised to a
// plausible boost height h (the ellipsoid with semi-axes a + h and b + h,
// within f·h ≈ 50 m of the surface at geodetic height h for h = 15 km), with
// the height's uncertainty σ_h mapped along the line of sight,
//   σ_along = σ_h / |u · n|          u the line of sight, n the surface normal,
// and a velocity prior of the given speed along the local vertical with a
// wide isotropic σ (a missile in boost climbs; its heading is unknown). The
// position across the line of sight comes from the measurement itself: the
// prior is weak across it (ten times the range times the angle σ) and one
// filter update with the measurement leaves the measurement's own precision,
// as SinglePointInitiator does for radars. A multiple-model filter starts
// with most of its probability in the boost mode (an infrared sensor sees
// only burning motors).
//
// Further infrared updates refine the direction; the range along the line
// of sight is only weakly observable from one satellite (through gravity),
// so an infrared-only track is a cue with a long, thin uncertainty that a
// radar measurement can pick up and collapse.
//
// The defaults (15 ± 15 km, 1.5 ± 1.5 km/s upward) are this project's choice
// for short- and medium-range missiles in boost, not figures from a source.
//
// Usage:
//   BallisticFilterBank bank;
//   InfraredCueInitiator cue(bank, {});
//   cue.Initiate(scan, unused, &births);  // angles-only measurements of `scan` only
#pragma once

#include <Eigen/Core>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trilink/sensors/infrared.h"
#include "trilink/tracking/ballistic.h"
#include "trilink/tracking/initiator.h"

namespace trilink::tracking {

struct InfraredCueOptions {
  double height_m = 15e3;              // assumed height above the ellipsoid (m), [0, 200 km]
  double height_sigma_m = 15e3;        // its σ (m), > 0
  double upward_speed_m_s = 1500.0;    // mean speed along the local vertical (m/s), finite
  double velocity_sigma_m_s = 1500.0;  // σ per velocity component (m/s), > 0
  // Cap on σ_along (m) for grazing lines of sight, > 0.
  double max_along_sigma_m = 200e3;
  // Acceleration and 1/β priors (its velocity_sigma_m_s is not used).
  BallisticPrior prior;
  // Initial probability of the boost mode in an IMM, [0, 1); the other modes
  // share the rest in the bank's initial proportions.
  double boost_probability = 0.8;

  bool IsValid(std::string* error) const;
};

// The cue's prior before the update: position on the raised ellipsoid, its
// covariance long along the line of sight, velocity up. nullopt when the
// line of sight misses the raised ellipsoid (a look past the limb).
struct InfraredCue {
  Eigen::Vector3d ecef_position;
  Eigen::Vector3d ecef_up;     // the surface normal there
  double along_sigma_m = 0.0;  // σ along the line of sight
  Gaussian<kBallisticStateSize> prior;
};
std::optional<InfraredCue> MakeInfraredCue(const sensors::InfraredModel& model,
                                           const MeasurementVector& measurement,
                                           const InfraredCueOptions& options);

class InfraredCueInitiator final : public Initiator<kBallisticStateSize> {
 public:
  // `bank` must outlive the initiator; options must be valid (checked).
  InfraredCueInitiator(const BallisticFilterBank& bank, const InfraredCueOptions& options);

  // Starts a track from each unused measurement of an infrared scan (a scan
  // whose model is a sensors::InfraredMeasurement<10>); other scans are left
  // to other initiators.
  void Initiate(const Scan<kBallisticStateSize>& scan, std::span<const int> unused,
                std::vector<Birth<kBallisticStateSize>>* births) override;

 private:
  const BallisticFilterBank& bank_;
  InfraredCueOptions options_;
};

}  // namespace trilink::tracking
