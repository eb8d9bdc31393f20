// The motion model interface: how a state evolves over a time step and how
// much uncertainty the step adds.
//
//   x(t + Δt) = f(x(t), Δt) + w,   w ~ N(0, Q(x, Δt))
//
// Δt may be negative (retrodiction, for out-of-sequence measurements);
// ProcessNoise is then that of |Δt|. Models are immutable and shared by all
// tracks; the filters call them with each track's state.
//
// Usage:
//   SquareMatrix<4> F;
//   Vector<4> x1 = model.Propagate(x0, 1.0, &F);
//   SquareMatrix<4> Q = model.ProcessNoise(x0, 1.0);
//   x1 = model.PropagateWithNoise(x0, 1.0, &F, &Q);  // both at once
#pragma once

#include "trilink/core/gaussian.h"

namespace trilink::tracking {

template <int N>
class MotionModel {
 public:
  virtual ~MotionModel() = default;

  // The state dt_s seconds later (any sign); with `transition`, also
  // d x(t + dt) / d x(t).
  virtual Vector<N> Propagate(const Vector<N>& state, double dt_s,
                              SquareMatrix<N>* transition = nullptr) const = 0;

  // Covariance of the process noise accumulated over |dt_s| seconds about
  // `state` (symmetric, positive semi-definite).
  virtual SquareMatrix<N> ProcessNoise(const Vector<N>& state, double dt_s) const = 0;

  // Propagate with its transition and ProcessNoise at once (both non-null):
  // the same results, in one integration where the model integrates.
  virtual Vector<N> PropagateWithNoise(const Vector<N>& state, double dt_s,
                                       SquareMatrix<N>* transition, SquareMatrix<N>* noise) const {
    *noise = ProcessNoise(state, dt_s);
    return Propagate(state, dt_s, transition);
  }
};

}  // namespace trilink::tracking
