// The per-track assessor and the grouping of launches (assessor.h).
#include "trilink/assess/assessor.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "trilink/core/error.h"
#include "trilink/flight/reconstruct.h"

namespace trilink::assess {
namespace {

using tracking::BallisticMode;
constexpr int kN = tracking::kBallisticStateSize;

double PositionSigma(const Gaussian<kN>& state) {
  return std::sqrt(state.covariance.block<3, 3>(0, 0).trace());
}
double VelocitySigma(const Gaussian<kN>& state) {
  return std::sqrt(state.covariance.block<3, 3>(3, 3).trace());
}

}  // namespace

bool AssessorOptions::IsValid(std::string* error) const {
  if (!propagation.IsValid(error)) return false;
  if (!(launch_position_sigma_m > 0.0 && launch_velocity_sigma_m_s > 0.0))
    return Invalid(error, "launch sigma bounds must be > 0");
  if (!(min_thrust_m_s2 > 0.0)) return Invalid(error, "min_thrust_m_s2 must be > 0");
  if (!(burnout_speed_drop > 0.0 && burnout_speed_drop < 1.0))
    return Invalid(error, "burnout_speed_drop must be in (0, 1)");
  if (!(manoeuvre_probability > 0.0 && manoeuvre_probability <= 1.0))
    return Invalid(error, "manoeuvre_probability must be in (0, 1]");
  if (!(depressed_ratio > 0.0 && lofted_ratio > depressed_ratio && range_bucket_m > 0.0))
    return Invalid(error, "need 0 < depressed_ratio < lofted_ratio and range_bucket_m > 0");
  return true;
}

bool GroupingOptions::IsValid(std::string* error) const {
  const auto non_negative = [](double x) { return std::isfinite(x) && x >= 0.0; };
  if (!non_negative(same_missile_distance_m))
    return Invalid(error, "same_missile_distance_m must be finite and >= 0");
  if (!non_negative(same_missile_time_s))
    return Invalid(error, "same_missile_time_s must be finite and >= 0");
  if (!non_negative(same_missile_impact_m))
    return Invalid(error, "same_missile_impact_m must be finite and >= 0");
  if (!non_negative(same_missile_impact_time_s))
    return Invalid(error, "same_missile_impact_time_s must be finite and >= 0");
  if (!non_negative(event_distance_m))
    return Invalid(error, "event_distance_m must be finite and >= 0");
  if (!non_negative(event_gap_s)) return Invalid(error, "event_gap_s must be finite and >= 0");
  if (!non_negative(distinct_overlap_s))
    return Invalid(error, "distinct_overlap_s must be finite and >= 0");
  return true;
}

Assessor::Assessor(const AssessorOptions& options) : options_(options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
}

double Assessor::MinimumEnergyApogee(double range_m, const geo::Geodetic& site,
                                     double azimuth_rad) {
  const long bucket = std::lround(range_m / options_.range_bucket_m);
  if (const auto it = minimum_energy_apogee_.find(bucket); it != minimum_energy_apogee_.end()) {
    return it->second;
  }
  flight::ReconstructionRequest request;
  request.site = site;
  request.site.height_m = 0.0;
  request.azimuth_rad = azimuth_rad;
  // The bucket's centre stands for the bucket (at least 50 km).
  request.range_m = std::max(50e3, static_cast<double>(bucket) * options_.range_bucket_m);
  request.profile = flight::Profile::kMinimumEnergy;
  request.physics = options_.propagation.physics;
  request.physics.impulsive_boost = false;
  double apogee = 0.0;
  try {
    const flight::Reconstruction reconstruction = flight::Reconstruct(request, {});
    if (reconstruction.ok()) apogee = reconstruction.flight.apogee_height_m;
  } catch (const std::exception&) {
    apogee = 0.0;  // an unreachable range: no type from the apogee
  }
  minimum_energy_apogee_[bucket] = apogee;
  return apogee;
}

TrackAssessment Assessor::Assess(const std::string& track_key, const tracking::Track<kN>& track,
                                 const tracking::BallisticFilterBank& bank, UtcTime now) {
  return Assess(track_key, track.state.estimate, track.time,
                bank.ModeProbability(track.state, BallisticMode::kBoost),
                bank.ModeProbability(track.state, BallisticMode::kManoeuvre), now);
}

TrackAssessment Assessor::Assess(const std::string& track_key, const Gaussian<kN>& state,
                                 UtcTime time, double boost_probability,
                                 double manoeuvre_probability, UtcTime now) {
  History& history = history_[track_key];
  if (!history.first_time) history.first_time = time;
  TrackAssessment assessment;
  assessment.track = track_key;
  assessment.time = time;
  assessment.first_time = history.first_time;
  assessment.kinematics = {.mean = state.mean.head<6>(),
                           .covariance = state.covariance.topLeftCorner<6, 6>()};

  const Eigen::Vector3d r = state.mean.head<3>(), v = state.mean.segment<3>(3);
  const double height = geo::HeightAboveEllipsoid(r);
  history.apogee_so_far_m = std::max(history.apogee_so_far_m, height);
  history.max_speed_m_s = std::max(history.max_speed_m_s, v.norm());
  // The boost has ended once the boost mode is unlikely and the speed has
  // fallen from its peak: the IMM's boost and manoeuvre modes both explain
  // a thrusting missile, and a track that starts in the boost (a radar
  // that sees the missile rise over its horizon) may give the thrust to
  // the manoeuvre mode.
  // Both speeds are estimates: the drop from the peak must exceed 3 σ of
  // the difference. The peak is the state whose speed less 3 σ is the
  // largest, so that a vague early state (an angles-only track's, a few
  // hundred m/s off) does not stand for it.
  const double speed_sigma =
      std::sqrt(v.normalized().dot(state.covariance.block<3, 3>(3, 3) * v.normalized()));
  if (v.norm() - 3.0 * speed_sigma > history.peak_speed_m_s - 3.0 * history.peak_speed_sigma_m_s) {
    history.peak_speed_m_s = v.norm();
    history.peak_speed_sigma_m_s = speed_sigma;
  }
  if (boost_probability < 0.2 &&
      (1.0 - options_.burnout_speed_drop) * history.peak_speed_m_s - v.norm() >
          3.0 * std::hypot(speed_sigma, history.peak_speed_sigma_m_s)) {
    history.boost_ended = true;
  }
  // Thrusting, only before burnout (after it the boost mode may take a
  // glide's lift, which is not thrust): the boost mode the most probable,
  // or an acceleration along v well above its σ in either mode.
  const Eigen::Vector3d along = v.normalized();
  const double thrust = along.dot(state.mean.segment<3>(6));
  const double thrust_sigma = std::sqrt(along.dot(state.covariance.block<3, 3>(6, 6) * along));
  const bool boosting =
      !history.boost_ended && (boost_probability >= std::max(manoeuvre_probability, 0.5) ||
                               (boost_probability + manoeuvre_probability >= 0.5 &&
                                thrust > std::max(options_.min_thrust_m_s2, 3.0 * thrust_sigma)));
  if (history.boost_ended && manoeuvre_probability > options_.manoeuvre_probability) {
    history.manoeuvre_seen = true;
  }

  // The vehicle's L/D capability: the largest ratio its lift showed after
  // burnout (saturated early in the pull-up), from states whose lift
  // estimate is well determined.
  if (!boosting) {
    double lift_sigma = 0.0;
    const double ratio = ObservedLiftToDrag(state, options_.propagation, &lift_sigma);
    if (ratio > 0.0 && lift_sigma < options_.max_lift_sigma_m_s2) {
      history.lift_to_drag = std::max(history.lift_to_drag, ratio);
    }
  }

  if (!history.launch && PositionSigma(state) < options_.launch_position_sigma_m &&
      VelocitySigma(state) < options_.launch_velocity_sigma_m_s) {
    history.launch = PredictLaunch(state, time, boosting, options_.propagation);
    history.launch_from_boost = boosting;
  }
  assessment.launch = history.launch;
  assessment.launch_from_boost = history.launch && history.launch_from_boost;

  PropagationOptions propagation = options_.propagation;
  if (boosting) propagation.extra_acceleration = ExtraAccelerationModel::kBallistic;
  ImpactPropagation impact = PredictImpact(state, time, propagation, history.lift_to_drag);
  const bool impact_ok = impact.ok();
  if (impact_ok) {
    assessment.impact = std::move(impact.prediction);
    for (const PathPoint& point : impact.path) {
      if (point.time >= now) assessment.predicted_path.push_back(point);
    }
  }

  assessment.apogee_so_far_m = history.apogee_so_far_m;
  // The apogee predicted from the last ascending state stays the estimate
  // of the part of the flight the track no longer sees.
  const Eigen::Vector3d up = geo::EcefRotationFromEnu(geo::EcefToGeodetic(r).latitude_rad,
                                                      geo::EcefToGeodetic(r).longitude_rad)
                                 .col(2);
  if (impact_ok && v.dot(up) > 0.0) {
    history.predicted_apogee_m = impact.predicted_apogee_m;
  }
  assessment.predicted_apogee_m =
      std::max({history.apogee_so_far_m, history.predicted_apogee_m, impact.predicted_apogee_m});
  assessment.max_speed_m_s = history.max_speed_m_s;
  assessment.manoeuvre_seen = history.manoeuvre_seen;
  if (assessment.impact && assessment.launch) {
    const geo::GeodesicLine line =
        geo::GeodesicInverse(assessment.launch->point, assessment.impact->estimate.point);
    assessment.predicted_range_m = line.distance_m;
    assessment.predicted_flight_time_s =
        (assessment.impact->estimate.time - assessment.launch->time).seconds();
    assessment.range_class = ClassifyRange(line.distance_m);
    if (history.manoeuvre_seen) {
      assessment.trajectory = TrajectoryType::kIrregular;
    } else if (!boosting) {
      const double reference =
          MinimumEnergyApogee(line.distance_m, assessment.launch->point, line.initial_azimuth_rad);
      if (reference > 0.0) {
        const double ratio = assessment.predicted_apogee_m / reference;
        assessment.trajectory = ratio > options_.lofted_ratio      ? TrajectoryType::kLofted
                                : ratio < options_.depressed_ratio ? TrajectoryType::kDepressed
                                                                   : TrajectoryType::kMinimumEnergy;
      }
    }
  } else if (history.manoeuvre_seen) {
    assessment.trajectory = TrajectoryType::kIrregular;
  }
  return assessment;
}

bool BetterLaunch(const GroundEstimate& a, bool a_from_boost, const GroundEstimate& b,
                  bool b_from_boost) {
  if (a_from_boost != b_from_boost) return a_from_boost;
  return a.east_north_covariance.trace() < b.east_north_covariance.trace();
}

void Assessor::Merge(const std::string& from, const std::string& into) {
  const auto found = history_.find(from);
  if (found == history_.end()) return;
  const History a = std::move(found->second);
  history_.erase(found);
  History& b = history_[into];
  if (a.first_time && (!b.first_time || *a.first_time < *b.first_time)) b.first_time = a.first_time;
  b.apogee_so_far_m = std::max(b.apogee_so_far_m, a.apogee_so_far_m);
  b.max_speed_m_s = std::max(b.max_speed_m_s, a.max_speed_m_s);
  if (a.peak_speed_m_s - 3.0 * a.peak_speed_sigma_m_s >
      b.peak_speed_m_s - 3.0 * b.peak_speed_sigma_m_s) {
    b.peak_speed_m_s = a.peak_speed_m_s;
    b.peak_speed_sigma_m_s = a.peak_speed_sigma_m_s;
  }
  b.manoeuvre_seen |= a.manoeuvre_seen;
  b.boost_ended |= a.boost_ended;
  if (b.predicted_apogee_m == 0.0) b.predicted_apogee_m = a.predicted_apogee_m;
  b.lift_to_drag = std::max(b.lift_to_drag, a.lift_to_drag);
  if (a.launch &&
      (!b.launch || BetterLaunch(*a.launch, a.launch_from_boost, *b.launch, b.launch_from_boost))) {
    b.launch = a.launch;
    b.launch_from_boost = a.launch_from_boost;
  }
}

std::vector<LaunchEvent> GroupLaunches(const std::vector<TrackAssessment>& assessments,
                                       const GroupingOptions& options) {
  std::string error;
  TRILINK_CHECK(options.IsValid(&error)) << error;
  std::vector<size_t> order;
  for (size_t i = 0; i < assessments.size(); ++i) {
    if (assessments[i].launch) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const UtcTime ta = assessments[a].launch->time, tb = assessments[b].launch->time;
    return ta != tb ? ta < tb : assessments[a].track < assessments[b].track;
  });
  const size_t n = order.size();
  // Union-find over the tracks: first "same missile", then events.
  std::vector<size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  auto launch_distance = [&](size_t i, size_t j) {
    return geo::GeodesicInverse(assessments[order[i]].launch->point,
                                assessments[order[j]].launch->point)
        .distance_m;
  };
  auto launch_gap = [&](size_t i, size_t j) {
    return std::abs(
        (assessments[order[i]].launch->time - assessments[order[j]].launch->time).seconds());
  };
  for (size_t i = 0; i < n; ++i) {
    // Sorted by time: only the following tracks within the time window.
    for (size_t j = i + 1; j < n && launch_gap(i, j) <= options.same_missile_time_s; ++j) {
      const TrackAssessment &a = assessments[order[i]], &b = assessments[order[j]];
      if (a.first_time && b.first_time &&
          (std::min(a.time, b.time) - std::max(*a.first_time, *b.first_time)).seconds() >
              options.distinct_overlap_s)
        continue;  // they coexisted: two missiles
      if (a.impact && b.impact) {
        // Both predict an impact: the same missile comes down at the same
        // place and time, whatever the launch estimates (a partner that saw
        // only the descent places the launch tens of km and s off).
        const bool same_impact =
            geo::GeodesicInverse(a.impact->estimate.point, b.impact->estimate.point).distance_m <=
                options.same_missile_impact_m &&
            std::abs((a.impact->estimate.time - b.impact->estimate.time).seconds()) <=
                options.same_missile_impact_time_s;
        if (!same_impact) continue;
      } else if (launch_distance(i, j) > options.same_missile_distance_m) {
        continue;
      }
      parent[find(j)] = find(i);
    }
  }
  std::vector<size_t> missile(n);
  for (size_t i = 0; i < n; ++i) missile[i] = find(i);
  // Events: single linkage over launch time gaps and launch distance.
  std::vector<size_t> event_parent(n);
  std::iota(event_parent.begin(), event_parent.end(), 0);
  auto find_event = [&](size_t i) {
    while (event_parent[i] != i) i = event_parent[i] = event_parent[event_parent[i]];
    return i;
  };
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n && launch_gap(i, j) <= options.event_gap_s; ++j) {
      if (launch_distance(i, j) <= options.event_distance_m) {
        event_parent[find_event(j)] = find_event(i);
      }
    }
  }
  std::vector<LaunchEvent> events;
  std::vector<long> event_of(n, -1);
  for (size_t i = 0; i < n; ++i) {
    const size_t root = find_event(i);
    if (event_of[root] < 0) {
      event_of[root] = static_cast<long>(events.size());
      events.emplace_back();
      // Appended rather than "E" + to_string: GCC 12 warns falsely (-Wrestrict)
      // on that operator+ at -O3.
      std::string id(1, 'E');
      id.append(std::to_string(events.size()));
      events.back().id = std::move(id);
      events.back().first_launch = assessments[order[i]].launch->time;
    }
    LaunchEvent& event = events[static_cast<size_t>(event_of[root])];
    event.tracks.push_back(assessments[order[i]].track);
    event.last_launch = std::max(event.last_launch, assessments[order[i]].launch->time);
  }
  // Missile counts and mean launch areas (mean over missiles of the
  // members' ECEF points, put on the ellipsoid).
  for (size_t e = 0; e < events.size(); ++e) {
    std::vector<size_t> missiles;
    Eigen::Vector3d sum = Eigen::Vector3d::Zero();
    int members = 0;
    for (size_t i = 0; i < n; ++i) {
      if (static_cast<size_t>(event_of[find_event(i)]) != e) continue;
      const auto known = std::find(missiles.begin(), missiles.end(), missile[i]);
      if (known == missiles.end()) {
        missiles.push_back(missile[i]);
        events[e].missiles.push_back({assessments[order[i]].track});
      } else {
        events[e].missiles[static_cast<size_t>(known - missiles.begin())].push_back(
            assessments[order[i]].track);
      }
      sum += geo::GeodeticToEcef(assessments[order[i]].launch->point);
      ++members;
    }
    events[e].missile_count = static_cast<int>(missiles.size());
    events[e].launch_area = geo::EcefToGeodetic(sum / members);
    events[e].launch_area.height_m = 0.0;
  }
  return events;
}

void EventIds::Renumber(std::vector<LaunchEvent>& events) {
  // Each earlier id goes to the event holding most of its tracks (ties: the
  // earlier launch), the largest shares first; events left are new.
  struct Share {
    int tracks;
    size_t event;
    std::string id;
  };
  std::vector<Share> shares;
  for (size_t e = 0; e < events.size(); ++e) {
    std::map<std::string, int> count;
    for (const std::string& track : events[e].tracks) {
      const auto it = event_of_track_.find(track);
      if (it != event_of_track_.end()) ++count[it->second];
    }
    for (auto& [id, tracks] : count) shares.push_back({tracks, e, id});
  }
  std::stable_sort(shares.begin(), shares.end(),
                   [](const Share& a, const Share& b) { return a.tracks > b.tracks; });
  std::vector<bool> named(events.size(), false);
  std::set<std::string> taken;
  for (const Share& share : shares) {
    if (named[share.event] || taken.contains(share.id)) continue;
    events[share.event].id = share.id;
    named[share.event] = true;
    taken.insert(share.id);
  }
  for (size_t e = 0; e < events.size(); ++e) {
    if (named[e]) continue;
    std::string id = std::to_string(++numbered_);
    id.insert(0, 1, 'E');  // not "E" + …: GCC 12's false -Wrestrict
    events[e].id = std::move(id);
  }
  for (const LaunchEvent& event : events)
    for (const std::string& track : event.tracks) event_of_track_[track] = event.id;
}

}  // namespace trilink::assess
