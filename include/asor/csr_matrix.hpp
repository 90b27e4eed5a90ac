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
void check_structure(const CsrMatrix& a);

/// The stored value of a_ij, or 0 if (i, j) is not stored. A binary search
/// of row i (its columns are sorted): O(log of the row's length). Requires
/// 0 <= i < a.rows (not checked).
double entry(const CsrMatrix& a, Index i, Index j) noexcept;

/// y = A x. Sequential; x must have a.cols entries, y a.rows, and they must
/// not overlap (not checked). Allocates nothing, throws nothing.
void multiply(const CsrMatrix& a, std::span<const double> x, std::span<double> y);

}  // namespace asor
