// asor: a linear system A x = b checked and prepared for relaxation.
#pragma once

#include <span>
#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// A checked for relaxation, with the inverse of its diagonal precomputed
/// (a multiplication in the hot loop instead of a division), once for any
/// number of right-hand sides. Refers to A without copying it.
struct PreparedMatrix {
    CsrView matrix;
    std::vector<double> inverse_diagonal;  ///< 1 / a_ii, finite, n entries
};

/// Checks that A is square, that every diagonal entry is present, non-zero
/// and has a finite inverse (naming the first bad row, 1-based as in the
/// file), and that no entry exceeds 1e150 in magnitude, none NaN or Inf
/// (residuals are summed as squares, which would overflow); throws
/// asor::Error (input) otherwise, std::bad_alloc if the inverse diagonal
/// does not fit. Does not check the CsrMatrix invariants. Uses `threads`
/// OpenMP threads (<= 0: OpenMP's default); safe to call concurrently.
PreparedMatrix prepare_matrix(CsrView a, int threads = 0);

/// Throws asor::Error (input) unless b has n entries, all finite and at most
/// 1e150 in magnitude (naming the first bad one, 1-based); returns ||b||_2,
/// or 1 when b = 0 so that relative residuals stay finite.
double check_rhs(std::span<const double> b, Index n);

/// A x = b as a sweep reads it: the prepared matrix and one right-hand side.
/// Refers to both: they must outlive it.
struct LinearSystem {
    CsrView matrix;
    std::span<const double> rhs;
    std::span<const double> inverse_diagonal;  ///< 1 / a_ii, n entries
    double rhs_norm = 0.0;                     ///< ||b||_2, or 1 when b = 0 (see check_rhs)
    /// Right-hand sides swept together (SweepData::columns): rhs then holds
    /// n * columns entries, interleaved, and rhs_norm is the norm of all of
    /// them; column_rhs_norms has one norm per column (1 for a zero column).
    int columns = 1;
    std::span<const double> column_rhs_norms;
};

/// The system of a prepared matrix and a checked b (check_rhs).
LinearSystem make_system(const PreparedMatrix& prepared, std::span<const double> b);

/// b = A * ones(n): the right-hand side whose exact solution is all ones, used
/// when the user gives none. a.rows entries; sequential. Throws nothing but
/// std::bad_alloc.
std::vector<double> rhs_for_ones_solution(CsrView a);

/// Throws asor::Error (input) unless `x0` has `n` entries, all finite and at
/// most 1e150 in magnitude, naming the first bad entry (1-based).
void check_initial_guess(std::span<const double> x0, Index n);

}  // namespace asor
