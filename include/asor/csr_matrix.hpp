// asor: the compressed sparse row matrix every solver works on.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace asor {

/// Column index type: 32 bits halve the index traffic of a sweep, which is
/// memory bound. Matrices are therefore limited to 2^31 - 1 rows and columns.
using Index = std::int32_t;
/// Row offsets are 64-bit so that more than 2^31 - 1 non-zeros still work.
using Offset = std::int64_t;

/// A sparse matrix in compressed sparse row form. Within each row, column
/// indices are strictly increasing (no duplicates). Invariants are established
/// by the readers and builders of this library; code that fills the arrays by
/// hand must keep them (see `check_structure`). A plain value: concurrent
/// reads are safe, as everywhere in this library that takes a const matrix.
struct CsrMatrix {
    Index rows = 0;                      ///< >= 0
    Index cols = 0;                      ///< >= 0
    std::vector<Offset> row_offsets{0};  ///< size rows + 1, row_offsets[0] == 0
    std::vector<Index> col_indices;      ///< size nnz, each in [0, cols)
    std::vector<double> values;          ///< size nnz

    /// Number of stored entries (explicit zeros included).
    [[nodiscard]] Offset nnz() const noexcept { return row_offsets.back(); }
    /// Bytes allocated for the three arrays (their capacity, not their size).
    [[nodiscard]] std::size_t storage_bytes() const noexcept;
};

/// A read-only view of CSR arrays owned elsewhere: a CsrMatrix's (it
/// converts implicitly), or arrays another library holds, such as a scipy
/// matrix's numpy arrays in asor's Python module. The same fields and
/// invariants as CsrMatrix (check_structure checks them), as spans. Every
/// function of this library that only reads a matrix takes a CsrView, so
/// arrays held elsewhere are used in place, never copied; what does make a
/// copy of its own says so (reordering: permute_symmetric; compact
/// storage: make_compact_matrix; cg: Eigen's copy of A). Two sizes and
/// three spans, passed by value. It refers to the arrays: they must
/// outlive the view and everything that keeps one (Solver,
/// SsorPreconditioner, AsyncSsorPreconditioner), and must not change while
/// those use them.
struct CsrView {
    Index rows = 0;                                      ///< >= 0
    Index cols = 0;                                      ///< >= 0
    std::span<const Offset> row_offsets{kNoRowOffsets};  ///< rows + 1 entries
    std::span<const Index> col_indices;                  ///< nnz entries
    std::span<const double> values;                      ///< nnz entries

    constexpr CsrView() noexcept = default;
    constexpr CsrView(Index rows_, Index cols_, std::span<const Offset> row_offsets_,
                      std::span<const Index> col_indices_, std::span<const double> values_) noexcept
        : rows(rows_),
          cols(cols_),
          row_offsets(row_offsets_),
          col_indices(col_indices_),
          values(values_) {}
    /// The arrays of `a`, in place (implicit: a CsrMatrix goes wherever a
    /// CsrView is taken).
    CsrView(const CsrMatrix& a) noexcept  // NOLINT(google-explicit-constructor)
        : rows(a.rows),
          cols(a.cols),
          row_offsets(a.row_offsets),
          col_indices(a.col_indices),
          values(a.values) {}

    /// Number of stored entries (explicit zeros included).
    [[nodiscard]] Offset nnz() const noexcept { return row_offsets.back(); }
    /// Bytes of the three arrays (their sizes).
    [[nodiscard]] std::size_t bytes() const noexcept {
        return row_offsets.size_bytes() + col_indices.size_bytes() + values.size_bytes();
    }

  private:
    static constexpr Offset kNoRowOffsets[1] = {0};  ///< a view of no rows
};

/// One (row, column, value) entry, 0-based indices.
struct Triplet {
    Index row;
    Index col;
    double value;
};

/// Builds a CSR matrix from entries in any order; duplicates are summed (a sum
/// of zero stays stored), explicit zeros are kept. The result satisfies the
/// invariants. Throws asor::Error (input) for a negative size or an index
/// outside [0, rows) x [0, cols), std::bad_alloc if it does not fit.
CsrMatrix csr_from_triplets(Index rows, Index cols, std::span<const Triplet> entries);

/// Returns normally if `a` satisfies the CsrMatrix invariants; throws asor::Error
/// (input) naming the first broken one (rows 0-based). Does not look at the
/// values (NaN and Inf pass).
void check_structure(CsrView a);

/// The stored value of a_ij, or 0 if (i, j) is not stored. A binary search
/// of row i (its columns are sorted): O(log of the row's length). Requires
/// 0 <= i < a.rows (not checked).
double entry(CsrView a, Index i, Index j) noexcept;

/// y = A x. Sequential; x must have a.cols entries, y a.rows, and they must
/// not overlap (not checked). Allocates nothing, throws nothing.
void multiply(CsrView a, std::span<const double> x, std::span<double> y);

}  // namespace asor
