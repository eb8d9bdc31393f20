// Track initiation and deletion: the Initiator and Deleter roles of the
// tracker (tracker.h), each behind a small interface.
//
// Initiators turn the measurements of a scan that no track took into new
// tentative tracks:
//   SinglePointInitiator  one measurement: the position it locates with a
//       weak prior (100 times its position σ) and a zero-mean velocity prior
//       of the given σ, then one filter update with the measurement, so the
//       new track's position covariance is the measurement's own (J R Jᵀ)
//       whatever the sensor geometry.
//   TwoPointInitiator    (radar) keeps unused measurements as seeds; a later
//       unused measurement that a seed could have moved to (speed ≤
//       max_speed) starts a track: prior at the seed's time with the
//       differenced velocity as mean and a wide σ, updated with the seed,
//       predicted to the second measurement and updated with it. Suited to
//       fast targets, whose zero-velocity single-point start would need a
//       huge gate.
// Both need a PriorFunction that builds the full state's prior from a
// position and a velocity (the state may hold more, such as a ballistic
// coefficient).
//
// Deleters decide when a track ends: MissDeleter after consecutive misses
// (separate limits for tentative and confirmed tracks), after too long
// without an update, or when the predicted position σ grows too large.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trilink/core/error.h"
#include "trilink/core/time.h"
#include "trilink/tracking/filter.h"
#include "trilink/tracking/track.h"

namespace trilink::tracking {

// A scan: the measurements one sensor made at one time.
template <int N>
struct Scan {
  UtcTime time;    // measurement time (UTC)
  int sensor = 0;  // the caller's sensor number, for reports
  std::shared_ptr<const MeasurementModel<N>> model;
  std::vector<MeasurementVector> measurements;
};

// The prior of a new track: position (m) with isotropic σ, velocity (m/s)
// with isotropic σ, in the state's frame; the function fills the rest of the
// state (planar: z is ignored).
template <int N>
using PriorFunction =
    std::function<Gaussian<N>(const Eigen::Vector3d& position, double position_sigma_m,
                              const Eigen::Vector3d& velocity, double velocity_sigma_m_s)>;

// A new tentative track, at `time`.
template <int N>
struct Birth {
  FilterState<N> state;
  UtcTime time;
  int measurement = 0;  // the scan's measurement that completed it
  int hits = 1;         // measurements it used
};

template <int N>
class Initiator {
 public:
  virtual ~Initiator() = default;
  // `unused`: indices of the scan's measurements that no track took.
  // Appends the new tracks to `births`.
  virtual void Initiate(const Scan<N>& scan, std::span<const int> unused,
                        std::vector<Birth<N>>* births) = 0;
};

template <int N>
class SinglePointInitiator final : public Initiator<N> {
 public:
  // velocity_sigma_m_s: the prior σ of each velocity component (m/s) > 0.
  SinglePointInitiator(const Filter<N>& filter, PriorFunction<N> prior, double velocity_sigma_m_s)
      : filter_(filter), prior_(std::move(prior)), velocity_sigma_m_s_(velocity_sigma_m_s) {
    TRILINK_CHECK(velocity_sigma_m_s > 0.0) << "velocity sigma must be > 0";
  }

  void Initiate(const Scan<N>& scan, std::span<const int> unused,
                std::vector<Birth<N>>* births) override {
    for (int index : unused) {
      const MeasurementVector& z = scan.measurements[static_cast<size_t>(index)];
      const std::optional<sensors::LocatedMeasurement> located = scan.model->Locate(z);
      if (!located) continue;  // angles only: another initiator's business
      FilterState<N> state =
          filter_.Initialise(prior_(located->position, 100.0 * located->position_sigma_m,
                                    Eigen::Vector3d::Zero(), velocity_sigma_m_s_));
      const Innovation<N> innovation = filter_.Innovate(state, *scan.model);
      if (!innovation.valid) continue;
      births->push_back({filter_.Update(state, innovation, z, *scan.model), scan.time, index, 1});
    }
  }

 private:
  const Filter<N>& filter_;
  PriorFunction<N> prior_;
  double velocity_sigma_m_s_;
};

// All fields finite.
struct TwoPointOptions {
  double max_speed_m_s = 8000.0;    // fastest target to expect (m/s), > 0
  double max_seed_age_s = 30.0;     // seeds older than this are forgotten (s), > 0
  double velocity_sigma_m_s = 0.0;  // prior σ about the differenced velocity (m/s), >= 0;
                                    // 0: max_speed / 2
  // > 0: a pair is a birth only if the second detection falls within this
  // gate (Mahalanobis σ, as the tracker's) of the state the first detection
  // and the differenced velocity predict; otherwise the two are clutter that
  // happen to lie within reach. With range-rate measured, two false alarms
  // almost never agree. 0: every pair within reach is a birth.
  double gate_sigma = 0.0;
  // With gate_sigma > 0, before the filter is run on a pair: where both
  // detections measure range rate (LocatedMeasurement::radial), the pair's
  // mean velocity seen along each line of sight must match that range rate
  // within gate_sigma σ plus what an acceleration of up to this (m/s², > 0;
  // thrust and gravity of a boosting missile) changes over the gap. A cheap
  // test that rejects almost every pair of false alarms (their range rates
  // are random) before the costly filter step.
  double max_acceleration_m_s2 = 150.0;

  bool IsValid(std::string* error) const {
    if (!(std::isfinite(max_speed_m_s) && max_speed_m_s > 0.0))
      return Invalid(error, "max_speed_m_s must be finite and > 0");
    if (!(std::isfinite(max_seed_age_s) && max_seed_age_s > 0.0))
      return Invalid(error, "max_seed_age_s must be finite and > 0");
    if (!(std::isfinite(velocity_sigma_m_s) && velocity_sigma_m_s >= 0.0))
      return Invalid(error, "velocity_sigma_m_s must be finite and >= 0");
    if (!(std::isfinite(gate_sigma) && gate_sigma >= 0.0))
      return Invalid(error, "gate_sigma must be finite and >= 0");
    if (!(std::isfinite(max_acceleration_m_s2) && max_acceleration_m_s2 > 0.0))
      return Invalid(error, "max_acceleration_m_s2 must be finite and > 0");
    return true;
  }
};

template <int N>
class TwoPointInitiator final : public Initiator<N> {
 public:
  // `options` must be valid (checked).
  TwoPointInitiator(const Filter<N>& filter, PriorFunction<N> prior, const TwoPointOptions& options)
      : filter_(filter), prior_(std::move(prior)), options_(options) {
    std::string error;
    TRILINK_CHECK(options.IsValid(&error)) << error;
  }

  void Initiate(const Scan<N>& scan, std::span<const int> unused,
                std::vector<Birth<N>>* births) override {
    // Forget old seeds.
    std::erase_if(seeds_, [&](const Seed& seed) {
      return (scan.time - seed.time).seconds() > options_.max_seed_age_s;
    });
    const size_t old_seeds = seeds_.size();
    std::vector<char> taken(old_seeds, 0);
    // The seeds in a grid of cells as wide as the farthest a pair can reach
    // (fastest target over the oldest seed, plus the largest position σ of a
    // seed and of this scan), so a detection looks only at its own cell and
    // the 26 around it: linear in seeds and detections, not their product.
    double largest_sigma = 0.0;
    for (size_t s = 0; s < old_seeds; ++s)
      largest_sigma = std::max(largest_sigma, seeds_[s].located.position_sigma_m);
    std::vector<std::optional<sensors::LocatedMeasurement>>& located_detections = located_;
    located_detections.clear();
    for (int index : unused) {
      located_detections.push_back(
          scan.model->Locate(scan.measurements[static_cast<size_t>(index)]));
      if (located_detections.back())
        largest_sigma = std::max(largest_sigma, located_detections.back()->position_sigma_m);
    }
    const double cell =
        std::max(options_.max_speed_m_s * options_.max_seed_age_s + 6.0 * largest_sigma, 1.0);
    seed_grid_.clear();
    for (size_t s = 0; s < old_seeds; ++s)
      seed_grid_.push_back({CellOf(seeds_[s].located.position, cell), s});
    std::sort(seed_grid_.begin(), seed_grid_.end());
    for (size_t u = 0; u < unused.size(); ++u) {
      const int index = unused[u];
      const MeasurementVector& z = scan.measurements[static_cast<size_t>(index)];
      const std::optional<sensors::LocatedMeasurement>& located = located_detections[u];
      if (!located) continue;
      // The earlier seeds this target could have come from, nearest first.
      candidates_.clear();
      nearby_.clear();
      const std::array<int64_t, 3> home = CellOf(located->position, cell);
      for (int64_t dx = -1; dx <= 1; ++dx) {
        for (int64_t dy = -1; dy <= 1; ++dy) {
          for (int64_t dz = -1; dz <= 1; ++dz) {
            const std::array<int64_t, 3> key = {home[0] + dx, home[1] + dy, home[2] + dz};
            auto it = std::lower_bound(seed_grid_.begin(), seed_grid_.end(),
                                       std::pair<std::array<int64_t, 3>, size_t>{key, 0});
            for (; it != seed_grid_.end() && it->first == key && nearby_.size() < kMaxNearby;
                 ++it) {
              nearby_.push_back(it->second);
            }
          }
        }
      }
      for (size_t s : nearby_) {
        const Seed& seed = seeds_[s];
        const double dt = (scan.time - seed.time).seconds();
        if (taken[s] || dt <= 0.0) continue;
        const double distance = (located->position - seed.located.position).norm();
        const double reach = options_.max_speed_m_s * dt +
                             3.0 * (located->position_sigma_m + seed.located.position_sigma_m);
        if (distance <= reach && RangeRatesAgree(seed.located, *located, dt))
          candidates_.push_back({distance, s});
      }
      // Without a gate the nearest is taken; with one, the nearest of the
      // first kMaxGatedTries that the gate accepts.
      const size_t tries = options_.gate_sigma > 0.0 ? kMaxGatedTries : 1;
      const size_t sorted = std::min(tries, candidates_.size());
      std::partial_sort(candidates_.begin(), candidates_.begin() + sorted, candidates_.end());
      bool paired = false;
      for (size_t c = 0; c < sorted && !paired; ++c) {
        const size_t s = candidates_[c].second;
        std::optional<FilterState<N>> birth = Birth(seeds_[s], scan, z, *located);
        if (options_.gate_sigma <= 0.0) {
          // Without a gate the nearest seed and the detection are used up
          // together even when the filter cannot take them.
          taken[s] = 1;
          paired = true;
        } else if (!birth) {
          continue;
        }
        taken[s] = 1;
        paired = true;
        if (birth) births->push_back({*std::move(birth), scan.time, index, 2});
      }
      if (!paired) seeds_.push_back({scan.time, scan.model, z, *located});
    }
    // Seeds that started a track are used up.
    size_t kept = 0;
    for (size_t s = 0; s < seeds_.size(); ++s) {
      if (s < old_seeds && taken[s]) continue;
      if (kept != s) seeds_[kept] = std::move(seeds_[s]);
      ++kept;
    }
    seeds_.resize(kept);
  }

  size_t seed_count() const { return seeds_.size(); }

 private:
  // Seeds a pair may be tried with, nearest first, when the gate is on.
  static constexpr size_t kMaxGatedTries = 4;
  // Seeds a detection is compared with at most: thousands of coincident
  // detections would otherwise cost their number squared, and a target in
  // such a crowd cannot be told apart anyway.
  static constexpr size_t kMaxNearby = 1024;

  // Whether the mean velocity from `first` to `second` (dt s apart) agrees
  // with the range rate of each that measures one (TwoPointOptions::
  // max_acceleration_m_s2). The position errors along a line of sight u:
  // σ² = σ_range² (u·u_x)² + σ_max² (1 − (u·u_x)²) for a detection x seen
  // along u_x (its range σ along its own line of sight, the bound across).
  bool RangeRatesAgree(const sensors::LocatedMeasurement& first,
                       const sensors::LocatedMeasurement& second, double dt) const {
    if (options_.gate_sigma <= 0.0) return true;
    const Eigen::Vector3d velocity = (second.position - first.position) / dt;
    auto along = [](const sensors::LocatedMeasurement& x, const Eigen::Vector3d& u) {
      if (!x.radial) return x.position_sigma_m * x.position_sigma_m;
      const double c = x.radial->line_of_sight.dot(u);
      return x.radial->range_sigma_m * x.radial->range_sigma_m * c * c +
             x.position_sigma_m * x.position_sigma_m * (1.0 - c * c);
    };
    for (const sensors::LocatedMeasurement* end : {&first, &second}) {
      if (!end->radial) continue;
      const Eigen::Vector3d& u = end->radial->line_of_sight;
      const double sigma =
          std::sqrt((along(first, u) + along(second, u)) / (dt * dt) +
                    end->radial->range_rate_sigma_m_s * end->radial->range_rate_sigma_m_s);
      const double allowed =
          options_.gate_sigma * sigma + 0.5 * options_.max_acceleration_m_s2 * dt;
      const double radial = (velocity - end->radial->sensor_velocity).dot(u);
      if (!(std::abs(radial - end->radial->range_rate_m_s) <= allowed)) return false;
    }
    return true;
  }

  // The grid cell of a position (cells `cell` m wide); positions too far out
  // for an index share the outermost cell (the distance test sorts them out).
  static std::array<int64_t, 3> CellOf(const Eigen::Vector3d& position, double cell) {
    std::array<int64_t, 3> key{};
    for (int k = 0; k < 3; ++k) {
      const double index = std::floor(position(k) / cell);
      key[static_cast<size_t>(k)] =
          std::isfinite(index) ? static_cast<int64_t>(std::clamp(index, -1e15, 1e15)) : 0;
    }
    return key;
  }

  struct Seed;
  // The state after the seed and the second detection z, or nullopt when the
  // filter cannot take them or z falls outside the gate.
  std::optional<FilterState<N>> Birth(const Seed& seed, const Scan<N>& scan,
                                      const MeasurementVector& z,
                                      const sensors::LocatedMeasurement& located) const {
    const double dt = (scan.time - seed.time).seconds();
    const Eigen::Vector3d velocity = (located.position - seed.located.position) / dt;
    const double velocity_sigma = options_.velocity_sigma_m_s > 0.0 ? options_.velocity_sigma_m_s
                                                                    : 0.5 * options_.max_speed_m_s;
    FilterState<N> state = filter_.Initialise(prior_(
        seed.located.position, 100.0 * seed.located.position_sigma_m, velocity, velocity_sigma));
    const Innovation<N> first = filter_.Innovate(state, *seed.model);
    if (!first.valid) return std::nullopt;
    state = filter_.Predict(filter_.Update(state, first, seed.measurement, *seed.model), dt);
    const Innovation<N> second = filter_.Innovate(state, *scan.model);
    if (!second.valid) return std::nullopt;
    if (options_.gate_sigma > 0.0 &&
        !(second.Mahalanobis2(*scan.model, z) <= options_.gate_sigma * options_.gate_sigma)) {
      return std::nullopt;
    }
    return filter_.Update(state, second, z, *scan.model);
  }

  struct Seed {
    UtcTime time;
    std::shared_ptr<const MeasurementModel<N>> model;
    MeasurementVector measurement;
    sensors::LocatedMeasurement located;
  };

  const Filter<N>& filter_;
  PriorFunction<N> prior_;
  TwoPointOptions options_;
  std::vector<Seed> seeds_;
  std::vector<std::pair<double, size_t>> candidates_;  // (distance, seed), reused per detection
  std::vector<std::pair<std::array<int64_t, 3>, size_t>> seed_grid_;  // (cell, seed), sorted
  std::vector<size_t> nearby_;  // seeds in the cells around a detection
  std::vector<std::optional<sensors::LocatedMeasurement>> located_;  // of this scan's unused
};

template <int N>
class Deleter {
 public:
  virtual ~Deleter() = default;
  // Whether `track` should end, seen at `now` with its state predicted to
  // `now` (`predicted`).
  virtual bool Delete(const Track<N>& track, const FilterState<N>& predicted,
                      UtcTime now) const = 0;
};

struct MissDeleterOptions {
  int tentative_max_misses = 2;  // misses that end a tentative track, >= 1
  // Count a tentative track's misses in a row (true) or since it started
  // (false: a track born of clutter cannot collect hits across many gaps).
  bool tentative_misses_in_a_row = false;
  int confirmed_max_misses = 3;                                  // ... a confirmed track, >= 1
  double max_coast_s = std::numeric_limits<double>::infinity();  // time without update (s), > 0
  // Largest growth of a coasting track's position σ since its last update
  // (m), > 0: sqrt(trace P) over the position block, predicted minus
  // updated. It ends tracks whose prediction has spread beyond use, and not
  // tracks that are held by their measurements however long their
  // uncertainty along what the sensor does not measure (an angles-only
  // track's range, hundreds of km for a missile climbing under thrust).
  double max_position_sigma_m = std::numeric_limits<double>::infinity();
  int position_dimensions = 3;  // state components 0 .. d−1 are position, d in 1 … 3

  bool IsValid(std::string* error) const {
    if (tentative_max_misses < 1 || confirmed_max_misses < 1)
      return Invalid(error, "miss limits must be >= 1");
    if (!(max_coast_s > 0.0)) return Invalid(error, "max_coast_s must be > 0");
    if (!(max_position_sigma_m > 0.0)) return Invalid(error, "max_position_sigma_m must be > 0");
    if (position_dimensions < 1 || position_dimensions > 3)
      return Invalid(error, "position_dimensions must be 1, 2 or 3");
    return true;
  }
};

template <int N>
class MissDeleter final : public Deleter<N> {
 public:
  // `options` must be valid (checked), with position_dimensions <= N.
  explicit MissDeleter(const MissDeleterOptions& options) : options_(options) {
    std::string error;
    TRILINK_CHECK(options.IsValid(&error)) << error;
    TRILINK_CHECK(options.position_dimensions <= N)
        << "position_dimensions " << options.position_dimensions << " exceeds the state size " << N;
  }
  bool Delete(const Track<N>& track, const FilterState<N>& predicted, UtcTime now) const override {
    if (track.confirmed()) {
      if (track.misses >= options_.confirmed_max_misses) return true;
    } else {
      // A tentative track's misses since it started, or in a row.
      const int misses = options_.tentative_misses_in_a_row ? track.misses : track.total_misses();
      if (misses >= options_.tentative_max_misses) return true;
    }
    if ((now - track.time).seconds() > options_.max_coast_s) return true;
    const int d = options_.position_dimensions;
    const double growth = std::sqrt(predicted.estimate.covariance.diagonal().head(d).sum()) -
                          std::sqrt(track.state.estimate.covariance.diagonal().head(d).sum());
    return growth > options_.max_position_sigma_m;
  }

 private:
  MissDeleterOptions options_;
};

}  // namespace trilink::tracking
