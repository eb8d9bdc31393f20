// Accuracy of the EKF and UKF against the posterior Cramér–Rao bound on the
// ballistic re-entry benchmark of Farina, Ristic & Benvenuti (2002); see
// include/trilink/tracking/reentry.h and docs/accuracy.md.
//
// Prints per-step position and velocity RMSE of both filters, the PCRLB and
// the ANEES with its 95 % interval, a summary after `--after` seconds, and
// writes the two curves as an SVG figure.
//
// Usage:
//   build/bench/reentry_accuracy --runs 500 --svg docs/accuracy-reentry.svg
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "trilink/tracking/reentry.h"

namespace {

using trilink::tracking::ReentryMonteCarloResult;

// A minimal SVG line plot: several series over one x axis, linear or log y.
// Written here because no plotting library is among the project's
// dependencies and the figure needs only polylines, ticks and a legend.
class SvgPlot {
 public:
  struct Series {
    std::string label;
    std::string colour;
    bool dashed = false;
    std::vector<double> y;
  };

  SvgPlot(std::string title, std::string y_label, bool log_y)
      : title_(std::move(title)), y_label_(std::move(y_label)), log_y_(log_y) {}

  void Add(Series series) { series_.push_back(std::move(series)); }

  // Draws the plot into `out` with its top-left corner at (left, top).
  void Draw(std::ostringstream& out, const std::vector<double>& x, double left, double top,
            double width, double height) const {
    const double x_min = x.front(), x_max = x.back();
    double y_min = std::numeric_limits<double>::infinity(), y_max = -y_min;
    for (const Series& s : series_) {
      for (double v : s.y) {
        if (log_y_ && v <= 0.0) continue;
        y_min = std::min(y_min, v);
        y_max = std::max(y_max, v);
      }
    }
    if (log_y_) {
      y_min = std::pow(10.0, std::floor(std::log10(y_min)));
      y_max = std::pow(10.0, std::ceil(std::log10(y_max)));
    } else {
      y_min = 0.0;
      y_max = std::ceil(y_max);
    }
    const auto px = [&](double v) { return left + (v - x_min) / (x_max - x_min) * width; };
    const auto py = [&](double v) {
      const double f =
          log_y_ ? (std::log10(v) - std::log10(y_min)) / (std::log10(y_max) - std::log10(y_min))
                 : (v - y_min) / (y_max - y_min);
      return top + height - f * height;
    };
    out << "<rect x='" << left << "' y='" << top << "' width='" << width << "' height='" << height
        << "' fill='none' stroke='black'/>\n";
    out << "<text x='" << left + width / 2 << "' y='" << top - 10
        << "' text-anchor='middle' font-size='15'>" << title_ << "</text>\n";
    out << "<text transform='translate(" << left - 55 << "," << top + height / 2
        << ") rotate(-90)' text-anchor='middle' font-size='13'>" << y_label_ << "</text>\n";
    out << "<text x='" << left + width / 2 << "' y='" << top + height + 38
        << "' text-anchor='middle' font-size='13'>time (s)</text>\n";
    // x ticks every 10 s.
    for (double t = x_min; t <= x_max + 1e-9; t += 10.0) {
      out << "<line x1='" << px(t) << "' y1='" << top << "' x2='" << px(t) << "' y2='"
          << top + height << "' stroke='#ddd'/>\n";
      out << "<text x='" << px(t) << "' y='" << top + height + 18
          << "' text-anchor='middle' font-size='12'>" << t << "</text>\n";
    }
    // y ticks: decades (and 2, 5) for log, ~8 steps for linear.
    std::vector<double> ticks;
    if (log_y_) {
      for (double decade = y_min; decade <= y_max * 1.0001; decade *= 10.0) {
        for (double m : {1.0, 2.0, 5.0}) {
          if (decade * m <= y_max * 1.0001) ticks.push_back(decade * m);
        }
      }
    } else {
      const double step = std::max(0.5, std::ceil((y_max - y_min) / 8.0 * 2.0) / 2.0);
      for (double v = y_min; v <= y_max + 1e-9; v += step) ticks.push_back(v);
    }
    for (double v : ticks) {
      out << "<line x1='" << left << "' y1='" << py(v) << "' x2='" << left + width << "' y2='"
          << py(v) << "' stroke='#ddd'/>\n";
      out << "<text x='" << left - 6 << "' y='" << py(v) + 4
          << "' text-anchor='end' font-size='12'>" << v << "</text>\n";
    }
    for (size_t i = 0; i < series_.size(); ++i) {
      const Series& s = series_[i];
      out << "<polyline fill='none' stroke='" << s.colour << "' stroke-width='2'"
          << (s.dashed ? " stroke-dasharray='6,4'" : "") << " points='";
      for (size_t k = 0; k < x.size() && k < s.y.size(); ++k) {
        out << px(x[k]) << "," << py(std::clamp(s.y[k], y_min, y_max)) << " ";
      }
      out << "'/>\n";
      if (s.label.empty()) continue;  // a second curve of a labelled pair
      const double ly = top + 18 + 18 * static_cast<double>(i);
      out << "<line x1='" << left + width - 190 << "' y1='" << ly - 4 << "' x2='"
          << left + width - 160 << "' y2='" << ly - 4 << "' stroke='" << s.colour
          << "' stroke-width='2'" << (s.dashed ? " stroke-dasharray='6,4'" : "") << "/>\n";
      out << "<text x='" << left + width - 152 << "' y='" << ly << "' font-size='12'>" << s.label
          << "</text>\n";
    }
  }

 private:
  std::string title_, y_label_;
  bool log_y_;
  std::vector<Series> series_;
};

std::string Figure(const ReentryMonteCarloResult& result) {
  const int steps = static_cast<int>(result.time_s.size());
  std::vector<double> ekf_rmse, ukf_rmse, ekf_anees, ukf_anees;
  for (int k = 0; k < steps; ++k) {
    ekf_rmse.push_back(result.ekf.position.Rmse(k));
    ukf_rmse.push_back(result.ukf.position.Rmse(k));
    ekf_anees.push_back(result.ekf.position.Anees(k));
    ukf_anees.push_back(result.ukf.position.Anees(k));
  }
  SvgPlot rmse("Position RMSE, " + std::to_string(result.runs) + " runs", "metres", true);
  rmse.Add({"EKF", "#1f77b4", false, ekf_rmse});
  rmse.Add({"UKF", "#d62728", true, ukf_rmse});
  rmse.Add({"PCRLB", "black", false, result.pcrlb_position_m});
  SvgPlot anees("ANEES (4 states) and 95 % interval", "ANEES", false);
  anees.Add({"EKF", "#1f77b4", false, ekf_anees});
  anees.Add({"UKF", "#d62728", true, ukf_anees});
  anees.Add({"95 % bounds", "gray", true, std::vector<double>(steps, result.anees_bounds.lower)});
  anees.Add({"", "gray", true, std::vector<double>(steps, result.anees_bounds.upper)});
  std::ostringstream out;
  out << "<svg xmlns='http://www.w3.org/2000/svg' width='760' height='860' "
         "font-family='sans-serif'>\n<rect width='100%' height='100%' fill='white'/>\n";
  rmse.Draw(out, result.time_s, 90, 40, 630, 340);
  anees.Draw(out, result.time_s, 90, 470, 630, 330);
  out << "</svg>\n";
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("EKF and UKF against the PCRLB on the Farina et al. (2002) re-entry benchmark");
  trilink::tracking::ReentryMonteCarloOptions options;
  std::string svg_path;
  double after_s = 20.0;
  app.add_option("--runs", options.runs, "Monte Carlo runs (>= 2)")->check(CLI::Range(2, 1000000));
  app.add_option("--steps", options.scenario.steps, "measurements after the first (T = 2 s)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--seed", options.seed, "seed of the random streams");
  double heading_sigma_deg = trilink::RadToDeg(options.scenario.heading_sigma_rad);
  app.add_option("--speed-sigma", options.scenario.speed_sigma_mps,
                 "speed sigma of the velocity prior (m/s)")
      ->check(CLI::PositiveNumber);
  app.add_option("--heading-sigma", heading_sigma_deg,
                 "heading sigma of the velocity prior (degrees)")
      ->check(CLI::PositiveNumber);
  app.add_option("--range-sigma", options.scenario.range_sigma_m, "range noise sigma (m)")
      ->check(CLI::PositiveNumber);
  app.add_option("--elevation-sigma", options.scenario.elevation_sigma_rad,
                 "elevation noise sigma (rad)")
      ->check(CLI::PositiveNumber);
  app.add_option("--ukf-alpha", options.unscented.alpha, "UKF sigma-point spread alpha");
  app.add_option("--ukf-kappa", options.unscented.kappa, "UKF secondary scaling kappa");
  app.add_option("--batch-scans", options.batch_scans,
                 "scans of the batch fit the filters start from (1 … steps + 1)")
      ->check(CLI::Range(1, 1001));
  bool converted_start = false;
  app.add_flag("--converted-start", converted_start,
               "start the filters at t = 0 from the converted first measurement instead");
  app.add_option("--after", after_s, "summary over times after this (s)");
  app.add_option("--svg", svg_path, "write the figure to this SVG file");
  CLI11_PARSE(app, argc, argv);
  options.scenario.heading_sigma_rad = trilink::DegToRad(heading_sigma_deg);
  if (converted_start) options.start = trilink::tracking::ReentryStart::kConvertedMeasurement;
  if (std::string error; !options.IsValid(&error)) {
    std::fprintf(stderr, "reentry_accuracy: %s\n", error.c_str());
    return 2;
  }

  const ReentryMonteCarloResult result = trilink::tracking::RunReentryMonteCarlo(options);
  const std::string start_name =
      converted_start ? "converted first measurement"
                      : "batch fit over " + std::to_string(options.batch_scans) + " scans";
  std::printf(
      "runs %d, seed %llu, start %s, lowest final altitude %.1f km, invalid innovations EKF %d "
      "UKF %d, unconverged batch fits %d\n",
      result.runs, static_cast<unsigned long long>(options.seed), start_name.c_str(),
      result.lowest_final_altitude_m / 1000.0, result.ekf.invalid_innovations,
      result.ukf.invalid_innovations, result.ekf.unconverged_batch_fits);
  std::printf("ANEES 95 %% interval [%.3f, %.3f]\n", result.anees_bounds.lower,
              result.anees_bounds.upper);
  std::printf(
      "  t(s)  pos RMSE EKF   UKF   PCRLB (m)  EKF/B  UKF/B | vel RMSE EKF   UKF  PCRLB (m/s) | "
      "ANEES EKF   UKF\n");
  double worst_ekf = 0.0, worst_ukf = 0.0;
  const double infinity = std::numeric_limits<double>::infinity();
  double ekf_anees_min = infinity, ekf_anees_max = 0.0, ukf_anees_min = infinity,
         ukf_anees_max = 0.0;
  int outside_ekf = 0, outside_ukf = 0, counted = 0;
  double ekf_anees_sum = 0.0, ukf_anees_sum = 0.0, ekf_ratio_sum = 0.0, ukf_ratio_sum = 0.0;
  for (size_t k = 0; k < result.time_s.size(); ++k) {
    const int step = static_cast<int>(k);
    const double bound = result.pcrlb_position_m[k];
    const double ekf_ratio = result.ekf.position.Rmse(step) / bound;
    const double ukf_ratio = result.ukf.position.Rmse(step) / bound;
    const double ekf_anees = result.ekf.position.Anees(step);
    const double ukf_anees = result.ukf.position.Anees(step);
    std::printf("%6.1f  %12.1f %7.1f %9.1f  %6.3f %6.3f | %12.2f %6.2f %9.2f    | %9.3f %6.3f\n",
                result.time_s[k], result.ekf.position.Rmse(step), result.ukf.position.Rmse(step),
                bound, ekf_ratio, ukf_ratio, result.ekf.velocity.Rmse(step),
                result.ukf.velocity.Rmse(step), result.pcrlb_velocity_mps[k], ekf_anees, ukf_anees);
    if (result.time_s[k] > after_s) {
      ++counted;
      worst_ekf = std::max(worst_ekf, ekf_ratio);
      worst_ukf = std::max(worst_ukf, ukf_ratio);
      ekf_anees_min = std::min(ekf_anees_min, ekf_anees);
      ekf_anees_max = std::max(ekf_anees_max, ekf_anees);
      ukf_anees_min = std::min(ukf_anees_min, ukf_anees);
      ukf_anees_max = std::max(ukf_anees_max, ukf_anees);
      ekf_anees_sum += ekf_anees;
      ukf_anees_sum += ukf_anees;
      ekf_ratio_sum += ekf_ratio;
      ukf_ratio_sum += ukf_ratio;
      outside_ekf += result.anees_bounds.Contains(ekf_anees) ? 0 : 1;
      outside_ukf += result.anees_bounds.Contains(ukf_anees) ? 0 : 1;
    }
  }
  const double steps_after = std::max(1, counted);
  std::printf(
      "after %.0f s (%d steps): RMSE/PCRLB max EKF %.3f UKF %.3f, mean EKF %.3f UKF %.3f; "
      "ANEES EKF %.3f-%.3f mean %.3f, UKF %.3f-%.3f mean %.3f; steps outside the 95 %% "
      "interval EKF %d UKF %d\n",
      after_s, counted, worst_ekf, worst_ukf, ekf_ratio_sum / steps_after,
      ukf_ratio_sum / steps_after, ekf_anees_min, ekf_anees_max, ekf_anees_sum / steps_after,
      ukf_anees_min, ukf_anees_max, ukf_anees_sum / steps_after, outside_ekf, outside_ukf);
  if (!svg_path.empty()) {
    // Write beside and rename, so a failed run never leaves half a figure.
    const std::string temporary = svg_path + ".tmp";
    {
      std::ofstream file(temporary);
      file << Figure(result);
      if (!file) {
        std::fprintf(stderr, "cannot write %s\n", temporary.c_str());
        return 1;
      }
    }
    if (std::rename(temporary.c_str(), svg_path.c_str()) != 0) {
      std::fprintf(stderr, "cannot rename %s to %s\n", temporary.c_str(), svg_path.c_str());
      return 1;
    }
    std::printf("wrote %s\n", svg_path.c_str());
  }
  return 0;
}
