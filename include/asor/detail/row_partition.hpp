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

}  // namespace asor
