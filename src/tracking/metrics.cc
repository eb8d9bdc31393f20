#include "trilink/tracking/metrics.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <map>
#include <numeric>

#include "trilink/core/error.h"
#include "trilink/tracking/assignment.h"

namespace trilink::tracking {

double Rmse(std::span<const double> squared_errors) {
  if (squared_errors.empty()) return 0.0;
  double sum = 0.0;
  for (double e : squared_errors) sum += e;
  return std::sqrt(sum / static_cast<double>(squared_errors.size()));
}

MonteCarloSeries::MonteCarloSeries(int steps) {
  TRILINK_CHECK(steps >= 1) << "steps must be >= 1, got " << steps;
  squared_error_sum_.assign(steps, 0.0);
  nees_sum_.assign(steps, 0.0);
  count_.assign(steps, 0);
}

void MonteCarloSeries::Add(int step, double squared_error, double nees) {
  TRILINK_CHECK(step >= 0 && step < steps())
      << "step " << step << " outside [0, " << steps() << ")";
  squared_error_sum_[step] += squared_error;
  nees_sum_[step] += nees;
  ++count_[step];
}

double MonteCarloSeries::Rmse(int step) const {
  return count_[step] == 0 ? 0.0 : std::sqrt(squared_error_sum_[step] / count_[step]);
}

double MonteCarloSeries::Anees(int step) const {
  return count_[step] == 0 ? 0.0 : nees_sum_[step] / count_[step];
}

double ChiSquareQuantile(double degrees_of_freedom, double probability) {
  TRILINK_CHECK(degrees_of_freedom > 0.0) << "degrees of freedom must be > 0";
  TRILINK_CHECK(probability > 0.0 && probability < 1.0) << "probability must be in (0, 1)";
  return boost::math::quantile(boost::math::chi_squared_distribution<double>(degrees_of_freedom),
                               probability);
}

ChiSquareInterval AneesInterval(int runs, int dimension, double confidence) {
  TRILINK_CHECK(runs >= 1 && dimension >= 1) << "runs and dimension must be >= 1";
  TRILINK_CHECK(confidence > 0.0 && confidence < 1.0) << "confidence must be in (0, 1)";
  const double dof = static_cast<double>(runs) * dimension;
  const double m = static_cast<double>(runs);
  return {ChiSquareQuantile(dof, 0.5 * (1.0 - confidence)) / m,
          ChiSquareQuantile(dof, 0.5 * (1.0 + confidence)) / m};
}

namespace {

void CheckSetArguments(std::span<const double> distances, int m, int n, double cutoff,
                       double order) {
  TRILINK_CHECK(m >= 0 && n >= 0 && distances.size() == static_cast<size_t>(m) * n)
      << "distances must be m × n";
  TRILINK_CHECK(cutoff > 0.0) << "cutoff must be > 0, got " << cutoff;
  TRILINK_CHECK(order >= 1.0) << "order must be >= 1, got " << order;
}

// The least Σ min(d, c)^p over assignments of the smaller set into the larger,
// with the column given to each row of the smaller set. The solver wants
// rows <= columns, so a taller matrix is transposed.
double CutoffAssignment(std::span<const double> distances, int m, int n, double cutoff,
                        double order, std::vector<double>* pair_costs) {
  const int rows = std::min(m, n), columns = std::max(m, n);
  std::vector<double> costs(static_cast<size_t>(rows) * columns);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      const double cost = std::pow(std::min(distances[i * n + j], cutoff), order);
      if (m <= n) {
        costs[i * n + j] = cost;
      } else {
        costs[j * m + i] = cost;
      }
    }
  }
  AssignmentSolver solver;
  std::vector<int> column_of_row;
  const double total = solver.Solve(costs, rows, columns, &column_of_row);
  pair_costs->clear();
  for (int r = 0; r < rows; ++r) pair_costs->push_back(costs[r * columns + column_of_row[r]]);
  return total;
}

}  // namespace

OspaResult OspaFromDistances(std::span<const double> distances, int m, int n, double cutoff,
                             double order) {
  CheckSetArguments(distances, m, n, cutoff, order);
  if (m == 0 && n == 0) return {};
  if (m == 0 || n == 0) return {cutoff, 0.0, cutoff};
  std::vector<double> pair_costs;
  const double matched = CutoffAssignment(distances, m, n, cutoff, order, &pair_costs);
  const double larger = std::max(m, n);
  const double unmatched = std::pow(cutoff, order) * std::abs(m - n);
  OspaResult result;
  result.distance = std::pow((matched + unmatched) / larger, 1.0 / order);
  result.localisation = std::pow(matched / larger, 1.0 / order);
  result.cardinality = std::pow(unmatched / larger, 1.0 / order);
  return result;
}

GospaResult GospaFromDistances(std::span<const double> distances, int m, int n, double cutoff,
                               double order) {
  CheckSetArguments(distances, m, n, cutoff, order);
  // With α = 2, a pair at distance >= c costs c^p either way (as a pair, or as
  // one miss and one false estimate at c^p/2 each), so the cut-off assignment
  // of the smaller set into the larger is optimal; pairs at the cutoff are
  // reported as a miss and a false estimate.
  const double half_penalty = 0.5 * std::pow(cutoff, order);
  GospaResult result;
  double localisation = 0.0;
  int assigned = 0;
  if (m > 0 && n > 0) {
    std::vector<double> pair_costs;
    CutoffAssignment(distances, m, n, cutoff, order, &pair_costs);
    const double at_cutoff = std::pow(cutoff, order);
    for (double cost : pair_costs) {
      if (cost < at_cutoff) {
        localisation += cost;
        ++assigned;
      }
    }
  }
  result.missed = m - assigned;
  result.false_count = n - assigned;
  result.localisation = std::pow(localisation, 1.0 / order);
  result.distance =
      std::pow(localisation + half_penalty * (result.missed + result.false_count), 1.0 / order);
  return result;
}

ContinuitySummary TrackContinuity(std::span<const ScanAssociations> scans) {
  std::map<int, int> last_track_of_truth, last_truth_of_track;
  ContinuitySummary summary;
  for (const ScanAssociations& scan : scans) {
    for (const TrackTruthPair& pair : scan.pairs) {
      const auto [truth_it, new_truth] =
          last_track_of_truth.try_emplace(pair.truth_id, pair.track_id);
      if (!new_truth && truth_it->second != pair.track_id) {
        ++summary.fragments;
        truth_it->second = pair.track_id;
      }
      const auto [track_it, new_track] =
          last_truth_of_track.try_emplace(pair.track_id, pair.truth_id);
      if (!new_track && track_it->second != pair.truth_id) {
        ++summary.swaps;
        track_it->second = pair.truth_id;
      }
    }
  }
  summary.truths = static_cast<int>(last_track_of_truth.size());
  summary.tracks = static_cast<int>(last_truth_of_track.size());
  return summary;
}

std::optional<double> TimeToFirstTrack(std::span<const ScanAssociations> scans, int truth_id,
                                       double launch_time_s) {
  for (const ScanAssociations& scan : scans) {
    for (const TrackTruthPair& pair : scan.pairs) {
      if (pair.truth_id == truth_id) return scan.time_s - launch_time_s;
    }
  }
  return std::nullopt;
}

OspaResult OspaClustered(std::span<const Eigen::Vector3d> x, std::span<const Eigen::Vector3d> y,
                         double cutoff, double order) {
  TRILINK_CHECK(cutoff > 0.0 && order >= 1.0) << "OSPA needs cutoff > 0 and order >= 1";
  const int m = static_cast<int>(x.size()), n = static_cast<int>(y.size());
  if (m == 0 && n == 0) return {};
  if (m == 0 || n == 0) return {cutoff, 0.0, cutoff};
  const double at_cutoff = std::pow(cutoff, order);
  const auto cell_of = [&](const Eigen::Vector3d& p) {
    return Eigen::Vector3d((p / cutoff).array().floor());
  };
  const auto key = [](double ix, double iy, double iz) {
    constexpr double kOffset = 1 << 20;
    return (static_cast<uint64_t>(ix + kOffset) & 0x1FFFFF) |
           ((static_cast<uint64_t>(iy + kOffset) & 0x1FFFFF) << 21) |
           ((static_cast<uint64_t>(iz + kOffset) & 0x1FFFFF) << 42);
  };
  std::vector<std::pair<uint64_t, int>> grid(static_cast<size_t>(n));
  for (int j = 0; j < n; ++j) {
    const Eigen::Vector3d c = cell_of(y[static_cast<size_t>(j)]);
    grid[static_cast<size_t>(j)] = {key(c.x(), c.y(), c.z()), j};
  }
  std::sort(grid.begin(), grid.end());
  struct Edge {
    int i, j;
    double cost;  // d^p − c^p < 0
  };
  std::vector<Edge> edges;
  for (int i = 0; i < m; ++i) {
    const Eigen::Vector3d c = cell_of(x[static_cast<size_t>(i)]);
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dz = -1; dz <= 1; ++dz) {
          const uint64_t k = key(c.x() + dx, c.y() + dy, c.z() + dz);
          for (auto it =
                   std::lower_bound(grid.begin(), grid.end(), std::pair<uint64_t, int>{k, -1});
               it != grid.end() && it->first == k; ++it) {
            const double d =
                (x[static_cast<size_t>(i)] - y[static_cast<size_t>(it->second)]).norm();
            if (d < cutoff) edges.push_back({i, it->second, std::pow(d, order) - at_cutoff});
          }
        }
  }
  // Connected components over x (0 .. m−1) and y (m .. m+n−1).
  std::vector<int> parent(static_cast<size_t>(m + n));
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&](int a) {
    while (parent[static_cast<size_t>(a)] != a)
      a = parent[static_cast<size_t>(a)] =
          parent[static_cast<size_t>(parent[static_cast<size_t>(a)])];
    return a;
  };
  for (const Edge& e : edges) {
    const int a = find(e.i), b = find(m + e.j);
    if (a != b) parent[static_cast<size_t>(a)] = b;
  }
  std::sort(edges.begin(), edges.end(),
            [&](const Edge& a, const Edge& b) { return find(a.i) < find(b.i); });
  AssignmentSolver solver;
  std::vector<int> row_of(static_cast<size_t>(m), -1), column_of(static_cast<size_t>(n), -1);
  std::vector<double> costs;
  std::vector<int> assignment;
  double localisation = 0.0;  // Σ d^p over the matched pairs closer than c
  int close = 0;
  for (size_t begin = 0; begin < edges.size();) {
    const int root = find(edges[begin].i);
    size_t end = begin;
    int rows = 0, columns = 0;
    while (end < edges.size() && find(edges[end].i) == root) {
      if (row_of[static_cast<size_t>(edges[end].i)] < 0)
        row_of[static_cast<size_t>(edges[end].i)] = rows++;
      if (column_of[static_cast<size_t>(edges[end].j)] < 0)
        column_of[static_cast<size_t>(edges[end].j)] = columns++;
      ++end;
    }
    // Rows: the cluster's x; columns: its y, then one free "unmatched" column per row.
    const int width = columns + rows;
    costs.assign(static_cast<size_t>(rows * width), AssignmentSolver::kForbidden);
    for (int r = 0; r < rows; ++r) costs[static_cast<size_t>(r * width + columns + r)] = 0.0;
    for (size_t e = begin; e < end; ++e) {
      costs[static_cast<size_t>(row_of[static_cast<size_t>(edges[e].i)] * width +
                                column_of[static_cast<size_t>(edges[e].j)])] = edges[e].cost;
    }
    solver.Solve(costs, rows, width, &assignment);
    for (int r = 0; r < rows; ++r) {
      const int column = assignment[static_cast<size_t>(r)];
      if (column < columns) {
        localisation += costs[static_cast<size_t>(r * width + column)] + at_cutoff;
        ++close;
      }
    }
    for (size_t e = begin; e < end; ++e) {
      row_of[static_cast<size_t>(edges[e].i)] = -1;
      column_of[static_cast<size_t>(edges[e].j)] = -1;
    }
    begin = end;
  }
  // As Ospa(): the smaller set's unmatched points count at the cutoff in the
  // localisation part, the difference in sizes in the cardinality part.
  const double larger = std::max(m, n);
  const double cut_pairs = at_cutoff * (std::min(m, n) - close);
  const double cardinality = at_cutoff * std::abs(m - n);
  OspaResult result;
  result.distance = std::pow((localisation + cut_pairs + cardinality) / larger, 1.0 / order);
  result.localisation = std::pow((localisation + cut_pairs) / larger, 1.0 / order);
  result.cardinality = std::pow(cardinality / larger, 1.0 / order);
  return result;
}

}  // namespace trilink::tracking
