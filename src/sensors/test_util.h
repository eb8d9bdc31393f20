// Helpers shared by the sensors tests.
#pragma once

#include <gtest/gtest.h>

#include "trilink/core/gaussian.h"
#include "trilink/core/random.h"
#include "trilink/sensors/measurement_model.h"

namespace trilink::sensors::testing {

// d z / d state of `model` at `state` by central differences with step
// `step` (per component), differences taken through Residual (wrapped).
template <int N>
MeasurementJacobian<N> NumericalJacobian(const MeasurementModel<N>& model, const Vector<N>& state,
                                         const Vector<N>& step) {
  MeasurementJacobian<N> jacobian(model.size(), N);
  for (int j = 0; j < N; ++j) {
    Vector<N> plus = state, minus = state;
    plus(j) += step(j);
    minus(j) -= step(j);
    jacobian.col(j) = model.Residual(model.Predict(plus), model.Predict(minus)) / (2.0 * step(j));
  }
  return jacobian;
}

// Checks the sample mean (against Predict) and covariance (against R) of
// `draws` samples: mean within 5 standard errors, covariance within 5 %
// of the diagonal scale.
template <int N>
void ExpectSampleStatistics(const MeasurementModel<N>& model, const Vector<N>& state,
                            RandomStream& random, int draws) {
  const MeasurementVector truth = model.Predict(state);
  const int m = model.size();
  MeasurementVector mean = MeasurementVector::Zero(m);
  MeasurementCovariance second = MeasurementCovariance::Zero(m, m);
  for (int k = 0; k < draws; ++k) {
    const MeasurementVector error = model.Residual(model.Sample(state, random), truth);
    mean += error;
    second += error * error.transpose();
  }
  mean /= draws;
  const MeasurementCovariance covariance = second / draws - mean * mean.transpose();
  const MeasurementCovariance& r = model.NoiseCovariance();
  for (int i = 0; i < m; ++i) {
    const double sigma = std::sqrt(r(i, i));
    EXPECT_NEAR(mean(i), 0.0, 5.0 * sigma / std::sqrt(draws)) << "component " << i;
    for (int j = 0; j < m; ++j) {
      EXPECT_NEAR(covariance(i, j), r(i, j), 0.05 * std::sqrt(r(i, i) * r(j, j)))
          << "covariance (" << i << ", " << j << ")";
    }
  }
}

}  // namespace trilink::sensors::testing
