// asor: residuals computed afresh from A, x and b.
#pragma once

#include <span>

#include "asor/csr_matrix.hpp"

namespace asor {

/// ||b - A x||_2, computed with `threads` OpenMP threads (0: OpenMP's default).
/// This is what every report states; running estimates never are.
double residual_norm(const CsrMatrix& a, std::span<const double> x, std::span<const double> b,
                     int threads = 0);

/// ||x - P(x + b - A x)||_2 with P the projection onto [lower, upper]
/// (n entries each; -inf and +inf for a free side): the natural residual of
/// the box-constrained problem min 1/2 x^T A x - b^T x, lower <= x <= upper,
/// zero exactly at its solution (for an LCP, lower = 0, upper = +inf and
/// b = -q, it is ||min(z, M z + q)||_2). Equal to residual_norm without
/// bounds. `threads` as for residual_norm.
double natural_residual_norm(const CsrMatrix& a, std::span<const double> x,
                             std::span<const double> b, std::span<const double> lower,
                             std::span<const double> upper, int threads = 0);

/// ||v||_2 with scaling that avoids overflow for very large entries.
double norm2(std::span<const double> v);

}  // namespace asor
