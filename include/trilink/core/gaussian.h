// Gaussian state types shared by the sensor models, the filters and the
// tracker.
//
// States have a size known at compile time (N): fixed-size Eigen types, no
// heap. Measurements vary in size with the sensor (a radar may report range,
// azimuth, elevation and range-rate, or any subset; an infrared sensor two
// angles), so measurement vectors and matrices are dynamic with a fixed
// maximum of kMaxMeasurementSize rows: still no heap, one type for all.
//
// Usage:
//   Gaussian<6> x{.mean = Vector<6>::Zero(), .covariance = SquareMatrix<6>::Identity()};
//   MeasurementVector z(3);
#pragma once

#include <Eigen/Core>

namespace trilink {

template <int N>
using Vector = Eigen::Matrix<double, N, 1>;
template <int N>
using SquareMatrix = Eigen::Matrix<double, N, N>;

// A mean and its covariance (units those of the state, squared).
template <int N>
struct Gaussian {
  Vector<N> mean = Vector<N>::Zero();
  SquareMatrix<N> covariance = SquareMatrix<N>::Identity();
};

// Largest measurement: range, azimuth, elevation, range-rate.
inline constexpr int kMaxMeasurementSize = 4;

using MeasurementVector =
    Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxMeasurementSize, 1>;
using MeasurementCovariance = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor,
                                            kMaxMeasurementSize, kMaxMeasurementSize>;
// d measurement / d state: rows = measurement size, N columns.
template <int N>
using MeasurementJacobian =
    Eigen::Matrix<double, Eigen::Dynamic, N, Eigen::ColMajor, kMaxMeasurementSize, N>;
// State × measurement (a cross-covariance or a gain).
template <int N>
using StateByMeasurement =
    Eigen::Matrix<double, N, Eigen::Dynamic, Eigen::ColMajor, N, kMaxMeasurementSize>;

}  // namespace trilink
