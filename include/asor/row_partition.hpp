// asor: splitting the rows of a matrix among threads.
#pragma once

#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// Contiguous row blocks, one per thread: block t is rows
/// [first_row(t), first_row(t + 1)).
class RowPartition {
  public:
    /// Balances the blocks by work, counting each row as its non-zeros plus
    /// one, so that a few dense rows do not leave one thread with most of the
    /// sweep. Asks for `blocks` >= 1; gets min(blocks, rows) non-empty blocks.
    static RowPartition balanced_by_nonzeros(const CsrMatrix& a, int blocks);

    [[nodiscard]] int blocks() const noexcept { return static_cast<int>(bounds_.size()) - 1; }
    [[nodiscard]] Index first_row(int block) const { return bounds_[block]; }
    [[nodiscard]] Index end_row(int block) const { return bounds_[block + 1]; }

  private:
    std::vector<Index> bounds_{0};
};

}  // namespace asor
