// asor: what a user needs to know about a matrix before solving (`asor info`).
#pragma once

#include <string>

#include "asor/csr_matrix.hpp"

namespace asor {

/// Structure, symmetry, dominance and spectral estimates of a matrix, and
/// what they mean for SOR. For a matrix that is not square only the counts
/// are computed; the rest keeps its defaults (false, 0, NaN) and
/// async_guarantee says so.
struct MatrixProperties {
    Index rows = 0;
    Index cols = 0;
    Offset nonzeros = 0;
    Index min_row_nonzeros = 0;
    Index max_row_nonzeros = 0;
    double mean_row_nonzeros = 0.0;
    /// Checked entry by entry: max |a_ij - a_ji| <= 1e-12 max |a_ij|.
    bool symmetric = false;
    double symmetry_error = 0.0;     ///< max |a_ij - a_ji| / max |a_ij|
    bool positive_diagonal = false;  ///< every a_ii present and > 0
    /// Rows with |a_ii| > sum_{j != i} |a_ij| (strict) and with >= (weak,
    /// strict rows included), and min over rows of that ratio.
    Index strictly_dominant_rows = 0;
    Index weakly_dominant_rows = 0;
    double worst_dominance_ratio = 0.0;  ///< +inf when no row has an off-diagonal entry
    /// Positive diagonal and no positive off-diagonal entry (a Z-matrix):
    /// an M-matrix exactly when the Jacobi spectral radius is below 1.
    bool m_matrix_candidate = false;
    /// Estimates of the smallest and largest eigenvalues of D^-1/2 A D^-1/2
    /// (those of D^-1 A) from Lanczos steps, for symmetric A with a positive
    /// diagonal; NaN otherwise. Ritz values lie inside the spectrum, so
    /// spectrum_low is an upper and spectrum_high a lower estimate.
    double spectrum_low = 0.0;
    double spectrum_high = 0.0;
    /// Gershgorin's upper bound on those eigenvalues, max_i sum_j
    /// |a_ij| / sqrt(a_ii a_jj) (NaN where the estimates are).
    double spectrum_bound = 0.0;
    /// |spectrum_low| <= 1e-9 spectrum_high: A singular or nearly so; then no
    /// omega is recommended and no convergence promised.
    bool nearly_singular = false;
    /// Estimate of rho(J), J = I - D^-1 A: max(|1 - spectrum_low|,
    /// |1 - spectrum_high|), NaN where those are.
    double jacobi_radius = 0.0;
    /// Lanczos steps taken: at most the limit given, fewer once rho(J) and
    /// spectrum_low settle (change by less than 1e-3 of their distance from
    /// where Young's formula breaks down over 5 steps); spectrum_high may
    /// then still be up to about 1% short where it does not set rho(J).
    int lanczos_steps = 0;
    /// Young's omega 2 / (1 + sqrt(1 - rho^2)) when rho < 1 and A is not
    /// nearly singular, else NaN.
    double recommended_omega = 0.0;
    /// Which condition guarantees asynchronous SOR converges, with its omega
    /// range, or that none is known (then the monitor guards).
    std::string async_guarantee;
    /// 2 / (1 + r), r an upper bound on rho(|J|) (the largest row ratio, for
    /// strict dominance) or the Lanczos estimate of rho(J) (M-matrix); NaN
    /// when no guarantee is known.
    double async_omega_bound = 0.0;
};

/// Computes the properties of `a` (square or not; everything past the counts
/// needs a square matrix). `lanczos_steps` bounds the Lanczos iteration
/// (default 150; values below 2 count as 2); each step is one pass over A,
/// on OpenMP's default number of threads for 20,000 rows or more. Requires
/// the CsrMatrix invariants (not checked). Deterministic up to the rounding
/// of threaded sums (the Lanczos start vector is fixed). Throws nothing but
/// std::bad_alloc; thread-safe.
MatrixProperties analyze_matrix(CsrView a, int lanczos_steps = 150);

/// The properties as one JSON object (non-finite numbers as null), ending
/// with a newline. Throws nothing but std::bad_alloc.
std::string to_json(const MatrixProperties& properties);

}  // namespace asor
