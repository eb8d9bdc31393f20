#include "trilink/tracking/assignment.h"

#include <limits>

#include "trilink/core/error.h"

namespace trilink::tracking {

double AssignmentSolver::Solve(std::span<const double> costs, int rows, int columns,
                               std::vector<int>* column_of_row) {
  TRILINK_CHECK(rows <= columns) << "assignment needs rows <= columns, got " << rows << " x "
                                 << columns;
  TRILINK_CHECK(costs.size() == static_cast<size_t>(rows) * static_cast<size_t>(columns))
      << "cost matrix size does not match " << rows << " x " << columns;
  // 1-based internally: column 0 is the virtual start of each augmenting path.
  const size_t n = static_cast<size_t>(rows), m = static_cast<size_t>(columns);
  row_potential_.assign(n + 1, 0.0);
  column_potential_.assign(m + 1, 0.0);
  row_of_column_.assign(m + 1, 0);
  predecessor_.assign(m + 1, 0);
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  for (size_t row = 1; row <= n; ++row) {
    row_of_column_[0] = static_cast<int>(row);
    size_t column0 = 0;
    shortest_.assign(m + 1, kInfinity);
    visited_.assign(m + 1, 0);
    // Dijkstra on reduced costs from the new row to a free column.
    do {
      visited_[column0] = 1;
      const size_t row0 = static_cast<size_t>(row_of_column_[column0]);
      double delta = kInfinity;
      size_t column1 = 0;
      const double* cost_row = costs.data() + (row0 - 1) * m;
      for (size_t column = 1; column <= m; ++column) {
        if (visited_[column]) continue;
        const double reduced =
            cost_row[column - 1] - row_potential_[row0] - column_potential_[column];
        if (reduced < shortest_[column]) {
          shortest_[column] = reduced;
          predecessor_[column] = static_cast<int>(column0);
        }
        if (shortest_[column] < delta) {
          delta = shortest_[column];
          column1 = column;
        }
      }
      for (size_t column = 0; column <= m; ++column) {
        if (visited_[column]) {
          row_potential_[static_cast<size_t>(row_of_column_[column])] += delta;
          column_potential_[column] -= delta;
        } else {
          shortest_[column] -= delta;
        }
      }
      column0 = column1;
    } while (row_of_column_[column0] != 0);
    // Augment along the path back to the start.
    do {
      const size_t column1 = static_cast<size_t>(predecessor_[column0]);
      row_of_column_[column0] = row_of_column_[column1];
      column0 = column1;
    } while (column0 != 0);
  }
  column_of_row->assign(n, -1);
  double total = 0.0;
  for (size_t column = 1; column <= m; ++column) {
    if (row_of_column_[column] == 0) continue;
    const size_t row = static_cast<size_t>(row_of_column_[column]);
    (*column_of_row)[row - 1] = static_cast<int>(column - 1);
    total += costs[(row - 1) * m + column - 1];
  }
  return total;
}

}  // namespace trilink::tracking
