// asor (internal): a coordinate body read straight into CSR arrays, by
// reading a regular file's body more than once instead of holding its
// entries as triplets: for bodies in any order (one in row order is read
// once, matrix_market_rows.hpp). The body is cut into chunks
// (body_chunks.hpp), each read by its own thread in passes 1 and 2.
//
//  1. count (CsrPasses::count): the row and column of each entry, no value:
//     each chunk's entries per row, and whether every row's columns come in
//     strictly increasing order within each chunk (true of files sorted by
//     row or by column, the usual case; such rows hold no duplicates and
//     need no sorting). Each chunk's entries of a row then get their own
//     range of the row's places, after those of the chunks before it.
//  2. the validating pass: the caller reads each chunk as the one-pass
//     reader reads a body and hands each entry to place(chunk, ...): column
//     and value go straight to their place in the CSR arrays; where some row
//     is out of order, the column only. Where a chunk finds an error the
//     caller drops the passes and reads the file in one pass, which reports
//     it at its line.
//  3. only where some row is out of order (finish; also where chunks that
//     are each in order are not in order together): each row's columns are
//     sorted and duplicates merged, then the body is read a third time, on
//     one thread, and each value summed into its place, in file order (so
//     duplicates sum exactly as the one-pass reader sums them).
//
// Peak memory: the final CSR arrays, 8 bytes per row and chunk besides, and
// a line buffer per chunk; out of order, the columns of duplicates until
// they are merged (4 bytes each), before the values are allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/matrix_market.hpp"
#include "body_chunks.hpp"
#include "line_reader.hpp"

namespace asor::detail {

class CsrPasses {
  public:
    /// Pass 1 over `chunks` chunks, whose lines in chunk order are the body
    /// after the size line, each on its own thread. Returns nothing where
    /// the body is not what `header` declares as far as this pass looks (an
    /// index missing, malformed or out of range, another number of entry
    /// lines, a line too long or a read error; also a row of more than
    /// 2^31 - 1 stored entries): the caller then reads the input in one pass,
    /// which reports the error. Throws std::bad_alloc only.
    /// `name` is the file's, for messages.
    static std::optional<CsrPasses> count(const ChunkReader& chunk, std::size_t chunks,
                                          const MatrixMarketHeader& header,
                                          const std::string& name);

    [[nodiscard]] std::size_t chunks() const noexcept { return parts_.size(); }

    /// Entry lines chunk k held in pass 1.
    [[nodiscard]] std::int64_t entries_of(std::size_t k) const noexcept {
        return parts_[k].entries;
    }

    /// Pass 2: the next entry of chunk k in file order (0-based), as the
    /// validating reader parsed it. Chunks may be placed from different
    /// threads at once, each chunk from one. Throws asor::Error (io) where
    /// a row gets more entries from the chunk than pass 1 counted (the file
    /// changed in between).
    void place(std::size_t k, Index row, Index col, double value) {
        Part& part = parts_[k];
        put(part, row, col, value);
        if (mirror_sign_ != 0.0 && row != col) put(part, col, row, mirror_sign_ * value);
    }

    /// After pass 2: the matrix. Out of order, sorts and merges, then reads
    /// the body once more from `body_again()`. Throws asor::Error (io) if
    /// the file changed between the passes.
    CsrMatrix finish(const std::function<LineReader()>& body_again);

  private:
    /// What one chunk knows of each row.
    struct Part {
        /// Pass 1: the row's last column in this chunk; pass 2: the next
        /// place (from the row's first) for this chunk's entry of the row.
        std::vector<Index> cursor;
        /// Pass 1: the row's entries in this chunk; pass 2: the end of this
        /// chunk's places in the row.
        std::vector<Index> end;
        std::int64_t entries = 0;  ///< entry lines of the chunk
        bool in_order = true;      ///< each row's columns increase within the chunk
    };

    CsrPasses(const MatrixMarketHeader& header, const std::string& name);

    bool count_chunk(Part& part, const ChunkReader& chunk, std::size_t k) const;
    bool give_places();

    void put(Part& part, Index row, Index col, double value) {
        Index& at = part.cursor[static_cast<std::size_t>(row)];
        if (at == part.end[static_cast<std::size_t>(row)]) changed();
        const auto k = static_cast<std::size_t>(a_.row_offsets[static_cast<std::size_t>(row)] + at);
        a_.col_indices[k] = col;
        if (in_order_) a_.values[k] = value;
        ++at;
    }

    bool rows_in_order() const;
    void sort_and_merge();
    void sum_values(LineReader body);
    [[noreturn]] void changed() const;

    CsrMatrix a_;
    MatrixMarketHeader header_;
    std::string name_;
    double mirror_sign_;  ///< 0 (general), 1 (symmetric) or -1 (skew-symmetric)
    bool in_order_ = true;
    std::vector<Part> parts_;
};

}  // namespace asor::detail
