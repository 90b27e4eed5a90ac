// asor: a linear system A x = b checked and prepared for relaxation.
#pragma once

#include <span>
#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// A x = b with what every SOR-type sweep needs precomputed: the inverse of
/// the diagonal (a multiplication in the hot loop instead of a division) and
/// ||b||_2 (the scale of every relative residual). Refers to A and b without
/// copying them: both must outlive the system.
struct LinearSystem {
    const CsrMatrix& matrix;
    std::span<const double> rhs;
    std::vector<double> inverse_diagonal;  ///< 1 / a_ii, finite, n entries
    double rhs_norm = 0.0;                 ///< ||b||_2, or 1 when b = 0 so that ratios stay finite
};

/// Checks that A is square, that every diagonal entry is present, non-zero and
/// has a finite inverse (naming the first bad row, 1-based as in the file),
/// that b has n entries, all finite, and that no entry of A or b exceeds 1e150
/// in magnitude, none NaN or Inf (residuals are summed as squares, which
/// would overflow); throws asor::Error (input) otherwise, std::bad_alloc if
/// the inverse diagonal does not fit. Does not check the CsrMatrix
/// invariants. Uses `threads` OpenMP threads (<= 0: OpenMP's default); safe
/// to call concurrently.
LinearSystem prepare_system(const CsrMatrix& a, std::span<const double> b, int threads = 0);

/// b = A * ones(n): the right-hand side whose exact solution is all ones, used
/// when the user gives none. a.rows entries; sequential. Throws nothing but
/// std::bad_alloc.
std::vector<double> rhs_for_ones_solution(const CsrMatrix& a);

/// Throws asor::Error (input) unless `x0` has `n` entries, all finite and at
/// most 1e150 in magnitude, naming the first bad entry (1-based).
void check_initial_guess(std::span<const double> x0, Index n);

}  // namespace asor
