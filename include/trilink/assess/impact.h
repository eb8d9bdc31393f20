// Impact and launch point prediction: a track's 10-state Gaussian (ECEF r,
// v, extra acceleration a, κ = 1/β; tracking/ballistic.h) carried forward to
// the ground, or backward to the launch site, through the one physics of
// flight/dynamics.h (J2 gravity, Earth rotation, 1976 atmosphere drag with
// each sample's own κ), by the unscented transform.
//
// Sigma points (Julier & Uhlmann 1997, the symmetric set): for n = 10,
//   χ₀ = x̂,  χ±ᵢ = x̂ ± √(n + λ) Sᵢ   (S Sᵀ = P, from P's eigen-decomposition)
//   W₀ = λ / (n + λ),  W±ᵢ = 1 / (2 (n + λ)),
// with λ ≥ 0 so that every weight is ≥ 0 (the impact points are used as a
// discrete distribution for area probabilities downstream). Each point is
// flown by adaptive Dormand–Prince 5(4) (flight/integrator.h) until the
// geocentric-radius height of dynamics.h crosses 0, located by root finding
// on the dense output (at height 0 that height is exactly the ellipsoid's).
// The impact points' weighted mean and covariance in the east/north plane of
// the mean point give the ellipses: a p ellipse has semi-axes k √λᵢ with
// k² = −2 ln(1 − p) (the chi-square quantile with 2 degrees of freedom).
//
// The extra acceleration a beyond the state's time (a documented choice,
// docs/assessment.md):
//   - its component along v (thrust, or an unmodelled drag) is dropped: the
//     prediction assumes the motor burns out now (during boost the impact
//     point falls short and moves downrange as the boost goes on);
//   - its component in the vertical plane perpendicular to v, pointing up,
//     is read as lift (a quasi-ballistic pull-up or glide, which the
//     tracker's manoeuvre mode estimates). It fixes a lift-to-drag ratio
//     k = L / D at the state; the propagation then flies an equilibrium
//     glide: the lift L = clamp(L_hold, 0, k D) in the vertical plane, where
//     L_hold is the lift that damps the vertical speed (ḧ = −0.05 ḣ, the
//     law flight/trajectory.h's glide follows), until the speed falls below
//     the dive speed; then ballistic to the ground. With a ≈ 0 (ballistic
//     mode) this is the plain ballistic prediction.
//
// Launch point: backward propagation (dy/dτ = −f(y), τ = −t) from a state
// to height 0. In boost (`boosting`), the thrust along v is kept at the
// state's estimate a·v̂ and follows v (a gravity turn run backwards, which
// straightens to the vertical as v shrinks); once the speed falls below
// 50 m/s the rest is a vertical rise at that acceleration to the point
// below. After burnout it is the ballistic backward flight, which misses
// the boost and so lands uprange of the true site and too early.
//
// Usage:
//   ImpactPropagation p = PredictImpact(track.state.estimate, track.time, {});
//   if (p.ok()) use(p.prediction.ellipse95, p.path);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trilink/assess/assessment.h"
#include "trilink/core/gaussian.h"
#include "trilink/core/time.h"
#include "trilink/flight/dynamics.h"
#include "trilink/tracking/ballistic.h"

namespace trilink::assess {

// How the state's extra acceleration is carried beyond the state's time.
enum class ExtraAccelerationModel {
  kBallistic,  // dropped: ballistic from the state on
  kLift        // its upward part perpendicular to v is lift (the header comment)
};

struct PropagationOptions {
  flight::PhysicsModel physics = flight::PhysicsModel::Full();  // impulsive_boost unused
  ExtraAccelerationModel extra_acceleration = ExtraAccelerationModel::kLift;
  // Unscented λ ≥ 0 (0: W₀ = 0; larger pulls the points inwards, √(n + λ) σ).
  double sigma_point_lambda = 2.0;
  // Integrator: relative tolerance, absolute tolerances (m, m/s), longest step (s).
  double relative_tolerance = 1e-8;
  double position_tolerance_m = 0.1;
  double velocity_tolerance_m_s = 1e-4;
  double max_step_s = 30.0;
  double max_flight_time_s = 5000.0;  // no impact by then: no prediction (an orbit)
  double path_interval_s = 10.0;      // spacing of the predicted path's points (s), > 0
  // Lift: the largest L/D accepted (glide vehicles stay below about 4; each
  // sigma point reads its own, and an uncertain lift would otherwise send
  // some far beyond any real glide), and the glide's end speed (m/s).
  double max_lift_to_drag = 5.0;
  double dive_speed_m_s = 600.0;
  // Lift is read from a only where both it and the drag are felt (m/s²):
  // high up, a small a over a tiny drag would give any L/D.
  double min_lift_m_s2 = 1.0;
  double min_drag_m_s2 = 0.3;
  // Launch: below this speed (m/s) the backward boost becomes a vertical rise.
  double vertical_rise_speed_m_s = 50.0;

  bool IsValid(std::string* error) const;
};

struct ImpactPropagation {
  bool ok() const { return failed_samples == 0 && !prediction.sample_points.empty(); }

  ImpactPrediction prediction;
  std::vector<PathPoint> path;  // the central sigma point's flight, state time to impact
  // Highest point of the central flight from the state on (m above the
  // ellipsoid); the state's own height if it is descending.
  double predicted_apogee_m = 0.0;
  int failed_samples = 0;  // sigma points that did not reach the ground
};

// Predicts the impact of `state` (10-state, at `time`). Not ok() when a
// sigma point does not come down within max_flight_time_s (an orbit) or the
// integrator fails; the prediction is then empty. `lift_to_drag_floor` (≥ 0):
// the glide's L/D is at least this where the state shows lift — in an
// equilibrium glide the lift is what holds the glide, less than the
// vehicle can give, so one state's L / D only bounds the capability from
// below; the assessor passes the largest L / D seen on the track so far
// (reached early in the pull-up, where the lift is saturated).
ImpactPropagation PredictImpact(const Gaussian<tracking::kBallisticStateSize>& state, UtcTime time,
                                const PropagationOptions& options, double lift_to_drag_floor = 0.0);

// The lift-to-drag ratio the state's extra acceleration shows (0 when lift
// or drag is not felt, see PropagationOptions), with the σ of a's lift
// component in `lift_sigma_m_s2` if not null.
double ObservedLiftToDrag(const Gaussian<tracking::kBallisticStateSize>& state,
                          const PropagationOptions& options, double* lift_sigma_m_s2 = nullptr);

// Launch point and time of `state` (at `time`) by backward propagation;
// `boosting`: the state is in powered flight (its a along v is thrust).
// Nullopt if a sigma point does not reach the ground within
// max_flight_time_s backwards.
std::optional<GroundEstimate> PredictLaunch(const Gaussian<tracking::kBallisticStateSize>& state,
                                            UtcTime time, bool boosting,
                                            const PropagationOptions& options);

// The ellipse of probability p in (0, 1) of an east/north covariance (m²)
// centred at `centre`: semi-axes √(−2 ln(1 − p) λᵢ).
GroundEllipse EllipseOf(const geo::Geodetic& centre, const Eigen::Matrix2d& east_north_covariance,
                        double probability);

}  // namespace trilink::assess
