// asor: residuals computed afresh from A, x and b.
#pragma once

#include <span>
#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// ||b - A x||_2, computed with `threads` OpenMP threads (<= 0: OpenMP's
/// default). This is what every report states; running estimates never are.
/// x must have a.cols entries, b a.rows (not checked). Squares are summed
/// unscaled: a residual beyond about 1e154 gives +inf. Allocates nothing,
/// throws nothing; safe to call concurrently.
double residual_norm(CsrView a, std::span<const double> x, std::span<const double> b,
                     int threads = 0);

/// ||x - P(x + b - A x)||_2 with P the projection onto [lower, upper]
/// (n entries each; -inf and +inf for a free side): the natural residual of
/// the box-constrained problem min 1/2 x^T A x - b^T x, lower <= x <= upper,
/// zero exactly at its solution (for an LCP, lower = 0, upper = +inf and
/// b = -q, it is ||min(z, M z + q)||_2). With infinite bounds it is
/// residual_norm, up to rounding. `threads`, sizes and guarantees as for
/// residual_norm, A square; both bounds must have n entries (empty spans are
/// not "no bounds").
double natural_residual_norm(CsrView a, std::span<const double> x, std::span<const double> b,
                             std::span<const double> lower, std::span<const double> upper,
                             int threads = 0);

/// ||v||_2 with scaling that avoids overflow for very large entries (a second
/// pass, taken only when the plain sum of squares is not finite or below
/// 1e-280). A NaN entry gives NaN, an infinite one +inf. Sequential; throws
/// nothing.
double norm2(std::span<const double> v);

/// How several columns of x and b lie in one array of n * columns entries.
enum class ColumnLayout {
    interleaved,   ///< entry (i, c) at i * columns + c, as the sweeps keep them
    column_major,  ///< entry (i, c) at c * n + i, as DenseMatrix keeps them
};

/// ||b_c - A x_c||_2 for each of `columns` (1 to 4) systems, reading A once
/// for all of them. Uses `threads` OpenMP threads; throws nothing.
std::vector<double> column_residual_norms(CsrView a, std::span<const double> x,
                                          std::span<const double> b, int columns,
                                          ColumnLayout layout, int threads = 0);

}  // namespace asor
