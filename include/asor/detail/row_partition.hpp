// asor: splitting the rows of a matrix among threads.
#pragma once

#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// Contiguous row blocks, one per thread: block t is rows
/// [first_row(t), first_row(t + 1)). A plain value: concurrent reads are safe.
class RowPartition {
  public:
    /// Balances the blocks by work, counting each row as its non-zeros plus
    /// one, so that a few dense rows do not leave one thread with most of the
    /// sweep. Asks for `blocks` >= 1 (values below 1 count as 1); gets
    /// min(blocks, rows) non-empty blocks covering every row once, or one
    /// empty block for a matrix with no rows. Deterministic; throws nothing
    /// but std::bad_alloc.
    static RowPartition balanced_by_nonzeros(CsrView a, int blocks);

    /// Number of blocks, >= 1 for a partition made by balanced_by_nonzeros.
    [[nodiscard]] int blocks() const noexcept { return static_cast<int>(bounds_.size()) - 1; }
    /// First row of `block`, 0 <= block <= blocks() (first_row(blocks()) is the
    /// number of rows); not checked.
    [[nodiscard]] Index first_row(int block) const { return bounds_[block]; }
    /// One past the last row of `block`, 0 <= block < blocks(); not checked.
    [[nodiscard]] Index end_row(int block) const { return bounds_[block + 1]; }

  private:
    std::vector<Index> bounds_{0};
};

/// Rows [first, end); empty when first == end.
struct RowRange {
    Index first = 0;
    Index end = 0;
};

/// For each block of `p` (a partition of A's rows), the longest run of rows
/// that are its worker's alone: rows i whose x_i no row of another block
/// reads, and whose columns j all lie in the block with x_j read by no row
/// of another block. While the workers sweep, only the block's own worker
/// touches those entries of x, so it may read and write them without
/// atomics. Columns at or past A's rows (another process's ghosts) count as
/// outside every block. O(nnz) time, n bytes of scratch.
std::vector<RowRange> rows_of_the_block_alone(CsrView a, const RowPartition& p);

}  // namespace asor
