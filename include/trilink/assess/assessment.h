// What trilink concludes about a missile from its track: where and when it
// comes down (with uncertainty ellipses), where and when it was launched,
// how high and far it flies, its class and trajectory type; and the launch
// event that groups the missiles of one salvo.
//
// These are the types that flow from `assess` to `warn` and `report`
// (DESIGN.md data flow). Angles and distances are SI inside; degrees and km
// only at the edges.
//
// Usage:
//   const TrackAssessment& a = ...;
//   if (a.impact) use(a.impact->point, a.impact->ellipse95.semi_major_m);
#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trilink/core/gaussian.h"
#include "trilink/core/time.h"
#include "trilink/geo/wgs84.h"

namespace trilink::assess {

// An uncertainty ellipse on the ground, in the local east/north plane at its
// centre.
struct GroundEllipse {
  geo::Geodetic centre;
  double semi_major_m = 0.0;
  double semi_minor_m = 0.0;
  double major_azimuth_rad = 0.0;  // of the major axis, clockwise from north, [0, π)
  double probability = 0.0;        // mass inside: 0.5, 0.95, ...
};

// A point on the ground with its east/north covariance (m²) at that point.
struct GroundEstimate {
  geo::Geodetic point;
  Eigen::Matrix2d east_north_covariance = Eigen::Matrix2d::Zero();
  UtcTime time;
  double time_sigma_s = 0.0;
};

struct ImpactPrediction {
  GroundEstimate estimate;  // predicted impact point and time
  GroundEllipse ellipse50;
  GroundEllipse ellipse95;
  // The propagated sigma points' (or samples') impact points and times, for
  // area probabilities and plots.
  std::vector<geo::Geodetic> sample_points;
  std::vector<double> sample_weights;  // sum 1
};

// One point of the predicted (or flown) path, for overflight tests.
struct PathPoint {
  UtcTime time;
  geo::Geodetic position;
};

enum class RangeClass {
  kShort,            // < 1 000 km
  kMedium,           // 1 000 – 3 000 km
  kIntermediate,     // 3 000 – 5 500 km
  kIntercontinental  // > 5 500 km
};
std::string_view RangeClassName(RangeClass range_class);
RangeClass ClassifyRange(double range_m);

enum class TrajectoryType {
  kUnknown,        // not enough of the flight seen yet
  kLofted,         // apogee well above the minimum-energy one for the range
  kMinimumEnergy,  // near the minimum-energy apogee
  kDepressed,      // well below it
  kIrregular       // a manoeuvre seen by the tracker's manoeuvre model
};
std::string_view TrajectoryTypeName(TrajectoryType type);

// The assessment of one track at one time (re-done at every update).
struct TrackAssessment {
  std::string track;  // "<partner>/<track number>", or a system track's id
  UtcTime time;       // of the track state it was made from
  // Of the first state of the track that was assessed (Assessor sets it).
  std::optional<UtcTime> first_time;
  std::optional<ImpactPrediction> impact;
  std::optional<GroundEstimate> launch;
  // The launch estimate came from a state in the boost (its thrust
  // modelled backwards): better than one from after burnout, which misses
  // the boost and lands uprange and late whatever its covariance says.
  bool launch_from_boost = false;
  double apogee_so_far_m = 0.0;     // highest point of the track so far
  double predicted_apogee_m = 0.0;  // of the whole flight
  double predicted_range_m = 0.0;   // launch point to impact point, surface distance
  double predicted_flight_time_s = 0.0;
  double max_speed_m_s = 0.0;  // so far
  RangeClass range_class = RangeClass::kShort;
  TrajectoryType trajectory = TrajectoryType::kUnknown;
  bool manoeuvre_seen = false;
  std::vector<PathPoint> predicted_path;  // from `time` to impact
  // The track's ECEF position and velocity at `time` and their covariance
  // (m, m/s).
  Gaussian<6> kinematics;
};

// The missiles of one salvo: tracks whose launch points and times are close.
struct LaunchEvent {
  std::string id;                   // stable, e.g. "E1"
  std::vector<std::string> tracks;  // TrackAssessment::track of every member
  // The members grouped by missile (tracks judged to be the same missile:
  // several partners', or fragments), in launch order; size missile_count.
  std::vector<std::vector<std::string>> missiles;
  int missile_count = 0;
  UtcTime first_launch;
  UtcTime last_launch;
  geo::Geodetic launch_area;  // mean launch point
};

// What a launch report states about one missile (from its final
// assessment).
struct MissileFinding {
  std::string track;  // the track (or system track) it comes from
  UtcTime launch_time;
  geo::Geodetic launch_point;
  UtcTime impact_time;
  geo::Geodetic impact_point;
  double max_altitude_m = 0.0;
  double range_m = 0.0;  // launch point to impact point, surface distance
  double flight_time_s = 0.0;
  TrajectoryType trajectory = TrajectoryType::kUnknown;
  // The country whose exclusive economic zone the impact point is in, if any
  // ("JPN"), and the name the report uses for it ("Japan").
  std::optional<std::string> eez_country;
  std::optional<std::string> eez_country_name;
};

// What is concluded about one launch event at its end, for its report.
struct LaunchFindings {
  std::string event_id;
  bool simulated = true;  // a simulated run says so in the report
  std::vector<MissileFinding> missiles;
};

}  // namespace trilink::assess
