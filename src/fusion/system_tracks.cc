#include "trilink/fusion/system_tracks.h"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "trilink/core/error.h"
#include "trilink/geo/wgs84.h"

namespace trilink::fusion {
namespace {

constexpr int kN = tracking::kBallisticStateSize;
using State = Gaussian<kN>;

double Seconds(UtcTime from, UtcTime to) { return (to - from).seconds(); }

constexpr double kForgetEveryS = 10.0;
// A silent ballistic system track's fall is searched this far ahead (s), in
// steps of kFallStepS (s): an ICBM's flight lasts under about 70 minutes
// however lofted.
constexpr double kLongestCoastS = 3.0 * 3600.0;
constexpr double kFallStepS = 10.0;

// The merge's neighbour grid (FusionCentre::CellOf): its positions are
// straight-line extrapolations to its time, which is moved when a fusion is
// more than kGridPeriodS from it. A merge candidate is fused within
// fuse_within_s of the fusion looking for it, so within kGridPeriodS +
// fuse_within_s of the grid's time, over which a ballistic missile (gravity
// and drag, ≤ 2 g) strays from its straight line by ½ · 2 g · Δt², and two
// candidates' extrapolations part by their velocity difference (below
// kMergeVelocityDifferenceM_S for precise tracks within the velocity gate)
// times Δt. The cells are that plus split_distance_m wide, so the 27 around
// a fusion's hold every candidate.
constexpr double kGridPeriodS = 5.0;
constexpr double kBallisticAccelerationBoundM_S2 = 20.0;
constexpr double kMergeVelocityDifferenceM_S = 1000.0;

uint64_t PackCell(int64_t x, int64_t y, int64_t z) {
  constexpr int64_t kOffset = int64_t{1} << 20;
  constexpr uint64_t kMask = (uint64_t{1} << 21) - 1;
  return (static_cast<uint64_t>(x + kOffset) & kMask) |
         ((static_cast<uint64_t>(y + kOffset) & kMask) << 21) |
         ((static_cast<uint64_t>(z + kOffset) & kMask) << 42);
}

// The grid's cell size (m).
double CellSize(const FusionOptions& options) {
  const double span = kGridPeriodS + options.fuse_within_s;
  return options.split_distance_m + 0.5 * kBallisticAccelerationBoundM_S2 * span * span +
         kMergeVelocityDifferenceM_S * span;
}

// `state` carried over `dt` by `motion` (Φ P Φᵀ + Q).
State Carry(const tracking::BallisticMotion& motion, const State& state, double dt) {
  if (dt == 0.0) return state;
  SquareMatrix<kN> phi, noise;
  State out;
  out.mean = motion.PropagateWithNoise(state.mean, dt, &phi, &noise);
  out.covariance = phi * state.covariance * phi.transpose() + noise;
  out.covariance = 0.5 * (out.covariance + out.covariance.transpose()).eval();
  return out;
}

// The largest eigenvalue of a position covariance (m²).
double LargestPositionVariance(const State& state) {
  return Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d>(state.covariance.topLeftCorner<3, 3>(),
                                                        Eigen::EigenvaluesOnly)
      .eigenvalues()
      .maxCoeff();
}

}  // namespace

bool FusionOptions::IsValid(std::string* error) const {
  std::string detail;
  if (!checks.IsValid(&detail)) return Invalid(error, "checks: " + detail);
  if (!ci.IsValid(&detail)) return Invalid(error, "ci: " + detail);
  if (!(gate_squared > 0.0 && std::isfinite(gate_squared)))
    return Invalid(error, "gate_squared must be finite and > 0");
  if (!(model_position_sigma_m > 0.0 && std::isfinite(model_position_sigma_m)))
    return Invalid(error, "model_position_sigma_m must be finite and > 0");
  if (!(acceleration_sigma_m_s2 >= 0.0 && std::isfinite(acceleration_sigma_m_s2)))
    return Invalid(error, "acceleration_sigma_m_s2 must be finite and >= 0");
  if (!(max_gap_s > 0.0 && std::isfinite(max_gap_s)))
    return Invalid(error, "max_gap_s must be finite and > 0");
  if (!(fuse_within_s > 0.0 && std::isfinite(fuse_within_s)))
    return Invalid(error, "fuse_within_s must be finite and > 0");
  if (!(split_gate_squared >= gate_squared && std::isfinite(split_gate_squared)))
    return Invalid(error, "split_gate_squared must be finite and >= gate_squared");
  if (!(split_distance_m >= 0.0 && std::isfinite(split_distance_m)))
    return Invalid(error, "split_distance_m must be finite and >= 0");
  if (split_after < 1) return Invalid(error, "split_after must be >= 1");
  if (merge_after < 1) return Invalid(error, "merge_after must be >= 1");
  if (!(consistency_gate_squared > 0.0))
    return Invalid(error, "consistency_gate_squared must be > 0 (infinity: fuse all)");
  return true;
}

FusionCentre::FusionCentre(const FusionOptions& options)
    : options_(options),
      motions_{tracking::BallisticMotion(
                   tracking::BallisticMotionOptions::ForMode(tracking::BallisticMode::kBoost)),
               tracking::BallisticMotion(
                   tracking::BallisticMotionOptions::ForMode(tracking::BallisticMode::kBallistic)),
               tracking::BallisticMotion(tracking::BallisticMotionOptions::ForMode(
                   tracking::BallisticMode::kManoeuvre))} {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
}

State FusionCentre::Predict(const LocalTrack& track, UtcTime time) const {
  return Carry(
      motions_[static_cast<int>(PhaseOf(track.boost_probability, track.manoeuvre_probability))],
      track.state, Seconds(track.time, time));
}

double FusionCentre::Distance2(const State& state, UtcTime state_time, double boost_probability,
                               double manoeuvre_probability, const LocalTrack& track) const {
  const double dt = Seconds(state_time, track.time);
  // The phase's motion over a short gap; ballistic over a long one (a
  // motor's thrust or a glide's lift cannot be carried for minutes; the
  // σ below covers them). Beyond max_gap_s only a ballistic coast is
  // carried (see the header), with the ballistic model's own noise.
  const bool coast = std::abs(dt) > options_.max_gap_s;
  const tracking::BallisticMode phase = std::abs(dt) <= options_.fuse_within_s
                                            ? PhaseOf(boost_probability, manoeuvre_probability)
                                            : tracking::BallisticMode::kBallistic;
  const tracking::BallisticMotion& motion = motions_[static_cast<int>(phase)];
  SquareMatrix<kN> phi = SquareMatrix<kN>::Identity();
  SquareMatrix<kN> noise = SquareMatrix<kN>::Zero();
  const Vector<kN> predicted = dt == 0.0 ? state.mean
                               : coast   ? motion.PropagateWithNoise(state.mean, dt, &phi, &noise)
                                         : motion.Propagate(state.mean, dt, &phi);
  const Eigen::Matrix3d carried =
      (phi * state.covariance * phi.transpose() + noise).topLeftCorner<3, 3>();
  const double sigma = options_.model_position_sigma_m +
                       (coast ? 0.0 : 0.5 * options_.acceleration_sigma_m_s2 * dt * dt);
  const Eigen::Matrix3d covariance = carried + track.state.covariance.topLeftCorner<3, 3>() +
                                     sigma * sigma * Eigen::Matrix3d::Identity();
  const Eigen::Vector3d difference = track.state.mean.head<3>() - predicted.head<3>();
  const double d2 = difference.dot(covariance.ldlt().solve(difference));
  return std::isfinite(d2) ? d2 : std::numeric_limits<double>::infinity();
}

bool FusionCentre::Current(const Contributor& contributor, UtcTime time) const {
  return !contributor.latest.ended &&
         std::abs(Seconds(contributor.latest.time, time)) <= options_.fuse_within_s;
}

FusionCentre::Outcome FusionCentre::Take(const LocalTrack& track, UtcTime now) {
  if (std::optional<std::string> why = CheckLocalTrack(track, now, options_.checks)) {
    ++counts_.refused;
    return {.system = nullptr, .refused = std::move(why)};
  }
  auto [it, inserted] = contributors_.try_emplace(track.Key());
  Contributor& contributor = it->second;
  if (!inserted && track.incarnation != contributor.latest.incarnation) {
    // The partner's node restarted: its old track of this number is gone
    // (it leaves its system track's list), the new one is associated anew.
    if (contributor.system != 0)
      std::erase(tracks_[contributor.system - 1].contributors, it->first);
    contributor = Contributor{};
    inserted = true;
  }
  if (!inserted && track.sequence <= contributor.latest.sequence) {
    ++counts_.repeated;
    return {};
  }
  contributor.latest = track;
  if (track.ended) return {};
  if (contributor.system != 0 && tracks_[contributor.system - 1].ended) contributor.system = 0;
  if (contributor.system == 0) {
    Associate(contributor);
  } else {
    CheckSplit(contributor);
  }
  ++counts_.taken;
  SystemTrack& system = tracks_[contributor.system - 1];
  Fuse(system);
  const SystemTrack* merged = nullptr;
  SystemTrack& survivor = CheckMerge(system, &merged);
  return {.system = &survivor, .refused = std::nullopt, .merged = merged};
}

void FusionCentre::Associate(Contributor& contributor) {
  const LocalTrack& track = contributor.latest;
  double best = options_.gate_squared;
  SystemTrack* joined = nullptr;
  for (const uint64_t number : open_) {
    SystemTrack& system = tracks_[number - 1];
    if (Seconds(system.time, track.time) < -options_.max_gap_s ||
        track.time > OpenUntil(system, track.time))
      continue;
    // A cheap bound first: the straight-line prediction off by more than
    // gravity, thrust or lift (≤ 10 g) could carry the missile over the
    // gap, plus 10 σ of both positions, is never inside the gate.
    const double dt = Seconds(system.time, track.time);
    const double reach = 50e3 + 0.5 * 100.0 * dt * dt +
                         10.0 * std::sqrt(system.state.covariance.topLeftCorner<3, 3>().trace() +
                                          track.state.covariance.topLeftCorner<3, 3>().trace());
    if ((track.state.mean.head<3>() - system.state.mean.head<3>() -
         dt * system.state.mean.segment<3>(3))
            .norm() > reach)
      continue;
    const double d2 = Distance2(system.state, system.time, system.boost_probability,
                                system.manoeuvre_probability, track);
    if (d2 <= best) {
      best = d2;
      joined = &system;
    }
  }
  if (joined == nullptr) {
    SystemTrack& born = tracks_.emplace_back();
    born.number = tracks_.size();
    born.born = track.time;
    born.time = track.time;
    born.state = track.state;
    open_.push_back(born.number);
    joined = &born;
    ++counts_.births;
  } else {
    ++counts_.joins;
  }
  Join(contributor, *joined);
}

void FusionCentre::Join(Contributor& contributor, SystemTrack& system) {
  const std::string key = contributor.latest.Key();
  contributor.system = system.number;
  contributor.joined = ++joins_;
  contributor.outside = 0;
  contributor.nearer = 0;
  contributor.nearer_updates = 0;
  if (std::find(system.contributors.begin(), system.contributors.end(), key) ==
      system.contributors.end())
    system.contributors.push_back(key);
}

void FusionCentre::CheckSplit(Contributor& contributor) {
  const LocalTrack& track = contributor.latest;
  SystemTrack& system = tracks_[contributor.system - 1];
  const std::string key = track.Key();
  // Who stays when contributors disagree: a precise track before a vague
  // one (Vague: it may have swapped between missiles), then the one that
  // joined first.
  auto trust = [&](const Contributor& c) {
    return std::pair(Vague(c.latest) ? 0 : 1, -static_cast<int64_t>(c.joined));
  };
  const auto own_trust = trust(contributor);
  bool others = false, inside = false, most_trusted = true;
  for (const std::string& other_key : system.contributors) {
    if (other_key == key) continue;
    const Contributor& other = contributors_.at(other_key);
    if (!Current(other, track.time)) continue;
    others = true;
    if (trust(other) > own_trust) most_trusted = false;
    const State predicted = Predict(other.latest, track.time);
    if ((predicted.mean.head<3>() - track.state.mean.head<3>()).norm() <=
            options_.split_distance_m ||
        Distance2(predicted, track.time, other.latest.boost_probability,
                  other.latest.manoeuvre_probability, track) <= options_.split_gate_squared) {
      inside = true;
      break;
    }
  }
  contributor.outside = others && !inside ? contributor.outside + 1 : 0;
  if (contributor.outside >= options_.split_after && !most_trusted) {
    std::erase(system.contributors, key);
    ++counts_.splits;
    contributor.system = 0;
    Fuse(system);
    Associate(contributor);
    return;
  }
  // A vague track beside a precise one is consistent with every missile
  // within its uncertainty, so it never leaves by the test above; it goes
  // to the open system track it is nearest (a track of the infrared
  // tracker that swapped between the missiles of a close salvo follows the
  // missile it now sees), after split_after consecutive updates nearer to
  // the same one. The system track's identity is its precise contributors'.
  if (!Vague(track) || !std::any_of(system.contributors.begin(), system.contributors.end(),
                                    [&](const std::string& other_key) {
                                      const Contributor& other = contributors_.at(other_key);
                                      return other_key != key && Current(other, track.time) &&
                                             !Vague(other.latest);
                                    }))
    return;
  auto distance2 = [&](const SystemTrack& s) {
    return Distance2(s.state, s.time, s.boost_probability, s.manoeuvre_probability, track);
  };
  const double own = distance2(system);
  SystemTrack* nearest = nullptr;
  double best = std::min(own, options_.gate_squared);
  for (const uint64_t number : open_) {
    SystemTrack& other = tracks_[number - 1];
    if (number == system.number ||
        std::abs(Seconds(other.time, track.time)) > options_.fuse_within_s)
      continue;
    const double d2 = distance2(other);
    if (d2 < best) {
      best = d2;
      nearest = &other;
    }
  }
  // The same nearer system track at split_after consecutive updates: a
  // swap, not the noise of one update.
  const uint64_t nearer = nearest == nullptr ? 0 : nearest->number;
  contributor.nearer_updates =
      nearer == 0 ? 0 : (nearer == contributor.nearer ? contributor.nearer_updates + 1 : 1);
  contributor.nearer = nearer;
  if (contributor.nearer_updates < options_.split_after) return;
  std::erase(system.contributors, key);
  ++counts_.moves;
  Fuse(system);
  Join(contributor, *nearest);
}

bool FusionCentre::Vague(const LocalTrack& track) const {
  return LargestPositionVariance(track.state) >
         options_.split_distance_m * options_.split_distance_m;
}

void FusionCentre::Fuse(SystemTrack& system) {
  // The newest time of validity among the current contributors.
  std::optional<UtcTime> newest;
  for (const std::string& key : system.contributors) {
    const Contributor& c = contributors_.at(key);
    if (!c.latest.ended && (!newest || c.latest.time > *newest)) newest = c.latest.time;
  }
  if (!newest) return;
  scratch_.clear();
  system.fused.clear();
  for (const std::string& key : system.contributors) {
    const Contributor& c = contributors_.at(key);
    if (!Current(c, *newest)) continue;
    State predicted = Predict(c.latest, *newest);
    // A prediction that left the numbers (a checked but extreme track
    // carried over seconds) is not fused; it never aborts the node.
    if (!predicted.mean.allFinite() || !predicted.covariance.allFinite() ||
        Eigen::LLT<SquareMatrix<kN>>(predicted.covariance).info() != Eigen::Success)
      continue;
    scratch_.push_back(std::move(predicted));
    system.fused.push_back(key);
  }
  if (scratch_.empty()) return;  // nothing fusable: the state stays
  // Those inconsistent with the most precise (see consistency_gate_squared)
  // are left out.
  auto trace = [](const State& state) { return state.covariance.topLeftCorner<3, 3>().trace(); };
  const State reference =
      *std::min_element(scratch_.begin(), scratch_.end(),
                        [&](const State& a, const State& b) { return trace(a) < trace(b); });
  size_t kept = 0;
  for (size_t i = 0; i < scratch_.size(); ++i) {
    const Eigen::Vector3d d = scratch_[i].mean.head<3>() - reference.mean.head<3>();
    const Eigen::Matrix3d c =
        scratch_[i].covariance.topLeftCorner<3, 3>() + reference.covariance.topLeftCorner<3, 3>();
    if (!(d.dot(c.ldlt().solve(d)) <= options_.consistency_gate_squared)) continue;
    if (kept != i) {
      scratch_[kept] = std::move(scratch_[i]);
      system.fused[kept] = std::move(system.fused[i]);
    }
    ++kept;
  }
  scratch_.resize(kept);
  system.fused.resize(kept);
  double weight_sum = 0.0, boost = 0.0, manoeuvre = 0.0;
  for (size_t i = 0; i < kept; ++i) {
    const LocalTrack& latest = contributors_.at(system.fused[i]).latest;
    const double weight = 1.0 / std::max(trace(scratch_[i]), std::numeric_limits<double>::min());
    weight_sum += weight;
    boost += weight * latest.boost_probability;
    manoeuvre += weight * latest.manoeuvre_probability;
  }
  system.fall.reset();
  system.state =
      scratch_.size() == 1 ? scratch_.front() : FuseSequential<kN>(scratch_, options_.ci).fused;
  system.time = *newest;
  system.boost_probability = boost / weight_sum;
  system.manoeuvre_probability = manoeuvre / weight_sum;
}

uint64_t FusionCentre::CellOf(const SystemTrack& system) const {
  const Eigen::Vector3d at = system.state.mean.head<3>() +
                             Seconds(system.time, *grid_time_) * system.state.mean.segment<3>(3);
  const Eigen::Vector3d cell = (at / CellSize(options_)).array().floor();
  return PackCell(static_cast<int64_t>(cell.x()), static_cast<int64_t>(cell.y()),
                  static_cast<int64_t>(cell.z()));
}

void FusionCentre::File(const SystemTrack& system) {
  if (cell_of_.size() < tracks_.size()) cell_of_.resize(tracks_.size());
  std::optional<uint64_t>& filed = cell_of_[system.number - 1];
  const uint64_t cell = CellOf(system);
  if (filed == cell) return;
  Unfile(system.number);
  grid_[cell].push_back(system.number);
  filed = cell;
}

void FusionCentre::Unfile(uint64_t number) {
  if (number > cell_of_.size() || !cell_of_[number - 1]) return;
  const auto it = grid_.find(*cell_of_[number - 1]);
  std::erase(it->second, number);
  if (it->second.empty()) grid_.erase(it);
  cell_of_[number - 1].reset();
}

SystemTrack& FusionCentre::CheckMerge(SystemTrack& system, const SystemTrack** merged) {
  *merged = nullptr;
  const tracking::BallisticMotion& ballistic =
      motions_[static_cast<int>(tracking::BallisticMode::kBallistic)];
  const double precise = options_.split_distance_m * options_.split_distance_m;
  auto candidate = [&](const SystemTrack& s) {
    return PhaseOf(s.boost_probability, s.manoeuvre_probability) ==
               tracking::BallisticMode::kBallistic &&
           LargestPositionVariance(s.state) <= precise;
  };
  // The nearest other open system track that passes every test.
  uint64_t nearest = 0;
  double best = std::numeric_limits<double>::infinity();
  // The grid moves forward with the fusions; one made more than
  // kGridPeriodS before its time (a late message) looks at every open
  // system track instead.
  if (!grid_time_ || Seconds(*grid_time_, system.time) > kGridPeriodS) {
    grid_time_ = system.time;
    grid_.clear();
    cell_of_.assign(tracks_.size(), std::nullopt);
    for (const uint64_t number : open_) File(tracks_[number - 1]);
  } else {
    File(system);
  }
  std::vector<uint64_t>& neighbours = merge_scratch_;
  neighbours.clear();
  if (candidate(system)) {
    if (Seconds(system.time, *grid_time_) > kGridPeriodS) {
      neighbours = open_;
    } else {
      const uint64_t cell = *cell_of_[system.number - 1];
      for (const int64_t dz : {-1, 0, 1})
        for (const int64_t dy : {-1, 0, 1})
          for (const int64_t dx : {-1, 0, 1}) {
            // Neighbouring cells' keys: the packed fields shifted by one.
            const uint64_t key = cell + static_cast<uint64_t>(dx) +
                                 (static_cast<uint64_t>(dy) << 21) +
                                 (static_cast<uint64_t>(dz) << 42);
            if (const auto it = grid_.find(key); it != grid_.end())
              neighbours.insert(neighbours.end(), it->second.begin(), it->second.end());
          }
    }
  }
  for (const uint64_t number : neighbours) {
    const SystemTrack& other = tracks_[number - 1];
    const double dt = Seconds(other.time, system.time);
    // A cheap bound first: the straight line off by more than gravity and
    // drag (≤ 2 g) carry a ballistic missile over the gap.
    if (number == system.number || std::abs(dt) > options_.fuse_within_s ||
        (other.state.mean.head<3>() + dt * other.state.mean.segment<3>(3) -
         system.state.mean.head<3>())
                .norm() >
            options_.split_distance_m + 0.5 * kBallisticAccelerationBoundM_S2 * dt * dt ||
        !candidate(other))
      continue;
    const State carried = Carry(ballistic, other.state, dt);
    const Vector<kN> difference = carried.mean - system.state.mean;
    if (difference.head<3>().norm() > options_.split_distance_m) continue;
    const SquareMatrix<kN> sum = carried.covariance + system.state.covariance;
    const double position_sigma =
        options_.model_position_sigma_m + 0.5 * options_.acceleration_sigma_m_s2 * dt * dt;
    const double velocity_sigma = options_.acceleration_sigma_m_s2 * std::abs(dt);
    const Eigen::Matrix3d position =
        sum.topLeftCorner<3, 3>() + position_sigma * position_sigma * Eigen::Matrix3d::Identity();
    const Eigen::Matrix3d velocity =
        sum.block<3, 3>(3, 3) + velocity_sigma * velocity_sigma * Eigen::Matrix3d::Identity();
    const double position_d2 =
        difference.head<3>().dot(position.ldlt().solve(Eigen::Vector3d(difference.head<3>())));
    const double velocity_d2 = difference.segment<3>(3).dot(
        velocity.ldlt().solve(Eigen::Vector3d(difference.segment<3>(3))));
    if (!(position_d2 <= options_.gate_squared && velocity_d2 <= options_.gate_squared) ||
        position_d2 >= best)
      continue;
    best = position_d2;
    nearest = number;
  }
  system.near_fusions = nearest == 0 ? 0 : (nearest == system.near ? system.near_fusions + 1 : 1);
  system.near = nearest;
  if (system.near_fusions < options_.merge_after) return system;
  // The older keeps its number; the younger's contributors join it.
  SystemTrack& older = tracks_[std::min(system.number, nearest) - 1];
  SystemTrack& younger = tracks_[std::max(system.number, nearest) - 1];
  for (const std::string& key : younger.contributors) {
    const auto it = contributors_.find(key);
    if (it != contributors_.end() && it->second.system == younger.number) Join(it->second, older);
  }
  younger.ended = true;
  younger.merged_into = older.number;
  std::erase(open_, younger.number);
  Unfile(younger.number);
  older.near = younger.near = 0;
  older.near_fusions = younger.near_fusions = 0;
  ++counts_.merges;
  Fuse(older);
  *merged = &younger;
  return older;
}

UtcTime FusionCentre::OpenUntil(SystemTrack& system, UtcTime now) const {
  const UtcTime silent_until = system.time + Duration::Seconds(options_.max_gap_s);
  if (now <= silent_until) return silent_until;
  if (!system.fall) {
    // Once per silence: where the ballistic prediction meets the ground.
    system.fall = system.time;
    if (PhaseOf(system.boost_probability, system.manoeuvre_probability) ==
        tracking::BallisticMode::kBallistic) {
      const tracking::BallisticMotion& motion =
          motions_[static_cast<int>(tracking::BallisticMode::kBallistic)];
      Vector<kN> x = system.state.mean;
      double t = 0.0;
      while (t < kLongestCoastS && geo::HeightAboveEllipsoid(x.head<3>()) > 0.0 && x.allFinite()) {
        x = motion.Propagate(x, kFallStepS);
        t += kFallStepS;
      }
      system.fall = system.time + Duration::Seconds(t);
    }
  }
  return std::max(silent_until, *system.fall);
}

void FusionCentre::Expire(UtcTime now) {
  std::erase_if(open_, [&](uint64_t number) {
    SystemTrack& system = tracks_[number - 1];
    system.ended = now > OpenUntil(system, now);
    if (system.ended) Unfile(number);
    return system.ended;
  });
  // Forgotten, every so often: the local tracks of ended system tracks once
  // no message of theirs can be fused any more (CheckLocalTrack refuses it
  // as too old; a later update of the same number is a new track anyway).
  if (last_forget_ && Seconds(*last_forget_, now) < kForgetEveryS) return;
  last_forget_ = now;
  std::erase_if(contributors_, [&](const auto& entry) {
    const Contributor& c = entry.second;
    return (c.system == 0 || tracks_[c.system - 1].ended) &&
           Seconds(c.latest.time, now) > options_.checks.max_age_s;
  });
}

}  // namespace trilink::fusion
