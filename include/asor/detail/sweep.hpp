// asor: the relaxation kernel, shared by every SOR-type method.
//
// A sweep relaxes rows in order and returns the sum of the squared row
// residuals it computed on the way; it decides nothing. The row residual
// r_i = b_i - sum_j a_ij x_j is needed for the update anyway, so this running
// estimate of ||b - A x||^2 costs no extra pass over the matrix.
//
// Where x is read from and written to is a small "view" object, so that the
// same kernel serves a thread that owns x, threads that share it
// asynchronously, and processor-local SOR that reads other blocks from the
// previous sweep. Views are concrete types: the loop inlines them.
//
// With bounds (box constraints l <= x <= u, and the linear complementarity
// problem as l = 0, u = +inf), each update is projected onto [l_i, u_i] and
// the sweep sums the squares of the natural residual x_i - P(x_i + r_i)
// instead, P the projection: zero exactly at a solution of the constrained
// problem, and r_i itself without bounds.
#pragma once

#include <algorithm>
#include <atomic>

#include "asor/csr_matrix.hpp"

namespace asor {

/// Reads and writes x directly: for a thread that owns x, or rows no other
/// thread touches while it sweeps (one colour of a multicolour sweep).
/// Another thread writing an entry this one reads is a data race.
struct ExclusiveView {
    double* x;
    double load(Index i) const noexcept { return x[i]; }
    void store(Index i, double v) const noexcept { x[i] = v; }
};

/// Reads and writes x through relaxed atomics: for an x that other threads
/// write at the same time. On x86-64 these are the same plain loads and
/// stores, but the program has no data race in the C++ memory model.
struct SharedView {
    double* x;
    double load(Index i) const noexcept {
        return std::atomic_ref<double>(x[i]).load(std::memory_order_relaxed);
    }
    void store(Index i, double v) const noexcept {
        std::atomic_ref<double>(x[i]).store(v, std::memory_order_relaxed);
    }
};

/// Processor-local SOR: rows of the own block [first, end) are read fresh
/// from x; all other rows from `previous`, a copy of x made at the last
/// barrier, so that no thread reads what another is writing.
struct BlockLocalView {
    double* x;
    const double* previous;
    Index first;
    Index end;
    double load(Index i) const noexcept { return i >= first && i < end ? x[i] : previous[i]; }
    void store(Index i, double v) const noexcept { x[i] = v; }
};

/// Everything a sweep reads besides x; plain pointers so that the hot loop
/// sees concrete types and nothing else. Nothing is checked: the arrays must
/// hold a square CsrMatrix with sorted columns and n entries each for the
/// vectors, and stay valid and unchanged while any sweep runs (read-only, so
/// any number of threads may share one SweepData).
struct SweepData {
    const Offset* row_offsets;
    const Index* col_indices;
    const double* values;
    const double* inverse_diagonal;  ///< 1 / a_ii
    const double* rhs;               ///< b
    double omega;                    ///< relaxation factor
    /// Bounds, both null or both n entries (-inf and +inf where a side is
    /// free): updates are projected onto [lower_i, upper_i].
    const double* lower = nullptr;
    const double* upper = nullptr;
};

/// Relaxes row i: x_i += omega * r_i / a_ii with the freshest x, and returns
/// r_i (the residual before the update); if Projected, the new x_i is
/// projected onto [lower_i, upper_i] and the natural residual
/// x_i - P(x_i + r_i) is returned instead (lower and upper must then be
/// set). Requires sorted column indices and 0 <= i < n. Thread-safety is the
/// view's.
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
template <bool Projected, class View>
inline double relax_row(const SweepData& d, const View& x, Index i) noexcept {
    const Offset row_end = d.row_offsets[i + 1];
    Offset k = d.row_offsets[i];
    Offset split = k;
    while (split < row_end && d.col_indices[split] < i) ++split;
    double right = 0.0;  // columns >= i: values from before this row's turn
    for (Offset m = split; m < row_end; ++m) right += d.values[m] * x.load(d.col_indices[m]);
    double left = 0.0;  // columns < i, ending with the freshest
    for (; k < split; ++k) left += d.values[k] * x.load(d.col_indices[k]);
    const double w = d.omega * d.inverse_diagonal[i];
    const double partial = d.rhs[i] - right;
    const double old = x.load(i);
    const double next = (old + w * partial) - w * left;
    if constexpr (Projected) {
        // std::min/max keep a NaN from `next` or `old`: divergence stays visible.
        const auto project = [&](double v) {
            return std::min(std::max(v, d.lower[i]), d.upper[i]);
        };
        x.store(i, project(next));
        return old - project(old + (partial - left));
    } else {
        x.store(i, next);
        return partial - left;
    }
}

/// Unprojected relax_row: x_i += omega * r_i / a_ii; returns r_i.
template <class View>
inline double relax_row(const SweepData& d, const View& x, Index i) noexcept {
    return relax_row<false>(d, x, i);
}

namespace detail {

template <bool Projected, class View>
inline double sweep_rows_as(const SweepData& d, const View& x, Index begin, Index end) noexcept {
    double residual_sq = 0.0;
    for (Index i = begin; i < end; ++i) {
        const double r = relax_row<Projected>(d, x, i);
        residual_sq += r * r;
    }
    return residual_sq;
}

template <bool Projected, class View>
inline double sweep_row_list_as(const SweepData& d, const View& x, const Index* rows,
                                Index count) noexcept {
    double residual_sq = 0.0;
    for (Index k = 0; k < count; ++k) {
        const double r = relax_row<Projected>(d, x, rows[k]);
        residual_sq += r * r;
    }
    return residual_sq;
}

}  // namespace detail

/// Relaxes rows [begin, end) in order, projected if `d` has bounds (decided by
/// d.lower alone); returns the sum of their squared (natural) residuals, each
/// taken before its row's update.
template <class View>
inline double sweep_rows(const SweepData& d, const View& x, Index begin, Index end) noexcept {
    return d.lower != nullptr ? detail::sweep_rows_as<true>(d, x, begin, end)
                              : detail::sweep_rows_as<false>(d, x, begin, end);
}

/// Relaxes the `count` rows listed at `rows` in order (one colour of a
/// multicolour sweep); otherwise as sweep_rows.
template <class View>
inline double sweep_row_list(const SweepData& d, const View& x, const Index* rows,
                             Index count) noexcept {
    return d.lower != nullptr ? detail::sweep_row_list_as<true>(d, x, rows, count)
                              : detail::sweep_row_list_as<false>(d, x, rows, count);
}

}  // namespace asor
