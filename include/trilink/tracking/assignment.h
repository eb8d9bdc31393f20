// Exact linear assignment: the rows of a cost matrix are matched to distinct
// columns at the least total cost.
//
// Shortest augmenting paths with row and column potentials (the
// Jonker–Volgenant family; Jonker & Volgenant, "A shortest augmenting path
// algorithm for dense and sparse linear assignment problems", Computing 38,
// 1987; the O(n² m) form of Burkard, Dell'Amico & Martello, "Assignment
// Problems", 2009, §4.4). Rows ≤ columns; every row is assigned. Written
// here because no Debian-packaged C++ library offers it without pulling in a
// whole optimisation suite; the tracker calls it on each small cluster.
//
// Forbidden pairs get kForbidden, a large finite cost (never ∞, which would
// poison the potentials); the caller makes sure every row has an allowed
// column (the tracker's "miss" columns).
//
// Usage:
//   AssignmentSolver solver;
//   std::vector<int> column_of_row;
//   double total = solver.Solve(costs, rows, columns, &column_of_row);
#pragma once

#include <span>
#include <vector>

namespace trilink::tracking {

class AssignmentSolver {
 public:
  static constexpr double kForbidden = 1e15;

  // costs: rows × columns, row-major, finite; rows <= columns.
  // column_of_row: resized to rows, the column given to each row.
  // Returns the total cost. Reuses its buffers: no allocation once warm.
  double Solve(std::span<const double> costs, int rows, int columns,
               std::vector<int>* column_of_row);

 private:
  std::vector<double> row_potential_, column_potential_, shortest_;
  std::vector<int> row_of_column_, predecessor_;
  std::vector<char> visited_;
};

}  // namespace trilink::tracking
