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
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "asor/csr_matrix.hpp"
#include "asor/detail/compact_matrix.hpp"
#include "asor/detail/row_partition.hpp"

namespace asor {

/// Reads and writes x directly: for a thread that owns x, or rows no other
/// thread touches while it sweeps (one colour of a multicolour sweep).
/// Another thread writing an entry this one reads is a data race.
struct ExclusiveView {
    static constexpr bool reads_its_writes = true;  ///< load(i) after store(i, v) gives v
    double* x;
    double load(Index i) const noexcept { return x[i]; }
    void store(Index i, double v) const noexcept { x[i] = v; }
};

/// Reads and writes x through relaxed atomics: for an x that other threads
/// write at the same time. On x86-64 these are the same plain loads and
/// stores, but the program has no data race in the C++ memory model.
struct SharedView {
    static constexpr bool reads_its_writes = true;  ///< for the rows this thread owns
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
    static constexpr bool reads_its_writes = true;  ///< within [first, end)
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
    /// When set, the sweeps read A from here (float32 values, narrow
    /// columns) instead of the four arrays above, which may then be null.
    const CompactMatrix* compact = nullptr;
    /// Right-hand sides swept together, 1 to kMaxSweptColumns: x and rhs
    /// then hold n * columns entries, entry (i, c) at i * columns + c (a
    /// view's index is that position). No bounds with more than one.
    int columns = 1;
};

/// The most right-hand sides one sweep relaxes together.
inline constexpr int kMaxSweptColumns = 4;

namespace detail {

// How relax_row reads the rows of A. Each is a concrete type, so that the
// hot loop inlines it; the compact ones cover one chunk of rows.

/// The CSR arrays of SweepData: double values, 32-bit columns.
struct DoubleRows {
    const Offset* offsets;
    const Index* columns;
    const double* values;
    const double* inverse_diagonal;
    explicit DoubleRows(const SweepData& d) noexcept
        : offsets(d.row_offsets),
          columns(d.col_indices),
          values(d.values),
          inverse_diagonal(d.inverse_diagonal) {}
    Offset begin(Index i) const noexcept { return offsets[i]; }
    Offset end(Index i) const noexcept { return offsets[i + 1]; }
    Index column(Index /*row*/, Offset k) const noexcept { return columns[k]; }
    double value(Offset k) const noexcept { return values[k]; }
    double inverse(Index i) const noexcept { return inverse_diagonal[i]; }
};

/// One chunk of a CompactMatrix: float32 values; columns as int16 offsets
/// from the row (Narrow) or 32-bit indices.
template <bool Narrow>
struct CompactRows {
    using Column = std::conditional_t<Narrow, std::int16_t, Index>;
    const std::uint32_t* offsets;
    const Column* chunk_columns;  ///< the chunk's first entry's column
    std::uint32_t first_entry;    ///< that entry's index in values
    const float* values;
    const float* inverse_diagonal;
    CompactRows(const CompactMatrix& c, const CompactMatrix::Chunk& chunk) noexcept
        : offsets(c.row_offsets.data()),
          chunk_columns(column_array(c) + chunk.column_start),
          first_entry(chunk.first_entry),
          values(c.values.data()),
          inverse_diagonal(c.inverse_diagonal.data()) {}
    static const Column* column_array(const CompactMatrix& c) noexcept {
        if constexpr (Narrow) {
            return c.column_offsets.data();
        } else {
            return c.columns.data();
        }
    }
    Offset begin(Index i) const noexcept { return offsets[i]; }
    Offset end(Index i) const noexcept { return offsets[i + 1]; }
    Index column(Index row, Offset k) const noexcept {
        const Column stored = chunk_columns[k - first_entry];
        if constexpr (Narrow) {
            return row + stored;
        } else {
            return stored;
        }
    }
    double value(Offset k) const noexcept { return values[k]; }
    double inverse(Index i) const noexcept { return inverse_diagonal[i]; }
};

/// One stencil chunk of a CompactMatrix (E entries a row, S of them left of
/// the diagonal): the row offsets are computed and the columns are the row
/// plus constants, so the loops over a row have a fixed length and read
/// nothing but values and x.
template <int E, int S>
struct StencilRows {
    std::array<Index, E> offsets;
    Offset first_entry;  ///< the chunk's first row's first entry
    Index first_row;
    const float* values;
    const float* inverse_diagonal;
    StencilRows(const CompactMatrix& c, const CompactMatrix::Chunk& chunk, Index first) noexcept
        : first_entry(chunk.first_entry),
          first_row(first),
          values(c.values.data()),
          inverse_diagonal(c.inverse_diagonal.data()) {
        std::copy_n(chunk.stencil_offsets.begin(), E, offsets.begin());
    }
    const float* row_values(Index i) const noexcept {
        return values + first_entry + Offset{i - first_row} * E;
    }
    double inverse(Index i) const noexcept { return inverse_diagonal[i]; }
};

/// Row i of A cut at the diagonal, as Gauss-Seidel needs it: the entries
/// right of it (columns >= i, diagonal included: values from before this
/// row's turn), the far left ones, and the left entry nearest the diagonal,
/// whose x_j is the freshest value (coefficient 0 if the row has none).
template <class Rows>
struct RowSplit {
    const Rows& rows;
    Index i;
    Offset first, split, end;
    double nearest_left = 0.0;
    Index nearest_column = 0;

    // Inlined whatever the inliner's budget says: a call per row would cost
    // more than the row (measured with 4 columns).
    [[gnu::always_inline]] RowSplit(const Rows& r, Index row) noexcept
        : rows(r), i(row), first(r.begin(row)), split(first), end(r.end(row)) {
        while (split < end && rows.column(i, split) < i) ++split;
        if (split > first) {
            nearest_left = rows.value(split - 1);
            nearest_column = rows.column(i, split - 1);
        }
    }
    bool has_left() const noexcept { return split > first; }
    /// Calls f(a_ij, j) for the columns j >= i (diagonal included), in order.
    template <class F>
    void each_right(F&& f) const noexcept {
        each_entry(split, end, f);
    }
    /// The same for the left columns but the nearest, in column order.
    template <class F>
    void each_far_left(F&& f) const noexcept {
        if (split > first) each_entry(first, split - 1, f);
    }
    template <class F>
    void each_entry(Offset from, Offset to, F& f) const noexcept {
        for (Offset m = from; m < to; ++m) f(rows.value(m), rows.column(i, m));
    }
    /// x at the nearest left column, or 0 if the row has none; `written`, if
    /// given, is x_{i-1} as this sweep just wrote it, used when that is the
    /// column: the value then stays in a register instead of a round trip
    /// through memory on the critical path.
    template <int K = 1, class View>
    double freshest(const View& x, int c = 0, const double* written = nullptr) const noexcept {
        if (split == first) return 0.0;
        if (written != nullptr && nearest_column == i - 1) return *written;
        return x.load(nearest_column * K + c);
    }
};

/// The same for a row of a stencil chunk: loops of a fixed length, columns
/// at fixed offsets from the row, nothing to search.
template <int E, int S>
struct RowSplit<StencilRows<E, S>> {
    const StencilRows<E, S>& rows;
    Index i;
    const float* values;
    double nearest_left;
    Index nearest_column;

    RowSplit(const StencilRows<E, S>& r, Index row) noexcept
        : rows(r),
          i(row),
          values(r.row_values(row)),
          nearest_left(values[S - 1]),
          nearest_column(row + r.offsets[S - 1]) {}
    static constexpr bool has_left() noexcept { return true; }
    template <class F>
    void each_right(F&& f) const noexcept {
        each_entry<S, E>(f);
    }
    template <class F>
    void each_far_left(F&& f) const noexcept {
        each_entry<0, S - 1>(f);
    }
    template <int From, int To, class F>
    void each_entry(F& f) const noexcept {
#pragma GCC unroll 8
        for (int e = From; e < To; ++e) {
            f(double{values[e]}, i + rows.offsets[static_cast<std::size_t>(e)]);
        }
    }
    template <int K = 1, class View>
    double freshest(const View& x, int c = 0, const double* written = nullptr) const noexcept {
        if (written != nullptr && nearest_column == i - 1) return *written;
        return x.load(nearest_column * K + c);
    }
};

/// An each_right / each_far_left callback: sums[c] += a_ij * x(j, c) for
/// each of the K columns of an interleaved x (entry (j, c) at j * K + c).
template <int K, class View>
auto add_products_to(double (&sums)[K], const View& x) noexcept {
    return [&sums, &x](double a, Index j) {
        const Index at = j * K;
#pragma GCC unroll 4
        for (int c = 0; c < K; ++c) sums[c] += a * x.load(at + c);
    };
}

/// relax_row (below) on rows read through `rows`.
template <bool Projected, class Rows, class View>
inline double relax_row_of(const SweepData& d, const Rows& rows, const View& x, Index i,
                           double* written = nullptr, bool previous_written = false) noexcept {
    const RowSplit<Rows> row(rows, i);
    double right[1] = {}, left_far_sum[1] = {};
    row.each_right(add_products_to(right, x));
    row.each_far_left(add_products_to(left_far_sum, x));
    const double left_far = left_far_sum[0];
    const double w = d.omega * rows.inverse(i);
    const double partial = d.rhs[i] - right[0];
    const double old = x.load(i);
    // Everything but the freshest term is ready before it is: the last
    // value written, x_j of the left column nearest the diagonal, then
    // meets one multiplication and one subtraction on its way to x_i.
    const double base = (old + w * partial) - w * left_far;
    const double fresh = row.freshest(x, 0, previous_written ? written : nullptr);
    const double next = base - (w * row.nearest_left) * fresh;
    const double left = left_far + row.nearest_left * fresh;
    if constexpr (Projected) {
        // std::min/max keep a NaN from `next` or `old`: divergence stays visible.
        const auto project = [&](double v) {
            return std::min(std::max(v, d.lower[i]), d.upper[i]);
        };
        const double stored = project(next);
        x.store(i, stored);
        if (written != nullptr) *written = stored;
        return old - project(old + (partial - left));
    } else {
        x.store(i, next);
        if (written != nullptr) *written = next;
        return partial - left;
    }
}

}  // namespace detail

/// Relaxes row i: x_i += omega * r_i / a_ii with the freshest x, and returns
/// r_i (the residual before the update); if Projected, the new x_i is
/// projected onto [lower_i, upper_i] and the natural residual
/// x_i - P(x_i + r_i) is returned instead (lower and upper must then be
/// set). Reads A from d's CSR arrays (d.compact is ignored). Requires sorted
/// column indices and 0 <= i < n. Thread-safety is the view's.
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
    return detail::relax_row_of<Projected>(d, detail::DoubleRows(d), x, i);
}

/// Unprojected relax_row: x_i += omega * r_i / a_ii; returns r_i.
template <class View>
inline double relax_row(const SweepData& d, const View& x, Index i) noexcept {
    return relax_row<false>(d, x, i);
}

namespace detail {

// What relaxing one row means, and the squared residual it contributes:
// one right-hand side, projected or not, ...
template <bool Projected>
struct OneColumn {
    /// `written`: x_{i-1} as just written, if `previous_written`; receives x_i.
    template <class Rows, class View>
    static double relax(const SweepData& d, const Rows& rows, const View& x, Index i,
                        double* written = nullptr, bool previous_written = false) noexcept {
        const double r = relax_row_of<Projected>(d, rows, x, i, written, previous_written);
        return r * r;
    }
};

// Two doubles as one SSE2 register (GCC's and Clang's vector extension):
// the columns of an interleaved x, two at a time. 16 bytes, the width every
// x86-64 has; GCC splits wider vectors badly without -mavx.
using Pair [[gnu::vector_size(2 * sizeof(double))]] = double;

inline Pair load_pair(const double* from) noexcept {
    Pair v;
    std::memcpy(&v, from, sizeof v);
    return v;
}

inline void store_pair(double* to, Pair v) noexcept { std::memcpy(to, &v, sizeof v); }

// ... or K right-hand sides at once, x and b interleaved (entry (i, c) at
// i * K + c): row i of A is read once for all K, the memory traffic of one
// sweep shared by K systems. No bounds. The same order of operations as
// relax_row, for each column.
template <int K>
struct Columns {
    /// Whether rows are relaxed as pairs (relax_pairs) through View.
    template <class View>
    static constexpr bool in_pairs() {
        return K % 2 == 0 && std::is_same_v<View, ExclusiveView>;
    }

    template <class Rows, class View>
    static double relax(const SweepData& d, const Rows& rows, const View& x, Index i) noexcept {
        if constexpr (in_pairs<View>()) {
            const Pair residual_sq = relax_pairs(d, rows, x.x, i);
            return residual_sq[0] + residual_sq[1];
        } else {
            return relax_each(d, rows, x, i);
        }
    }

    template <class Rows, class View>
    static double relax_each(const SweepData& d, const Rows& rows, const View& x,
                             Index i) noexcept {
        const RowSplit<Rows> row(rows, i);
        double right[K] = {};
        double left_far[K] = {};
        row.each_right(add_products_to(right, x));
        row.each_far_left(add_products_to(left_far, x));
        const double w = d.omega * rows.inverse(i);
        double residual_sq = 0.0;
        for (int c = 0; c < K; ++c) {
            const Index at = i * K + c;
            const double partial = d.rhs[at] - right[c];
            const double old = x.load(at);
            const double base = (old + w * partial) - w * left_far[c];
            const double fresh = row.template freshest<K>(x, c);
            x.store(at, base - (w * row.nearest_left) * fresh);
            const double r = partial - (left_far[c] + row.nearest_left * fresh);
            residual_sq += r * r;
        }
        return residual_sq;
    }

    // relax_each with the K columns of a row as K / 2 pairs: the same
    // operations lane by lane, so the same x to the last bit (the squared
    // residuals are summed in another order), in 104 instructions a row
    // instead of 145 (compact stencil, K = 4, callgrind, with the squares
    // summed as pairs across rows by sweep_range). Only where x is
    // plain memory: through std::atomic_ref each entry is a load of its own.
    // Returns the squared residuals of the even and of the odd columns.
    template <class Rows>
    [[gnu::always_inline]] static Pair relax_pairs(const SweepData& d, const Rows& rows, double* x,
                                                   Index i) noexcept {
        constexpr int P = K / 2;
        // Pair h of row j of an interleaved vector: its columns 2h and 2h + 1.
        const auto pair_of = [](const double* v, Index j, int h) {
            return load_pair(v + std::ptrdiff_t{j} * K + 2 * h);
        };
        // An each_right / each_far_left callback, as add_products_to.
        const auto add_pairs_to = [&pair_of, x](Pair(&sums)[P]) {
            return [&sums, &pair_of, x](double a, Index j) {
                const Pair av = {a, a};
#pragma GCC unroll 2
                for (int h = 0; h < P; ++h) sums[h] += av * pair_of(x, j, h);
            };
        };
        const RowSplit<Rows> row(rows, i);
        Pair right[P] = {}, left_far[P] = {};
        row.each_right(add_pairs_to(right));
        row.each_far_left(add_pairs_to(left_far));
        const double w = d.omega * rows.inverse(i);
        const Pair wv = {w, w};
        const Pair near = {row.nearest_left, row.nearest_left};
        const Pair w_near = {w * row.nearest_left, w * row.nearest_left};
        Pair residual_sq = {};
#pragma GCC unroll 2
        for (int h = 0; h < P; ++h) {
            const Pair partial = pair_of(d.rhs, i, h) - right[h];
            const Pair fresh = row.has_left() ? pair_of(x, row.nearest_column, h) : Pair{};
            const Pair base = (pair_of(x, i, h) + wv * partial) - wv * left_far[h];
            store_pair(x + std::ptrdiff_t{i} * K + 2 * h, base - w_near * fresh);
            const Pair r = partial - (left_far[h] + near * fresh);
            residual_sq += r * r;
        }
        return residual_sq;
    }
};

template <class View>
constexpr bool reads_its_writes() {
    if constexpr (requires { View::reads_its_writes; }) {
        return View::reads_its_writes;
    } else {
        return false;
    }
}

template <class Mode>
constexpr bool is_one_column() {
    return std::is_same_v<Mode, OneColumn<true>> || std::is_same_v<Mode, OneColumn<false>>;
}

template <class Mode, class View>
constexpr bool in_pairs() {
    if constexpr (requires { Mode::template in_pairs<View>(); }) {
        return Mode::template in_pairs<View>();
    } else {
        return false;
    }
}

template <class Mode, class Rows, class View>
inline double sweep_range(const SweepData& d, const Rows& rows, const View& x, Index begin,
                          Index end) noexcept {
    double residual_sq = 0.0;
    // Copies of their own, which the stores to x cannot touch (a double
    // store may alias omega): their fields (omega, b, a stencil's offsets)
    // then stay in registers across the rows.
    const Rows local = rows;
    const SweepData data = d;
    if constexpr (is_one_column<Mode>() && reads_its_writes<View>()) {
        // Rows in order: each row's new value is the next one's freshest.
        double written = 0.0;
        for (Index i = begin; i < end; ++i) {
            residual_sq += Mode::relax(data, local, x, i, &written, i > begin);
        }
    } else if constexpr (in_pairs<Mode, View>()) {
        // The squares summed as pairs too: one addition a row, not three.
        Pair sums = {};
        for (Index i = begin; i < end; ++i) sums += Mode::relax_pairs(data, local, x.x, i);
        residual_sq = sums[0] + sums[1];
    } else {
        for (Index i = begin; i < end; ++i) residual_sq += Mode::relax(data, local, x, i);
    }
    return residual_sq;
}

// Calls `f` with the rows of chunk `chunk_index` of c as the type that
// reads them: a stencil, 16-bit or 32-bit columns.
template <class F>
inline double with_chunk_rows(const CompactMatrix& c, Index chunk_index, F&& f) noexcept {
    static_assert(CompactMatrix::kStencils[0] == std::array<int, 2>{5, 2} &&
                      CompactMatrix::kStencils[1] == std::array<int, 2>{7, 3},
                  "a loop for each stencil of CompactMatrix::kStencils");
    const CompactMatrix::Chunk& chunk = c.chunks[chunk_index];
    const Index first = chunk_index << CompactMatrix::kChunkRowsLog2;
    switch (chunk.stencil_entries) {
        case 5:
            return f(StencilRows<5, 2>(c, chunk, first));
        case 7:
            return f(StencilRows<7, 3>(c, chunk, first));
        default:
            return chunk.narrow ? f(CompactRows<true>(c, chunk)) : f(CompactRows<false>(c, chunk));
    }
}

// Compact rows [begin, end), chunk by chunk: each chunk's row type is
// decided once, outside the row loop.
template <class Mode, class View>
inline double sweep_compact_range(const SweepData& d, const View& x, Index begin,
                                  Index end) noexcept {
    double residual_sq = 0.0;
    while (begin < end) {
        const Index chunk_index = begin >> CompactMatrix::kChunkRowsLog2;
        const Index chunk_end = std::min(end, (chunk_index + 1) << CompactMatrix::kChunkRowsLog2);
        residual_sq += with_chunk_rows(*d.compact, chunk_index, [&](const auto& rows) {
            return sweep_range<Mode>(d, rows, x, begin, chunk_end);
        });
        begin = chunk_end;
    }
    return residual_sq;
}

template <class Mode, class View>
inline double sweep_rows_as(const SweepData& d, const View& x, Index begin, Index end) noexcept {
    return d.compact != nullptr ? sweep_compact_range<Mode>(d, x, begin, end)
                                : sweep_range<Mode>(d, DoubleRows(d), x, begin, end);
}

template <class Mode, class View>
inline double relax_listed_row(const SweepData& d, const View& x, Index row) noexcept {
    if (d.compact == nullptr) return Mode::relax(d, DoubleRows(d), x, row);
    return with_chunk_rows(*d.compact, row >> CompactMatrix::kChunkRowsLog2,
                           [&](const auto& rows) { return Mode::relax(d, rows, x, row); });
}

template <class Mode, class View>
inline double sweep_row_list_as(const SweepData& d, const View& x, const Index* rows,
                                Index count) noexcept {
    double residual_sq = 0.0;
    for (Index k = 0; k < count; ++k) residual_sq += relax_listed_row<Mode>(d, x, rows[k]);
    return residual_sq;
}

// Calls `sweep` with the Mode that fits d: its column count, or whether it
// has bounds. Decided once per call, outside the row loop.
template <class Sweep>
inline double with_mode(const SweepData& d, Sweep&& sweep) noexcept {
    switch (d.columns) {
        case 2:
            return sweep(Columns<2>{});
        case 3:
            return sweep(Columns<3>{});
        case 4:
            return sweep(Columns<4>{});
        default:
            return d.lower != nullptr ? sweep(OneColumn<true>{}) : sweep(OneColumn<false>{});
    }
}

}  // namespace detail

/// Relaxes rows [begin, end) in order, projected if `d` has bounds (decided by
/// d.lower alone), reading A from d.compact when set, for d.columns
/// right-hand sides; returns the sum of their squared (natural) residuals,
/// each taken before its row's update.
template <class View>
inline double sweep_rows(const SweepData& d, const View& x, Index begin, Index end) noexcept {
    return detail::with_mode(
        d, [&](auto mode) { return detail::sweep_rows_as<decltype(mode)>(d, x, begin, end); });
}

/// Relaxes the `count` rows listed at `rows` in order (one colour of a
/// multicolour sweep); otherwise as sweep_rows.
template <class View>
inline double sweep_row_list(const SweepData& d, const View& x, const Index* rows,
                             Index count) noexcept {
    return detail::with_mode(
        d, [&](auto mode) { return detail::sweep_row_list_as<decltype(mode)>(d, x, rows, count); });
}

/// One sweep of a block of rows [first, end) that other threads sweep
/// beside, as async does: the rows of `alone` (rows_of_the_block_alone) with
/// plain loads and stores, since no other thread touches their entries of x
/// meanwhile, the others through atomics. Plain accesses cost about a fifth
/// less a row, and let several right-hand sides use vector registers
/// (bench/README.md). Otherwise as sweep_rows.
inline double sweep_block_rows(const SweepData& d, double* x, Index first, Index end,
                               RowRange alone) noexcept {
    const Index alone_first = std::clamp(alone.first, first, end);
    const Index alone_end = std::clamp(alone.end, alone_first, end);
    double residual_sq = 0.0;
    if (first < alone_first) residual_sq += sweep_rows(d, SharedView{x}, first, alone_first);
    if (alone_first < alone_end) {
        residual_sq += sweep_rows(d, ExclusiveView{x}, alone_first, alone_end);
    }
    if (alone_end < end) residual_sq += sweep_rows(d, SharedView{x}, alone_end, end);
    return residual_sq;
}

}  // namespace asor
