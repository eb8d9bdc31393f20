// The national tracker: one partner's sensors feeding one ballistic tracker
// (DESIGN.md, "node": detections ─► tracking ─► local tracks).
//
// The parts (tracker.h wires them):
//   filter     BallisticFilterBank (default IMM-EKF over boost, ballistic and
//              manoeuvre) on the 10-state r, v, a, 1/β in ECEF (ballistic.h);
//   assigner   global nearest neighbour, confirmed tracks first;
//   initiators radar (located) measurements: TwoPointInitiator, the prior
//              from the differenced fixes with a wide velocity σ, targets up
//              to max_speed_m_s; a pair must agree with both detections'
//              range rates and pass the initiation gate, so that clutter
//              pairs seldom start tracks; infrared (angles-only) measurements:
//              InfraredCueInitiator (infrared_cue.h), a launch cue on the
//              raised ellipsoid;
//   deleter    BallisticDeleter: consecutive misses, time without an update,
//              predicted position σ, and a track below the ground (height
//              < −ground_sigma · σ_h, the height σ along the local vertical).
// Confirmation is M of N over detection opportunities, counting the
// detections that started the track (two for a radar, one for the infrared
// cue).
//
// Scans arrive in report-time order, so scans of sensors with different
// latencies arrive out of sequence; the tracker runs on measurement times
// and folds a late measurement into a track by reprocessing the track's
// updates of the last out_of_sequence_window_s seconds (tracker.h), which
// must cover the largest latency difference among the partner's sensors.
//
// It takes its own scan type (sensor_scan.h), which carries no truth.
//
// Usage:
//   NationalTracker tracker({.filter = {.kind = BallisticFilterKind::kImmEkf}});
//   for (const SensorScan& scan : scans) tracker.Process(scan);
//   for (const Track<10>& track : tracker.tracks()) ...
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trilink/tracking/association.h"
#include "trilink/tracking/ballistic.h"
#include "trilink/tracking/infrared_cue.h"
#include "trilink/tracking/initiator.h"
#include "trilink/tracking/sensor_scan.h"
#include "trilink/tracking/tracker.h"

namespace trilink::tracking {

struct BallisticDeleterOptions {
  MissDeleterOptions misses = {.tentative_max_misses = 2,
                               .confirmed_max_misses = 5,
                               .max_coast_s = 40.0,
                               .max_position_sigma_m = 100e3,
                               .position_dimensions = 3};
  // A track whose height is below −ground_sigma times its height σ has hit
  // the ground, > 0.
  double ground_sigma = 3.0;

  bool IsValid(std::string* error) const;
};

class BallisticDeleter final : public Deleter<kBallisticStateSize> {
 public:
  // options must be valid (checked).
  explicit BallisticDeleter(const BallisticDeleterOptions& options);
  bool Delete(const Track<kBallisticStateSize>& track,
              const FilterState<kBallisticStateSize>& predicted, UtcTime now) const override;
  // Whether `estimate` is below the ground beyond ground_sigma σ.
  bool BelowGround(const Gaussian<kBallisticStateSize>& estimate) const;

 private:
  BallisticDeleterOptions options_;
  MissDeleter<kBallisticStateSize> misses_;
};

// Offers a scan's unused measurements to each initiator in turn; each takes
// the measurements it handles (located ones, angles-only ones).
template <int N>
class InitiatorChain final : public Initiator<N> {
 public:
  // The initiators are referenced, not owned.
  explicit InitiatorChain(std::vector<Initiator<N>*> initiators)
      : initiators_(std::move(initiators)) {}
  void Initiate(const Scan<N>& scan, std::span<const int> unused,
                std::vector<Birth<N>>* births) override {
    for (Initiator<N>* initiator : initiators_) initiator->Initiate(scan, unused, births);
  }

 private:
  std::vector<Initiator<N>*> initiators_;
};

struct NationalTrackerOptions {
  BallisticFilterBankOptions filter;  // default IMM-EKF
  // Gate (σ of the squared Mahalanobis distance), > 0. 5σ keeps all but
  // 2·10⁻⁴ of a 4-component radar measurement's mass; on the seed scenario
  // 4σ lost the quasi-ballistic missiles in their pull-up (two KR and eleven
  // JP track fragments against none and three with 5σ, no false track with
  // either).
  double gate_sigma = 5.0;
  // M of N: confirmed once confirm_hits of the last confirm_window detection
  // opportunities were hits, counting the initiating detections.
  int confirm_hits = 3;
  int confirm_window = 4;
  // Updates kept per track for late reports (s), >= 0; covers the largest
  // latency difference between a partner's sensors.
  double out_of_sequence_window_s = 10.0;
  // Radar two-point initiation: fastest target (m/s), seed lifetime (s) and
  // the velocity σ about the differenced velocity (m/s), all > 0.
  double max_speed_m_s = 8000.0;
  double max_seed_age_s = 12.0;
  double initiation_velocity_sigma_m_s = 2000.0;
  // Gate (σ) a radar pair must pass to start a track (TwoPointOptions::
  // gate_sigma, with its range-rate pre-test), >= 0; 0: no gate. Measured on
  // the seed scenario with 50 false alarms per scan on every radar (docs/
  // robustness.md): no gate 44 268 JP tracks, 15 false, 32 s; 5σ rejects
  // boost-phase pairs (the launch point from KR's radar track 63 km off, not
  // within 40 km); 8σ keeps them and gives 2 854 tracks, 13 false, 9.5 s.
  double initiation_gate_sigma = 8.0;
  // Acceleration and 1/β priors of a radar-started track (its
  // velocity_sigma_m_s is not used).
  BallisticPrior prior;
  // A radar-started track climbing below this height (m, >= 0; 0: none)
  // starts with this prior probability of the boost mode in an IMM
  // ([0, 1); the other modes share the rest in the bank's initial
  // proportions) instead of the bank's: it was launched seconds ago and is
  // almost surely under thrust (ballistic missiles burn out above about
  // 20 km). On the lofted ICBM of scenarios/ the bank's proportions let
  // KR's first track give 97 % to the ballistic mode 20 s into the boost,
  // lag the missile by 450 m/s (3 σ) and lose it (docs/fusion.md).
  double climbing_boost_height_m = 20e3;
  double climbing_boost_probability = 0.8;
  // The infrared launch cue; infrared measurements start no track without it.
  bool infrared_cue = true;
  InfraredCueOptions infrared;
  BallisticDeleterOptions deleter;

  bool IsValid(std::string* error) const;
};

class NationalTracker {
 public:
  // options must be valid (checked).
  explicit NationalTracker(const NationalTrackerOptions& options = {});
  NationalTracker(const NationalTracker&) = delete;
  NationalTracker& operator=(const NationalTracker&) = delete;

  // Processes one sensor's scan at its measurement time; the measurement
  // model is the scan's, on the 10-component state.
  const ScanSummary& Process(const SensorScan& scan);
  // Processes a scan already on the 10-component state.
  const ScanSummary& Process(const Scan<kBallisticStateSize>& scan) {
    return tracker_->Process(scan);
  }

  const NationalTrackerOptions& options() const { return options_; }
  const BallisticFilterBank& bank() const { return *bank_; }
  const Tracker<kBallisticStateSize>& tracker() const { return *tracker_; }
  const std::vector<Track<kBallisticStateSize>>& tracks() const { return tracker_->tracks(); }

  // The prior of a radar-started track (a PriorFunction): r from the fix
  // with isotropic σ, v with the given mean and isotropic σ, a and 1/β from
  // `prior`.
  static Gaussian<kBallisticStateSize> RadarPrior(const BallisticPrior& prior,
                                                  const Eigen::Vector3d& ecef_position,
                                                  double position_sigma_m,
                                                  const Eigen::Vector3d& ecef_velocity,
                                                  double velocity_sigma_m_s);

 private:
  // The 10-state model of a scan, built once per distinct 6-state model
  // (scans of a sensor whose pose does not change share it).
  std::shared_ptr<const MeasurementModel<kBallisticStateSize>> ModelOf(const SensorScan& scan);

  NationalTrackerOptions options_;
  std::unique_ptr<BallisticFilterBank> bank_;
  std::unique_ptr<GlobalNearestNeighbour> assigner_;
  std::unique_ptr<TwoPointInitiator<kBallisticStateSize>> radar_initiator_;
  std::unique_ptr<Initiator<kBallisticStateSize>> climbing_prior_;
  std::unique_ptr<InfraredCueInitiator> infrared_initiator_;
  std::unique_ptr<InitiatorChain<kBallisticStateSize>> initiator_;
  std::unique_ptr<BallisticDeleter> deleter_;
  std::unique_ptr<Tracker<kBallisticStateSize>> tracker_;
  struct CachedModel {
    int sensor_index = -1;
    // Held so that its address cannot be reused by a different model.
    std::shared_ptr<const sensors::MeasurementModel<6>> source;
    std::shared_ptr<const MeasurementModel<kBallisticStateSize>> model;
  };
  std::vector<CachedModel> models_;  // one per sensor index seen
  Scan<kBallisticStateSize> scan_;   // reused
};

}  // namespace trilink::tracking
