#include "trilink/flight/reconstruct.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <functional>
#include <limits>

#include "trilink/core/error.h"
#include "trilink/core/units.h"

namespace trilink::flight {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kMinLoad = 0.02;
constexpr double kMaxLoadPowered = 1.0;
constexpr double kMaxLoadImpulsive = 0.999;  // of the escape speed: stays on an ellipse
constexpr double kMinKick = 5e-4;            // rad from the vertical
constexpr double kMaxKick = 1.52;
constexpr double kMaxLiftToDrag = 8.0;
constexpr double kDefaultLiftToDrag = 2.5;
constexpr int kMaxHeadingIterations = 6;
constexpr int kMaxResizes = 3;

// Minimum-energy free flight over a spherical, non-rotating Earth in vacuum
// (Bate, Mueller & White, "Fundamentals of Astrodynamics", eqs. 6.2-20/6.2-21):
// flight-path angle φ* = (π − Ψ)/4 and ν* = v²r/μ = 2 sin(Ψ/2)/(1 + sin(Ψ/2))
// for the range angle Ψ. Used to size the vehicle and to name profiles.
struct VacuumFlight {
  double speed_m_s;
  double apogee_m;
};

VacuumFlight VacuumMinimumEnergy(double range_m) {
  constexpr double r = kSphericalEarthRadius;
  const double psi = range_m / r;
  const double s = std::sin(0.5 * psi);
  const double nu = 2.0 * s / (1.0 + s);
  const double cos_phi = std::cos(0.25 * (kPi - psi));
  const double p = r * nu * cos_phi * cos_phi;
  const double e = std::sqrt(1.0 + nu * (nu - 2.0) * cos_phi * cos_phi);
  return {std::sqrt(nu * geo::kWgs84Gm / r), p / (1.0 - e) - r};
}

// Speed (m/s) to coast straight up from the surface to the given height.
double VerticalSpeedForHeight(double height_m) {
  constexpr double r = kSphericalEarthRadius;
  return std::sqrt(2.0 * geo::kWgs84Gm * (1.0 / r - 1.0 / (r + height_m)));
}

double WrapAngle(double angle) { return std::remainder(angle, 2.0 * kPi); }

// Root of an increasing function on [lo, hi]. f may return −∞ ("far too
// little") or +∞ ("far too much") where it cannot be evaluated; the search
// bisects there and uses the Illinois variant of regula falsi elsewhere.
// Written here rather than taken from Boost.Math (toms748_solve) because
// TOMS 748 needs a finite value at every point it evaluates, and the flights
// here have undefined bands inside the bracket (the boost ending in the
// pitch-over hold, a flight that never comes down), and because a bracket
// that closes on a jump across zero must be reported as no root (kJump),
// where TOMS 748 would return the jump as if it were one.
struct Root {
  // kJump: the bracket closed on a jump of f across zero (no root).
  enum Kind { kFound, kAllBelow, kAllAbove, kJump } kind = kFound;
  double x = 0.0;
  double value = 0.0;
};

Root SolveIncreasing(const std::function<double(double)>& f, double lo, double hi,
                     double f_tolerance, double x_tolerance) {
  double f_lo = f(lo);
  if (f_lo > 0.0) return {Root::kAllAbove, lo, f_lo};
  double f_hi = f(hi);
  if (f_hi < 0.0) return {Root::kAllBelow, hi, f_hi};
  int side = 0;
  double best_x = std::abs(f_lo) < std::abs(f_hi) ? lo : hi;
  double best_f = std::min(std::abs(f_lo), std::abs(f_hi));
  for (int iteration = 0; iteration < 80; ++iteration) {
    if (best_f <= f_tolerance) break;
    if (hi - lo <= x_tolerance) break;
    double x;
    if (std::isfinite(f_lo) && std::isfinite(f_hi) && f_hi != f_lo) {
      x = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
      // Keep away from the ends so that a stuck side cannot stall the search.
      const double margin = 0.02 * (hi - lo);
      x = std::clamp(x, lo + margin, hi - margin);
    } else {
      x = 0.5 * (lo + hi);
      side = 0;
    }
    const double fx = f(x);
    if (std::abs(fx) < best_f) {
      best_f = std::abs(fx);
      best_x = x;
    }
    if (fx < 0.0) {
      lo = x;
      f_lo = fx;
      if (side == -1 && std::isfinite(f_hi)) f_hi *= 0.5;
      side = -1;
    } else {
      hi = x;
      f_hi = fx;
      if (side == +1 && std::isfinite(f_lo)) f_lo *= 0.5;
      side = +1;
    }
  }
  return {best_f <= f_tolerance || (std::isfinite(f_lo) && std::isfinite(f_hi)) ? Root::kFound
                                                                                : Root::kJump,
          best_x, best_f};
}

// As SolveIncreasing, for a function that may be undefined (±∞) inside the
// interval as well as at its ends: when the direct search closes on a jump,
// scan `scan_points` + 1 points for a bracket with a finite end and search
// there. Used for the propellant load, where a middle band of loads can miss
// the shape (the boost ends during the pitch-over hold) while loads on both
// sides reach it.
Root SolveIncreasingScanned(const std::function<double(double)>& f, double lo, double hi,
                            double f_tolerance, double x_tolerance, int scan_points) {
  const Root direct = SolveIncreasing(f, lo, hi, f_tolerance, x_tolerance);
  if (direct.kind != Root::kJump) return direct;
  double x_previous = lo, f_previous = f(lo);
  for (int i = 1; i <= scan_points; ++i) {
    const double x = lo + (hi - lo) * i / scan_points;
    const double fx = f(x);
    if (f_previous < 0.0 && fx >= 0.0 && (std::isfinite(f_previous) || std::isfinite(fx))) {
      const Root root = SolveIncreasing(f, x_previous, x, f_tolerance, x_tolerance);
      if (root.kind == Root::kFound) return root;
    }
    x_previous = x;
    f_previous = fx;
  }
  return direct;
}

// The maximum of a unimodal function on [lo, hi], by Brent's method
// (Boost.Math brent_find_minima on −f), to about x_tolerance. f may return
// ±∞ where a flight cannot be evaluated; Brent's parabolic step needs finite
// values, so those are passed on as ±1e300, which keeps their order and
// makes the method fall back to a golden-section step there.
double MaximiseUnimodal(const std::function<double(double)>& f, double lo, double hi,
                        double x_tolerance) {
  constexpr double kLarge = 1e300;
  auto negated = [&](double x) { return -std::clamp(f(x), -kLarge, kLarge); };
  // Brent stops when the bracket is within about 4 t |x| + t of the minimum,
  // with t = 2^(1 - bits): t = x_tolerance / 4.
  const int bits = 1 + static_cast<int>(std::ceil(std::log2(4.0 / x_tolerance)));
  boost::uintmax_t max_iterations = 200;
  return boost::math::tools::brent_find_minima(negated, lo, hi, bits, max_iterations).first;
}

std::string Km(double metres) { return fmt::format("{:.0f} km", metres / 1000.0); }
std::string Km1(double metres) { return fmt::format("{:.1f} km", metres / 1000.0); }

// What fixes the shape of the trajectory at a given propellant load.
enum class Shape { kMaximumRange, kApogee, kFlightTime };

class Solver {
 public:
  Solver(const ReconstructionRequest& request, const ReconstructionOptions& options)
      : request_(request), options_(options) {
    flight_options_ = options.flight;
    flight_options_.physics = request.physics;
    flight_options_.sample_interval_s = 0.0;
    if (request.impact) {
      target_ = *request.impact;
    } else {
      target_ = SurfacePoint(request.physics, request.site, *request.azimuth_rad, *request.range_m);
    }
    const geo::GeodesicLine line = SurfaceLine(request.physics, request.site, target_);
    range_m_ = line.distance_m;
    azimuth_rad_ = line.initial_azimuth_rad;
    minimum_energy_ = VacuumMinimumEnergy(range_m_);
  }

  double range_m() const { return range_m_; }
  const VacuumFlight& minimum_energy() const { return minimum_energy_; }

  // Solves for one profile. Returns an empty error on success.
  // `label` names the flight in messages (default: the profile's name).
  Reconstruction Solve(Profile profile, std::optional<double> apogee_m,
                       std::optional<double> time_s, const char* label = nullptr) {
    Reconstruction out;
    out.profile = profile;
    out.target_impact = target_;
    out.minimum_energy_apogee_m = minimum_energy_.apogee_m;

    Shape shape = Shape::kMaximumRange;
    std::optional<double> shape_apogee = apogee_m;
    std::optional<double> glide_time;
    switch (profile) {
      case Profile::kMinimumEnergy:
        shape = Shape::kMaximumRange;
        break;
      case Profile::kLofted:
      case Profile::kDepressed:
        if (apogee_m) {
          shape = Shape::kApogee;
        } else if (time_s) {
          shape = Shape::kFlightTime;
        } else {
          shape = Shape::kApogee;
          shape_apogee = (profile == Profile::kLofted ? 1.6 : 0.6) * minimum_energy_.apogee_m;
        }
        break;
      case Profile::kQuasiBallistic:
        shape = Shape::kApogee;
        if (!shape_apogee) shape_apogee = std::clamp(0.07 * range_m_, 40e3, 60e3);
        glide_time = time_s;
        break;
    }

    // Vehicle sized from the vacuum figures, with room for losses.
    double needed = std::max(minimum_energy_.speed_m_s,
                             shape_apogee ? VerticalSpeedForHeight(*shape_apogee) : 0.0);
    double delta_v = std::clamp(1.3 * needed + 1200.0, 1500.0, 15000.0);

    for (int attempt = 0; attempt <= kMaxResizes; ++attempt) {
      vehicle_ = Vehicle::Generic(delta_v);
      error_.clear();
      too_small_ = false;
      FlightControls controls;
      controls.heading_rad = azimuth_rad_;
      controls.lift_to_drag = profile == Profile::kQuasiBallistic ? kDefaultLiftToDrag : 0.0;
      // Heading: secant iteration on the impact's bearing from the site.
      bool solved = false;
      double previous_heading = 0.0, previous_miss = 0.0;
      for (int i = 0; i < kMaxHeadingIterations; ++i) {
        if (glide_time) {
          solved = SolveLiftToDrag(&controls, *shape_apogee, *glide_time);
        } else if (profile == Profile::kLofted && shape == Shape::kApogee) {
          solved = SolveLoftedLoad(&controls, *shape_apogee);
        } else {
          solved = SolveLoad(&controls, shape, shape_apogee, time_s);
        }
        if (!solved) break;
        const double miss = WrapAngle(azimuth_rad_ - last_flight_.impact_azimuth_rad);
        if (std::abs(miss) < 2e-5 || i + 1 == kMaxHeadingIterations) break;
        double step = miss;
        if (i > 0 && miss != previous_miss) {
          step =
              -miss * WrapAngle(controls.heading_rad - previous_heading) / (miss - previous_miss);
        }
        step = std::clamp(step, -0.5, 0.5);
        previous_heading = controls.heading_rad;
        previous_miss = miss;
        controls.heading_rad = WrapAngle(controls.heading_rad + step);
      }
      if (solved && std::abs(WrapAngle(azimuth_rad_ - last_flight_.impact_azimuth_rad)) > 1e-3) {
        solved = false;
        error_ = fmt::format(
            "could not aim the flight of {} at the reported bearing (off by {:.1f}°)", Km(range_m_),
            RadToDeg(std::abs(WrapAngle(azimuth_rad_ - last_flight_.impact_azimuth_rad))));
      }
      if (solved || !too_small_ || request_.physics.impulsive_boost || delta_v >= 15000.0) {
        out.vehicle = vehicle_;
        out.controls = controls;
        break;
      }
      delta_v = std::min(15000.0, 1.35 * delta_v);
    }
    out.simulations = simulations_;
    if (!error_.empty()) {
      out.error = error_;
      return out;
    }
    // The final flight, with samples if asked, and the check of every figure.
    FlightOptions final_options = flight_options_;
    final_options.sample_interval_s = options_.sample_interval_s;
    out.flight = SimulateFlight(request_.site, out.vehicle, out.controls, final_options);
    ++out.simulations;
    out.error = CheckFigures(out.flight, label ? label : ProfileName(profile), apogee_m, time_s);
    return out;
  }

 private:
  FlightResult Fly(const FlightControls& controls, bool stop_at_apogee) {
    ++simulations_;
    flight_options_.stop_at_apogee = stop_at_apogee;
    return SimulateFlight(request_.site, vehicle_, controls, flight_options_);
  }

  // Signed distance along the reported bearing, which keeps the range
  // residual increasing in the load: a lofted flight that the Earth's
  // rotation carries behind the site counts as negative, and one that flies
  // past the antipode (it then seems to land "behind" from afar) is unwrapped.
  double Downrange(const FlightResult& flight) const {
    const double cos_bearing = std::cos(flight.impact_azimuth_rad - azimuth_rad_);
    constexpr double kHalfCircumference = kPi * kSphericalEarthRadius;
    if (cos_bearing < 0.0 && flight.range_m > 0.5 * kHalfCircumference) {
      return 2.0 * kHalfCircumference - flight.range_m;
    }
    return flight.range_m * cos_bearing;
  }

  double MaxLoad() const {
    return request_.physics.impulsive_boost ? kMaxLoadImpulsive : kMaxLoadPowered;
  }

  // Outermost loop of the quasi-ballistic profile: L/D for the flight time.
  bool SolveLiftToDrag(FlightControls* controls, double apogee_m, double time_s) {
    std::string inner_error;
    auto residual = [&](double lift_to_drag) {
      controls->lift_to_drag = lift_to_drag;
      if (!SolveLoad(controls, Shape::kApogee, apogee_m, std::nullopt)) {
        inner_error = error_;
        return too_small_ ? -kInfinity : kInfinity;
      }
      return (last_flight_.flight_time_s - time_s) / time_s;
    };
    const Root root =
        SolveIncreasing(residual, 0.0, kMaxLiftToDrag, 0.5 * options_.solve_tolerance, 1e-4);
    if (root.kind == Root::kAllAbove) {
      error_ = inner_error.empty()
                   ? fmt::format(
                         "a flight time of {:.0f} s is too short for {} with a {} apogee: even a "
                         "ballistic flight (no glide) takes {:.0f} s",
                         time_s, Km(range_m_), Km1(apogee_m), last_flight_.flight_time_s)
                   : inner_error;
      return false;
    }
    if (root.kind == Root::kJump) {
      error_ = inner_error.empty() ? "no glide matches the flight time" : inner_error;
      return false;
    }
    if (root.kind == Root::kAllBelow) {
      error_ =
          inner_error.empty()
              ? fmt::format(
                    "a flight time of {:.0f} s is too long for {} with a {} apogee: a glide "
                    "with L/D {:.0f} lasts only {:.0f} s",
                    time_s, Km(range_m_), Km1(apogee_m), kMaxLiftToDrag, last_flight_.flight_time_s)
              : inner_error;
      return false;
    }
    residual(root.x);  // leave the controls and last_flight_ at the solution
    return error_.empty();
  }

  // Lofted flights: near the vertical the apogee hardly depends on the kick,
  // so the nesting turns round: the load sets the apogee, and at each load
  // the kick (on the lofted side of the maximum-range kick) sets the range.
  bool SolveLoftedLoad(FlightControls* controls, double apogee_m) {
    error_.clear();
    too_small_ = false;
    auto residual = [&](double load) {
      controls->propellant_load = load;
      auto downrange = [&](double kick) {
        controls->pitch_over_rad = kick;
        last_flight_ = Fly(*controls, false);
        if (last_flight_.end == FlightEnd::kTimeLimit) return kInfinity;
        return last_flight_.end == FlightEnd::kImpact
                   ? (Downrange(last_flight_) - range_m_) / range_m_
                   : -kInfinity;
      };
      const double max_range_kick = MaximiseUnimodal(downrange, kMinKick, kMaxKick, 1e-3);
      const Root kick =
          SolveIncreasing(downrange, kMinKick, max_range_kick, options_.solve_tolerance, 1e-9);
      if (kick.kind == Root::kAllBelow) return -kInfinity;  // cannot reach the range: more energy
      if (kick.kind != Root::kFound) return kInfinity;
      controls->pitch_over_rad = kick.x;
      last_flight_ = Fly(*controls, false);
      return (last_flight_.apogee_height_m - apogee_m) / apogee_m;
    };
    const Root root = SolveIncreasingScanned(residual, kMinLoad, MaxLoad(),
                                             0.5 * options_.solve_tolerance, 1e-9, 20);
    if (root.kind == Root::kFound) {
      residual(root.x);
      if (std::abs(Downrange(last_flight_) - range_m_) <= 2.0 * options_.solve_tolerance * range_m_)
        return true;
    }
    too_small_ = root.kind == Root::kAllBelow;
    error_ = fmt::format(
        "cannot fly a lofted {} with a {} apogee: {}", Km(range_m_), Km1(apogee_m),
        too_small_ ? "the generic vehicle falls short" : "no propellant load gives both figures");
    return false;
  }

  // Propellant load for the range, with the shape fixed at each load.
  bool SolveLoad(FlightControls* controls, Shape shape, std::optional<double> apogee_m,
                 std::optional<double> time_s) {
    error_.clear();
    too_small_ = false;
    auto residual = [&](double load) {
      controls->propellant_load = load;
      if (!SolveKick(controls, shape, apogee_m, time_s)) return kick_failure_;
      last_flight_ = Fly(*controls, false);
      if (last_flight_.end == FlightEnd::kTimeLimit) return kInfinity;
      if (last_flight_.end != FlightEnd::kImpact) return -kInfinity;
      return (Downrange(last_flight_) - range_m_) / range_m_;
    };
    const Root root =
        SolveIncreasingScanned(residual, kMinLoad, MaxLoad(), options_.solve_tolerance, 1e-7, 20);
    const std::string with =
        apogee_m && shape == Shape::kApogee     ? fmt::format(" with a {} apogee", Km1(*apogee_m))
        : time_s && shape == Shape::kFlightTime ? fmt::format(" in {:.0f} s", *time_s)
                                                : std::string();
    if (root.kind == Root::kAllBelow) {
      too_small_ = true;
      error_ = fmt::format(
          "cannot fly {}{}: the generic vehicle (ideal Δv {:.1f} km/s) falls short; "
          "the figures need more energy than a plausible missile has",
          Km(range_m_), with, vehicle_.IdealDeltaV(MaxLoad()) / 1000.0);
      if (request_.physics.impulsive_boost) {
        error_ = fmt::format("cannot fly {}{} on a ballistic ellipse", Km(range_m_), with);
      }
      return false;
    }
    if (root.kind == Root::kAllAbove) {
      error_ = fmt::format("cannot fly as short as {}{}: even the smallest load flies farther",
                           Km(range_m_), with);
      return false;
    }
    if (root.kind == Root::kJump) {
      error_ = fmt::format(
          "cannot fly {}{}: no propellant load of the generic vehicle gives that shape "
          "at that range",
          Km(range_m_), with);
      return false;
    }
    residual(root.x);  // leave the controls and last_flight_ at the solution
    return last_flight_.end == FlightEnd::kImpact;
  }

  // Kick angle that gives the shape at the current load. On failure sets
  // kick_failure_ to −∞ (the load is too small for the shape) or +∞.
  bool SolveKick(FlightControls* controls, Shape shape, std::optional<double> apogee_m,
                 std::optional<double> time_s) {
    if (shape == Shape::kMaximumRange) {
      auto range = [&](double kick) {
        controls->pitch_over_rad = kick;
        const FlightResult f = Fly(*controls, false);
        return f.end == FlightEnd::kImpact ? f.range_m
                                           : (f.end == FlightEnd::kTimeLimit ? kInfinity : 0.0);
      };
      controls->pitch_over_rad = MaximiseUnimodal(range, kMinKick, kMaxKick, 2e-4);
      return true;
    }
    auto residual = [&](double kick) {
      controls->pitch_over_rad = kick;
      if (shape == Shape::kApogee) {
        const FlightResult f = Fly(*controls, true);
        if (f.end == FlightEnd::kTimeLimit) return -kInfinity;  // never came down: apogee too high
        return (*apogee_m - f.apogee_height_m) / *apogee_m;
      }
      const FlightResult f = Fly(*controls, false);
      if (f.end == FlightEnd::kTimeLimit) return -kInfinity;
      return (*time_s - f.flight_time_s) / *time_s;
    };
    const Root root =
        SolveIncreasing(residual, kMinKick, kMaxKick, 0.5 * options_.solve_tolerance, 1e-8);
    if (root.kind == Root::kAllAbove) {
      kick_failure_ = -kInfinity;  // even the steepest flight is too low or too short
      return false;
    }
    if (root.kind == Root::kAllBelow) {
      kick_failure_ = kInfinity;  // even the flattest flight is too high or too long
      return false;
    }
    if (root.kind == Root::kJump) {
      kick_failure_ = kInfinity;  // the shape jumps past the target: treat as too much
      return false;
    }
    controls->pitch_over_rad = root.x;
    return true;
  }

  std::string CheckFigures(const FlightResult& flight, const char* label,
                           std::optional<double> apogee_m, std::optional<double> time_s) const {
    if (flight.end != FlightEnd::kImpact) return "the reconstructed flight did not come down";
    const double tolerance = options_.figure_tolerance;
    std::string conflicts;
    auto check = [&](const char* what, double got, double want, const std::string& got_text,
                     const std::string& want_text) {
      if (std::abs(got - want) > tolerance * want) {
        conflicts += fmt::format("{}{} {} (reported {})", conflicts.empty() ? "" : "; ", what,
                                 got_text, want_text);
      }
    };
    check("range", flight.range_m, range_m_, Km1(flight.range_m), Km1(range_m_));
    if (apogee_m)
      check("apogee", flight.apogee_height_m, *apogee_m, Km1(flight.apogee_height_m),
            Km1(*apogee_m));
    if (time_s) {
      check("flight time", flight.flight_time_s, *time_s,
            fmt::format("{:.0f} s", flight.flight_time_s), fmt::format("{:.0f} s", *time_s));
    }
    if (conflicts.empty()) return {};
    return fmt::format("a {} flight of {} has {}; the reported figures do not fit this profile",
                       label, Km(range_m_), conflicts);
  }

  const ReconstructionRequest& request_;
  const ReconstructionOptions& options_;
  FlightOptions flight_options_;
  geo::Geodetic target_;
  double range_m_ = 0.0;
  double azimuth_rad_ = 0.0;
  VacuumFlight minimum_energy_{};
  Vehicle vehicle_;
  FlightResult last_flight_;
  std::string error_;
  bool too_small_ = false;
  double kick_failure_ = 0.0;
  long simulations_ = 0;
};

Reconstruction Refused(std::string error) {
  Reconstruction out;
  out.error = std::move(error);
  return out;
}

Profile NameBallistic(double apogee_m, double minimum_energy_apogee_m) {
  if (apogee_m > 1.15 * minimum_energy_apogee_m) return Profile::kLofted;
  if (apogee_m < 0.85 * minimum_energy_apogee_m) return Profile::kDepressed;
  return Profile::kMinimumEnergy;
}

}  // namespace

const char* ProfileName(Profile profile) {
  switch (profile) {
    case Profile::kMinimumEnergy:
      return "min-energy";
    case Profile::kLofted:
      return "lofted";
    case Profile::kDepressed:
      return "depressed";
    case Profile::kQuasiBallistic:
      return "quasi-ballistic";
  }
  return "?";
}

std::optional<Profile> ParseProfile(std::string_view name) {
  for (Profile p :
       {Profile::kMinimumEnergy, Profile::kLofted, Profile::kDepressed, Profile::kQuasiBallistic}) {
    if (name == ProfileName(p)) return p;
  }
  return std::nullopt;
}

bool ReconstructionOptions::IsValid(std::string* error) const {
  if (!(figure_tolerance > 0.0 && figure_tolerance < 1.0))
    return Invalid(error, "figure_tolerance must be in (0, 1)");
  if (!(solve_tolerance > 0.0 && solve_tolerance < 1.0))
    return Invalid(error, "solve_tolerance must be in (0, 1)");
  if (!(std::isfinite(sample_interval_s) && sample_interval_s >= 0.0))
    return Invalid(error, "sample_interval_s must be finite and >= 0");
  std::string detail;
  if (!flight.IsValid(&detail)) return Invalid(error, "flight: " + detail);
  return true;
}

Reconstruction Reconstruct(const ReconstructionRequest& request,
                           const ReconstructionOptions& options) {
  {
    std::string error;
    TRILINK_CHECK(options.IsValid(&error)) << error;
  }
  if (request.azimuth_rad.has_value() == request.impact.has_value()) {
    throw InputError(
        "give exactly one direction: a launch azimuth (with a range) or an impact point");
  }
  if (request.azimuth_rad && !request.range_m) throw InputError("a launch azimuth needs a range");
  auto positive = [](std::optional<double> v, const char* what) {
    if (v && !(*v > 0.0 && std::isfinite(*v)))
      throw InputError(fmt::format("{} must be a positive number", what));
  };
  positive(request.range_m, "range");
  positive(request.apogee_m, "apogee");
  positive(request.flight_time_s, "flight time");

  Solver solver(request, options);
  if (request.impact && request.range_m &&
      std::abs(solver.range_m() - *request.range_m) > options.figure_tolerance * *request.range_m) {
    return Refused(
        fmt::format("the reported range {} conflicts with the distance to the impact point, {}",
                    Km(*request.range_m), Km(solver.range_m())));
  }
  if (solver.range_m() < 10e3 || solver.range_m() > 0.45 * 2.0 * kPi * kSphericalEarthRadius) {
    return Refused(fmt::format("range {} is outside what trilink reconstructs (10 km to 18 000 km)",
                               Km(solver.range_m())));
  }
  const auto apogee = request.apogee_m;
  const auto time = request.flight_time_s;
  // The minimum-energy apogee of this range with the request's physics (the
  // atmosphere raises it above the vacuum figure for short ranges) names the
  // profile of a ballistic flight; the vacuum figure stands in if it fails.
  double me_apogee = solver.minimum_energy().apogee_m;
  long me_simulations = 0;
  if (apogee || !request.profile) {
    const Reconstruction me = solver.Solve(Profile::kMinimumEnergy, std::nullopt, std::nullopt);
    if (me.ok()) me_apogee = me.flight.apogee_height_m;
    me_simulations = me.simulations;
    if (!apogee && !time && !request.profile) return me;
  }

  if (request.profile) {
    const Profile profile = *request.profile;
    // Lofted and depressed lie on either side of the minimum-energy apogee.
    const bool lofted = profile == Profile::kLofted;
    if (apogee && (lofted || profile == Profile::kDepressed) && (*apogee < me_apogee) == lofted) {
      return Refused(fmt::format(
          "a {} flight of {} has an apogee {} the minimum-energy one (about {}); the reported {} "
          "is "
          "{} (use {} or auto)",
          ProfileName(profile), Km(solver.range_m()), lofted ? "above" : "below", Km(me_apogee),
          Km1(*apogee), lofted ? "lower" : "higher", lofted ? "depressed" : "lofted"));
    }
    return solver.Solve(profile, apogee, time);
  }

  // --profile auto: the simplest profile that fits every given figure. A
  // ballistic flight is solved on the side of the minimum-energy apogee that
  // the reported one lies (lofted or depressed nesting), then on the other.
  const bool above = !apogee || *apogee > me_apogee;
  Reconstruction result =
      solver.Solve(above ? Profile::kLofted : Profile::kDepressed, apogee, time, "ballistic");
  if (!result.ok() && apogee) {
    Reconstruction other =
        solver.Solve(above ? Profile::kDepressed : Profile::kLofted, apogee, time, "ballistic");
    if (other.ok()) result = other;
  }
  result.simulations += me_simulations;
  if (result.ok()) result.profile = NameBallistic(result.flight.apogee_height_m, me_apogee);
  if (result.ok() || request.physics.impulsive_boost || !request.physics.atmosphere) return result;
  Reconstruction glide = solver.Solve(Profile::kQuasiBallistic, apogee, time);
  if (glide.ok()) return glide;
  glide.error =
      fmt::format("no profile fits: as a ballistic flight, {}; as a quasi-ballistic flight, {}",
                  result.error, glide.error);
  return glide;
}

}  // namespace trilink::flight
