// asor: the relaxation kernel, shared by every SOR-type method.
//
// A sweep relaxes a range of rows in order and returns the sum of the squared
// row residuals it computed on the way; it decides nothing. The row residual
// r_i = b_i - sum_j a_ij x_j is needed for the update anyway, so this running
// estimate of ||b - A x||^2 costs no extra pass over the matrix.
#pragma once

#include <atomic>

#include "asor/csr_matrix.hpp"

namespace asor {

/// Reads and writes x directly: for a thread that owns all of x.
struct ExclusiveAccess {
    static double load(const double* x, Index i) noexcept { return x[i]; }
    static void store(double* x, Index i, double v) noexcept { x[i] = v; }
};

/// Reads and writes x through relaxed atomics: for an x that other threads
/// write at the same time. On x86-64 these are the same plain loads and
/// stores, but the program has no data race in the C++ memory model.
struct SharedAccess {
    static double load(const double* x, Index i) noexcept {
        // atomic_ref needs a non-const object; a relaxed load does not modify it.
        return std::atomic_ref<double>(const_cast<double&>(x[i])).load(std::memory_order_relaxed);
    }
    static void store(double* x, Index i, double v) noexcept {
        std::atomic_ref<double>(x[i]).store(v, std::memory_order_relaxed);
    }
};

/// Everything a sweep reads besides x; plain pointers so that the hot loop
/// sees concrete types and nothing else.
struct SweepData {
    const Offset* row_offsets;
    const Index* col_indices;
    const double* values;
    const double* inverse_diagonal;
    const double* rhs;
    double omega;
};

/// Relaxes rows [begin, end) in order: x_i += omega * r_i / a_ii with the
/// freshest x. Returns sum of r_i^2 over those rows (residuals before each
/// row's update). Requires sorted column indices within each row.
///
/// Gauss-Seidel is bound by latency, not bandwidth: row i needs x_{i-1}, just
/// written by row i - 1. So the part of the row sum that cannot depend on
/// this sweep's previous rows (columns >= i) is formed first, and the terms
/// left of the diagonal last, in column order, and the update is written as
/// (x_i + w r_right) - w left, so that the freshest value x_{i-1} meets
/// two multiplications and two additions on its way to x_i instead of five
/// operations plus the rest of the row sum. Measured on a 2D Poisson matrix
/// (bench/README.md): 7.8 ms per million rows against 11.2 for a plain
/// dot product.
template <class Access>
inline double sweep_rows(const SweepData& d, double* x, Index begin, Index end) noexcept {
    double residual_sq = 0.0;
    for (Index i = begin; i < end; ++i) {
        const Offset row_end = d.row_offsets[i + 1];
        Offset k = d.row_offsets[i];
        Offset split = k;
        while (split < row_end && d.col_indices[split] < i) ++split;
        double right = 0.0;  // columns >= i: values from before this row's turn
        for (Offset m = split; m < row_end; ++m) {
            right += d.values[m] * Access::load(x, d.col_indices[m]);
        }
        double left = 0.0;  // columns < i, ending with the freshest
        for (; k < split; ++k) left += d.values[k] * Access::load(x, d.col_indices[k]);
        const double w = d.omega * d.inverse_diagonal[i];
        const double partial = d.rhs[i] - right;
        const double r = partial - left;
        residual_sq += r * r;
        Access::store(x, i, (Access::load(x, i) + w * partial) - w * left);
    }
    return residual_sq;
}

}  // namespace asor
