#include "trilink/tracking/assignment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "trilink/core/random.h"

namespace trilink::tracking {
namespace {

// The least total cost over every injective row → column map, by brute force.
double BruteForce(const std::vector<double>& costs, int rows, int columns) {
  std::vector<int> columns_order(static_cast<size_t>(columns));
  std::iota(columns_order.begin(), columns_order.end(), 0);
  double best = 1e300;
  do {
    double total = 0.0;
    for (int r = 0; r < rows; ++r)
      total += costs[static_cast<size_t>(r * columns + columns_order[r])];
    best = std::min(best, total);
  } while (std::next_permutation(columns_order.begin(), columns_order.end()));
  return best;
}

TEST(AssignmentSolver, MatchesBruteForceOnRandomMatrices) {
  constexpr int kNumTrials = 300;
  RandomStream random(7, "assignment");
  AssignmentSolver solver;
  std::vector<int> column_of_row;
  for (int trial = 0; trial < kNumTrials; ++trial) {
    const int rows = 1 + static_cast<int>(random.Uniform() * 5);
    const int columns = rows + static_cast<int>(random.Uniform() * 3);
    std::vector<double> costs(static_cast<size_t>(rows * columns));
    for (double& c : costs) {
      // Some forbidden pairs, as the tracker makes them, and ties.
      const double u = random.Uniform();
      c = u < 0.2 ? AssignmentSolver::kForbidden : std::round(random.Uniform() * 20.0);
    }
    const double total = solver.Solve(costs, rows, columns, &column_of_row);
    EXPECT_NEAR(total, BruteForce(costs, rows, columns), 1e-6) << "trial " << trial;
    std::vector<int> used = column_of_row;
    std::sort(used.begin(), used.end());
    EXPECT_TRUE(std::adjacent_find(used.begin(), used.end()) == used.end()) << "trial " << trial;
    double recomputed = 0.0;
    for (int r = 0; r < rows; ++r)
      recomputed += costs[static_cast<size_t>(r * columns + column_of_row[r])];
    EXPECT_DOUBLE_EQ(recomputed, total);
  }
}

TEST(AssignmentSolver, PrefersTheGlobalOptimumOverGreedy) {
  // Greedy takes (0,0) = 1 and then must pay 100 for (1,1); the optimum is 2 + 3.
  const std::vector<double> costs = {1, 2,  //
                                     3, 100};
  AssignmentSolver solver;
  std::vector<int> column_of_row;
  EXPECT_DOUBLE_EQ(solver.Solve(costs, 2, 2, &column_of_row), 5.0);
  EXPECT_EQ(column_of_row, (std::vector<int>{1, 0}));
}

}  // namespace
}  // namespace trilink::tracking
