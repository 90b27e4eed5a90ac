// asor: colouring rows so that rows of one colour can be relaxed in parallel.
#pragma once

#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// Rows grouped by colour: no two rows of one colour are coupled (neither
/// a_ij nor a_ji is stored), so relaxing all rows of a colour at once reads
/// no value another row of that colour writes.
struct RowColoring {
    /// Rows of colour c are rows[color_offsets[c] .. color_offsets[c + 1]),
    /// in increasing order.
    std::vector<Offset> color_offsets{0};
    std::vector<Index> rows;  ///< every row exactly once, grouped by colour

    /// Number of colours (0 for a matrix with no rows).
    [[nodiscard]] int colors() const noexcept { return static_cast<int>(color_offsets.size()) - 1; }
};

/// Greedy colouring in natural row order: each row takes the smallest colour
/// none of its neighbours (in A or in A^T) has. Uses at most one more colour
/// than the largest number of neighbours of a row; a 5-point Laplacian gets
/// 2 (red-black). Deterministic. Requires a square matrix satisfying the
/// CsrMatrix invariants (neither is checked: anything else is undefined
/// behaviour). Throws nothing but std::bad_alloc; thread-safe.
RowColoring color_rows_greedily(CsrView a);

}  // namespace asor
