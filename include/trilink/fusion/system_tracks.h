// System tracks: one node's fused picture of every missile, built from the
// local tracks of all partners (its own and those received on the bus).
//
// Each local track (partner + track number) contributes to one system
// track. A system track has its own number (S1, S2, … in order of birth,
// never reused), the list of every local track that ever contributed, and
// its fused state.
//
// Track-to-track association. A local track's first message is compared
// with every open system track: the system track's state predicted to the
// local track's time of validity (the motion of its most probable phase for
// gaps up to fuse_within_s, ballistic beyond, since a motor's thrust cannot
// be extrapolated for minutes), against the local track's position, by the
// squared Mahalanobis distance with both position covariances (the system
// track's carried over the gap by the transition, Φ P Φᵀ) plus the
// unmodelled motion over the gap (σ = model_position_sigma_m +
// ½ acceleration_sigma_m_s2 Δt² per axis). The nearest system track within
// gate_squared is joined; none: a new system track is born. A system track
// that holds a current track of the same partner is a candidate too: a
// partner's tracker keeps two targets apart, but it also holds duplicates
// of one (two of its radars' tracks started before they met). A fragment — the same partner's track
// lost and started again, or a partner that sees the missile again after a gap of up to max_gap_s —
// is joined to its system track this way instead of being born as a new missile: the system track
// keeps its number while its missile flies.
//
// A wrong join is undone: at every update of a contributor that shares its
// system track with other current contributors, its state is compared with
// theirs (each predicted to its time, same distance, split_gate_squared,
// and farther than split_distance_m); a contributor that far from all the
// others for split_after consecutive updates leaves it and is associated
// again as new, unless it is the one to trust most among the current
// contributors: a precise one before a vague one (position σ beyond
// split_distance_m), then the one that joined first.
//
// A vague contributor beside a precise one (an infrared track, tens of km
// long along its line of sight, with a radar track) is consistent with
// every missile within its uncertainty, and an angles-only tracker may swap
// between the missiles of a close salvo: it moves to another open system
// track that is nearer to it than its own for split_after consecutive
// updates. A system track's identity is thus its precise contributors'.
//
// Two system tracks of one missile are merged. A partner's tracker may
// start two tracks of one missile (two of its radars, each before the
// other's track was confirmed), and each may open a system track before
// the other exists to be joined. After each fusion the system track is
// compared with the other open ones fused within fuse_within_s: both
// ballistic (a boosting or manoeuvring missile's path is not known well
// enough to tell two missiles of a close salvo, seconds apart on one path,
// from one) and precise, their positions within gate_squared and
// split_distance_m and their velocities within gate_squared (the same
// distance on the velocity, each state's covariance plus the unmodelled
// acceleration over the gap). The same other one at merge_after
// consecutive fusions: the younger system track ends, merged_into the
// older, and its contributors join the older. Two ballistic missiles that
// close in position and velocity for that long are one: a salvo's
// missiles seconds apart on one path lie ≥ 10 km apart after burnout. The
// split rule needs more (split_gate_squared and beyond split_distance_m),
// so a merge and a split do not undo each other.
//
// Fusion. At each update the system track's state is the covariance
// intersection (covariance_intersection.h, FuseSequential, trace-optimal
// weights) of its current contributors — those not ended and updated within
// fuse_within_s of the newest — each predicted to the newest time of
// validity with the motion of its phase (Φ P Φᵀ + Q), leaving out those
// inconsistent with the most precise (consistency_gate_squared). Covariance
// intersection is consistent whatever the correlation between the partners'
// estimates (common process noise, common history); see docs/fusion.md for
// the choice. The phase probabilities are the contributors' weighted by the
// inverse of their position variance.
//
// A system track ends when none of its contributors has updated for
// max_gap_s: after that no fragment can join it either. A ballistic one
// (its most probable phase at its last update) stays open until its
// predicted fall instead, if that is later: a missile on a lofted or long
// flight leaves every radar's coverage for most of its flight and is seen
// again on re-entry, and that fragment is the same missile. Over such a gap
// the association carries the system track by the ballistic motion with its
// own process noise (Φ P Φᵀ + Q; its white acceleration noise gives about
// 30 km σ after an hour) instead of the short-gap unmodelled acceleration,
// which would open the gate to anything after minutes. Ended system tracks
// are kept (tracks() is the run's record); their local tracks are forgotten
// once older than checks.max_age_s, so a node's memory and work follow the
// missiles in flight, not all it has seen.
//
// Messages that fail CheckLocalTrack are refused and counted, never fused;
// repeated or older updates of a local track (its sequence not above the
// last one taken) are ignored and counted. A local track of a new
// incarnation of its partner's node (restarted: numbers and sequences start
// again) replaces the old one of its number, which leaves its system
// track's list.
//
// Usage:
//   FusionCentre fusion({});
//   FusionCentre::Outcome outcome = fusion.Take(track, now);
//   if (outcome.system) assess(*outcome.system);
//   fusion.Expire(now);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "trilink/core/gaussian.h"
#include "trilink/core/time.h"
#include "trilink/fusion/covariance_intersection.h"
#include "trilink/fusion/local_track.h"
#include "trilink/tracking/ballistic.h"

namespace trilink::fusion {

struct FusionOptions {
  TrackCheckOptions checks;
  CiOptions ci;
  // Association gate on the squared position distance, > 0. Chosen by
  // measurement (docs/fusion.md): over 40 seeded runs (120 missiles) the
  // gates 11.3, 21.1 (χ²(3) at 0.99, 0.9999), 30, 40, 60 and 100 left 29,
  // 5, 1, 0, 0 and 0 missiles in two system tracks and joined no two
  // missiles; 60 is the smallest clean gate with a 1.5× margin — partners'
  // tracks of a gliding missile disagree by more than their covariances
  // say.
  double gate_squared = 60.0;
  // A contributor leaves its system track when its position is beyond this
  // squared distance from every other current contributor's, >=
  // gate_squared: wider than the join gate, because partners' tracks of a
  // manoeuvring missile lag it differently and disagree by more than their
  // covariances say; two missiles soon differ by far more.
  double split_gate_squared = 100.0;
  // … and farther than this (m, >= 0): one missile's tracks under a
  // manoeuvre disagree by up to a few km (filter lag), while two missiles
  // that were wrongly joined soon lie tens to hundreds of km apart.
  double split_distance_m = 10e3;
  // Unmodelled motion over an association gap (see the header), finite, >= 0
  // (the σ > 0).
  double model_position_sigma_m = 200.0;
  double acceleration_sigma_m_s2 = 3.0;
  // Longest silence after which a system track can still be joined (s), > 0.
  double max_gap_s = 180.0;
  // Contributors updated within this of the newest are fused (s), > 0.
  double fuse_within_s = 10.0;
  // Consecutive updates outside the others' gate before a contributor
  // leaves its system track, and nearer to the same other system track
  // before a vague one moves there (see the header), >= 1.
  int split_after = 3;
  // A current contributor whose position lies beyond this squared distance
  // (both position covariances) from the most precise one's is left out of
  // the fused state; it stays a contributor. > 0; infinity fuses all.
  // Covariance intersection is consistent whatever the correlation of
  // consistent inputs, but a track that disagrees with the most precise
  // one beyond what both covariances allow is not (a tracker lagging a
  // manoeuvre), and it pulls the fused state off. χ²(3) at 0.99, chosen
  // by measurement over seeds 1–20 of the four scenarios (docs/fusion.md).
  double consistency_gate_squared = 11.34;
  // Consecutive fusions of a system track near the same other one before
  // the younger is merged into the older (see the header), >= 1.
  int merge_after = 3;

  bool IsValid(std::string* error) const;
};

struct SystemTrack {
  uint64_t number = 0;  // from 1, never reused
  UtcTime born;
  UtcTime time;  // time of validity of `state`
  Gaussian<tracking::kBallisticStateSize> state;
  double boost_probability = 0.0;
  double manoeuvre_probability = 0.0;
  // Every local track ("JP/3") that contributed, in the order they joined
  // (a contributor that left after a wrong join is removed).
  std::vector<std::string> contributors;
  // The contributors fused into the current `state`.
  std::vector<std::string> fused;
  bool ended = false;
  // While silent for more than max_gap_s: the time its ballistic prediction
  // reaches the ground (at most three hours on), or `time` when it is not
  // ballistic (see the header). Set by the fusion centre.
  std::optional<UtcTime> fall;
  // Ended by a merge into this system track (see the header); 0: not merged.
  uint64_t merged_into = 0;
  // The other system track it was last near (a merge candidate; 0: none),
  // at that many consecutive fusions.
  uint64_t near = 0;
  int near_fusions = 0;

  std::string Id() const {
    std::string id = std::to_string(number);
    id.insert(0, 1, 'S');  // not "S" + …: GCC 12's false -Wrestrict
    return id;
  }
};

struct FusionCounts {
  int64_t taken = 0;     // updates fused
  int64_t refused = 0;   // failed CheckLocalTrack
  int64_t repeated = 0;  // sequence not above the last taken
  int64_t births = 0;    // system tracks born
  int64_t joins = 0;     // local tracks joined to an existing system track
  int64_t splits = 0;    // contributors that left a system track
  int64_t moves = 0;     // vague contributors moved to a nearer system track
  int64_t merges = 0;    // system tracks merged into an older one
};

class FusionCentre {
 public:
  // `options` must be valid (checked).
  explicit FusionCentre(const FusionOptions& options = {});

  struct Outcome {
    // The system track the update went into; null when the message was
    // refused, repeated, or ended its local track.
    const SystemTrack* system = nullptr;
    std::optional<std::string> refused;  // why, when refused
    // A system track this update merged into `system` (now ended), if any.
    const SystemTrack* merged = nullptr;
  };
  // Takes one local track message received at the receiver's time `now`.
  // The pointer is valid until the next call.
  Outcome Take(const LocalTrack& track, UtcTime now);
  // Ends the system tracks silent for max_gap_s at `now` (and forgets old
  // local tracks, see the header).
  void Expire(UtcTime now);

  const std::vector<SystemTrack>& tracks() const { return tracks_; }  // by number − 1
  const FusionCounts& counts() const { return counts_; }
  // Local tracks remembered (see the header: old ones are forgotten).
  size_t local_tracks() const { return contributors_.size(); }
  const FusionOptions& options() const { return options_; }

 private:
  struct Contributor {
    LocalTrack latest;
    uint64_t system = 0;     // number; 0 when not (yet) in one
    uint64_t joined = 0;     // order of joining its system track (smaller: older)
    int outside = 0;         // consecutive updates outside the others' gate
    uint64_t nearer = 0;     // a vague one: the system track it was last nearer to (0: its own)
    int nearer_updates = 0;  // … at that many consecutive updates
  };
  // The state of `track` at `time` (motion of its phase, Φ P Φᵀ + Q).
  Gaussian<tracking::kBallisticStateSize> Predict(const LocalTrack& track, UtcTime time) const;
  // Squared association distance of `track` to `state` made at `state_time`.
  double Distance2(const Gaussian<tracking::kBallisticStateSize>& state, UtcTime state_time,
                   double boost_probability, double manoeuvre_probability,
                   const LocalTrack& track) const;
  bool Current(const Contributor& contributor, UtcTime time) const;
  // Whether `track`'s position σ (largest) exceeds split_distance_m: it
  // cannot tell apart missiles that far apart.
  bool Vague(const LocalTrack& track) const;
  void Associate(Contributor& contributor);
  // `contributor` into `system` (its list, if not there yet), as the newest.
  void Join(Contributor& contributor, SystemTrack& system);
  void CheckSplit(Contributor& contributor);
  // Until when `system` can be joined, seen at `now` (see the header); sets
  // system.fall once it is silent for more than max_gap_s.
  UtcTime OpenUntil(SystemTrack& system, UtcTime now) const;
  void Fuse(SystemTrack& system);
  // Merges `system` with the open system track it has been near for
  // merge_after fusions, if any (see the header); returns the survivor.
  SystemTrack& CheckMerge(SystemTrack& system, const SystemTrack** merged);
  // The merge's neighbour search: open system tracks filed by the cell of
  // their straight-line position at grid_time_ (rebuilt when a fusion is
  // farther than a few seconds from it), so that a fusion looks at the
  // tracks in the 27 cells around its own, not at all of them.
  uint64_t CellOf(const SystemTrack& system) const;
  void File(const SystemTrack& system);
  void Unfile(uint64_t number);

  FusionOptions options_;
  tracking::BallisticMotion motions_[tracking::kNumBallisticModes];
  std::unordered_map<std::string, Contributor> contributors_;  // by LocalTrack::Key()
  std::vector<SystemTrack> tracks_;
  std::vector<uint64_t> open_;  // numbers of the system tracks not ended
  std::unordered_map<uint64_t, std::vector<uint64_t>> grid_;  // cell → numbers
  std::vector<std::optional<uint64_t>> cell_of_;              // by number − 1
  std::optional<UtcTime> grid_time_;
  std::vector<uint64_t> merge_scratch_;
  std::optional<UtcTime> last_forget_;
  FusionCounts counts_;
  uint64_t joins_ = 0;
  std::vector<Gaussian<tracking::kBallisticStateSize>> scratch_;
};

}  // namespace trilink::fusion
