// asor (internal): a coordinate body read straight into CSR arrays, by
// reading a regular file's body more than once instead of holding its
// entries as triplets.
//
//  1. count (CsrPasses::count): the row and column of each entry, no value:
//     entries per row, and whether every row's columns come in strictly
//     increasing order (true of files sorted by row or by column, the
//     usual case; such rows hold no duplicates and need no sorting).
//  2. the validating pass: the caller reads the body as for any input (so
//     that every error is the one-pass reader's, at the same line) and hands
//     each entry to place(): column and value go straight to their place in
//     the CSR arrays; where some row is out of order, the column only.
//  3. only where some row is out of order (finish): each row's columns are
//     sorted and duplicates merged, then the body is read a third time and
//     each value summed into its place, in file order (so duplicates sum
//     exactly as the one-pass reader sums them).
//
// Peak memory: the final CSR arrays, 4 bytes per row besides, and the line
// buffer; out of order, the columns of duplicates until they are merged
// (4 bytes each), before the values are allocated.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/matrix_market.hpp"
#include "line_reader.hpp"

namespace asor::detail {

class CsrPasses {
  public:
    /// Pass 1 over `body`, the lines after the size line. Returns nothing
    /// where the body is not what `header` declares as far as this pass
    /// looks (an index missing, malformed or out of range, fewer entry lines,
    /// a line too long or a read error; also a row of more than 2^31 - 1
    /// stored entries): the caller then reads the input in one pass, which
    /// reports the error. Throws std::bad_alloc only.
    static std::optional<CsrPasses> count(LineReader body, const MatrixMarketHeader& header);

    /// Pass 2: the next entry in file order (0-based), as the validating
    /// reader parsed it. Throws asor::Error (io) if it does not match pass 1
    /// (the file changed in between).
    void place(Index row, Index col, double value) {
        put(row, col, value);
        if (mirror_sign_ != 0.0 && row != col) put(col, row, mirror_sign_ * value);
    }

    /// After pass 2: the matrix. Out of order, sorts and merges, then reads
    /// the body once more from `body_again()`. Throws asor::Error (io) if
    /// the file changed between the passes.
    CsrMatrix finish(const std::function<LineReader()>& body_again);

  private:
    CsrPasses(const MatrixMarketHeader& header, const std::string& name);

    void put(Index row, Index col, double value) {
        Index& filled = filled_[static_cast<std::size_t>(row)];
        const Offset k = a_.row_offsets[static_cast<std::size_t>(row)] + filled;
        if (k == a_.row_offsets[static_cast<std::size_t>(row) + 1] ||
            (in_order_ && filled > 0 && a_.col_indices[static_cast<std::size_t>(k) - 1] >= col)) {
            changed();
        }
        a_.col_indices[static_cast<std::size_t>(k)] = col;
        if (in_order_) a_.values[static_cast<std::size_t>(k)] = value;
        ++filled;
    }

    void sort_and_merge();
    void sum_values(LineReader body);
    [[noreturn]] void changed() const;

    CsrMatrix a_;
    MatrixMarketHeader header_;
    std::string name_;
    double mirror_sign_;  ///< 0 (general), 1 (symmetric) or -1 (skew-symmetric)
    bool in_order_ = true;
    /// Per row: its last column in pass 1, then its entries placed so far.
    std::vector<Index> filled_;
};

}  // namespace asor::detail
