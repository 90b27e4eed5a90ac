// asor: residuals computed afresh from A, x and b.
#pragma once

#include <span>

#include "asor/csr_matrix.hpp"

namespace asor {

/// ||b - A x||_2, computed with `threads` OpenMP threads (0: OpenMP's default).
/// This is what every report states; running estimates never are.
double residual_norm(const CsrMatrix& a, std::span<const double> x, std::span<const double> b,
                     int threads = 0);

/// ||v||_2 with scaling that avoids overflow for very large entries.
double norm2(std::span<const double> v);

}  // namespace asor
