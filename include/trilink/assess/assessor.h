// The assessor: what trilink concludes about each track at each update
// (assessment.h), and the grouping of tracks into launch events.
//
// Per track it keeps a small history (apogee and speed so far, whether a
// manoeuvre was seen, the launch estimate) and at every call:
//   - predicts the impact (impact.h, PredictImpact) from the track's state;
//     the state's extra acceleration is read as lift unless the track is
//     boosting (boost the most probable mode: then ballistic from now on),
//     with the largest L/D the track showed so far as the glide's floor;
//   - estimates the launch point once, from the first reliable state (its
//     position σ and velocity σ below the options' bounds), by backward
//     propagation (impact.h, PredictLaunch; boosting if the boost mode is
//     the most probable), and keeps it;
//   - apogee so far (highest height of the track's states), predicted
//     apogee (the larger of that and the propagation's), range (WGS-84
//     geodesic launch → impact), flight time (launch → impact), max speed;
//   - range class (ClassifyRange) and trajectory type: irregular once the
//     manoeuvre mode was the most probable with probability above
//     `manoeuvre_probability` after the boost ended (boost mode unlikely
//     and the speed fallen from its peak); otherwise the predicted
//     apogee against the minimum-energy apogee for the predicted range
//     (flight::Reconstruct with Profile::kMinimumEnergy, same physics,
//     cached per range bucket): lofted above `lofted_ratio`, depressed
//     below `depressed_ratio`, near minimum-energy between.
//
// Grouping (GroupLaunches): first "same missile" — tracks (system tracks
// the fusion could not join, e.g. after a gap longer than it bridges)
// whose launch points lie within
// same_missile_distance_m, launch times within same_missile_time_s and,
// when both have one, impact points within same_missile_impact_m are one
// missile, unless both were assessed over a common span longer than
// distinct_overlap_s (then they are two); then missiles whose launch points lie within
// event_distance_m and whose launch times follow each other within event_gap_s (single linkage)
// form one event. Events are numbered E1, E2, … by first launch time; a caller that
// regroups as tracks come (node::WarningCentre) keeps each event's id itself.
//
// Usage:
//   Assessor assessor({});
//   TrackAssessment a = assessor.Assess("JP/3", track, tracker.bank(), now);
//   std::vector<LaunchEvent> events = GroupLaunches(assessments, {});
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "trilink/assess/assessment.h"
#include "trilink/assess/impact.h"
#include "trilink/tracking/ballistic.h"
#include "trilink/tracking/track.h"

namespace trilink::assess {

struct AssessorOptions {
  PropagationOptions propagation;
  // A launch estimate needs a state with position σ (√trace of the position
  // covariance) and velocity σ (√trace) below these (m, m/s).
  double launch_position_sigma_m = 1500.0;
  double launch_velocity_sigma_m_s = 200.0;
  // A state's lift counts towards the vehicle's L/D when the σ of its lift
  // component is below this (m/s²).
  double max_lift_sigma_m_s2 = 3.0;
  // The manoeuvre mode counts as seen above this probability after burnout:
  // once the boost mode's probability fell below 0.2 and the speed below
  // (1 − burnout_speed_drop) times its peak so far, by more than 3 σ of the
  // difference (the peak: the state whose speed less 3 σ is the largest).
  double manoeuvre_probability = 0.8;
  double burnout_speed_drop = 0.02;
  // A track is boosting when its boost mode is the most probable, or,
  // before burnout was seen, when its acceleration along v exceeds this
  // (m/s², > 0) and 3 σ, whichever mode carries it.
  double min_thrust_m_s2 = 2.0;
  // Trajectory type: predicted apogee / minimum-energy apogee.
  double lofted_ratio = 1.3;
  double depressed_ratio = 0.7;
  double range_bucket_m = 50e3;  // minimum-energy apogee cache resolution (m)

  bool IsValid(std::string* error) const;
};

class Assessor {
 public:
  // options must be valid (checked).
  explicit Assessor(const AssessorOptions& options = {});

  // Assesses `track` (its estimate at track.time) under the key `track_key`
  // ("<partner>/<track number>"), updating the key's history. `bank` is the
  // filter bank that made the track (for the mode probabilities); `now`
  // (≥ track.time) trims the predicted path to the points from `now` on.
  TrackAssessment Assess(const std::string& track_key,
                         const tracking::Track<tracking::kBallisticStateSize>& track,
                         const tracking::BallisticFilterBank& bank, UtcTime now);
  // The same from a bare Gaussian (e.g. `trilink assess`): mode
  // probabilities given by the caller (boost, manoeuvre in [0, 1]).
  TrackAssessment Assess(const std::string& track_key,
                         const Gaussian<tracking::kBallisticStateSize>& state, UtcTime time,
                         double boost_probability, double manoeuvre_probability, UtcTime now);

  // Drops a track's history (a deleted track).
  void Forget(const std::string& track_key) { history_.erase(track_key); }
  // Two tracks found to be one missile (fusion::SystemTrack::merged_into):
  // `from`'s history joins `into`'s and is dropped. The union of what each
  // saw: the earlier first state, the higher apogee and speeds, the
  // surer peak, a burnout or manoeuvre either saw, the larger L/D, and the
  // better launch estimate (made in the boost, then the more certain).
  void Merge(const std::string& from, const std::string& into);

  // The minimum-energy apogee (m) for a range (m) launched from `site`
  // towards `azimuth_rad`, with the propagation's physics; cached per range
  // bucket (the first site and azimuth of a bucket stand for all). 0 if the
  // reconstruction fails.
  double MinimumEnergyApogee(double range_m, const geo::Geodetic& site, double azimuth_rad);

  const AssessorOptions& options() const { return options_; }

 private:
  struct History {
    std::optional<UtcTime> first_time;  // of the first state assessed
    double apogee_so_far_m = 0.0;
    double max_speed_m_s = 0.0;
    // The speed and its σ of the state whose speed less 3 σ is the largest so far.
    double peak_speed_m_s = 0.0;
    double peak_speed_sigma_m_s = 0.0;
    bool manoeuvre_seen = false;
    bool boost_ended = false;
    double predicted_apogee_m = 0.0;  // from the last ascending state
    double lift_to_drag = 0.0;        // largest L/D seen (impact.h, lift_to_drag_floor)
    std::optional<GroundEstimate> launch;
    bool launch_from_boost = false;
  };
  AssessorOptions options_;
  std::unordered_map<std::string, History> history_;
  std::map<long, double> minimum_energy_apogee_;  // by range bucket
};

// Of two launch estimates of one missile, whether `a` is the better: one
// made in the boost (a sensor saw it) over one made after burnout, then the
// more certain (smaller east/north covariance trace).
bool BetterLaunch(const GroundEstimate& a, bool a_from_boost, const GroundEstimate& b,
                  bool b_from_boost);

struct GroupingOptions {
  // One missile seen in several tracks (partners, fragments): launches
  // within same_missile_time_s and, when both predict an impact, impacts
  // within same_missile_impact_m and same_missile_impact_time_s; otherwise
  // launch points within same_missile_distance_m. All finite and >= 0 (m, s).
  double same_missile_distance_m = 15e3;
  double same_missile_time_s = 60.0;
  double same_missile_impact_m = 50e3;
  double same_missile_impact_time_s = 60.0;
  // Two tracks assessed over a common span longer than this (s) are two
  // missiles, however alike: the fusion gives one system track per missile,
  // so tracks that coexisted are not fragments of one (a close salvo fired
  // seconds apart on one path is). Fragments follow each other.
  double distinct_overlap_s = 20.0;
  // One event (salvo), finite and >= 0 (m, s).
  double event_distance_m = 60e3;
  double event_gap_s = 240.0;

  bool IsValid(std::string* error) const;
};

// Groups the assessments that have a launch estimate into launch events.
// `options` must be valid (checked).
std::vector<LaunchEvent> GroupLaunches(const std::vector<TrackAssessment>& assessments,
                                       const GroupingOptions& options = {});

// Event ids that last while the events are regrouped as tracks come and go:
// Renumber gives each earlier id to the regrouped event that holds most of
// its tracks (the largest shares first; ties: the earlier launch), and an
// event with none a new one (E1, E2, … in order of first appearance). An
// event thus keeps its id when an earlier launch is found later, or events
// merge or split.
//
// Usage:
//   EventIds ids;
//   std::vector<LaunchEvent> events = GroupLaunches(assessments, options);
//   ids.Renumber(events);
class EventIds {
 public:
  void Renumber(std::vector<LaunchEvent>& events);

 private:
  std::map<std::string, std::string> event_of_track_;  // track key → event id
  int numbered_ = 0;                                   // ids given so far
};

}  // namespace trilink::assess
