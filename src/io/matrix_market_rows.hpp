// asor (internal): a `general` coordinate body whose entries come row by
// row, each row's columns increasing (as write_matrix and most generators
// write them), read in one pass straight into the CSR arrays: its entries
// are in CSR order already. Threads read the chunks of the body
// (body_chunks.hpp), one or two, at once: the first chunk's entries go into
// the CSR arrays from the first place on, the second's from the last place
// backward, each up to the split its share of the bytes suggests, and any
// beyond it into an array of its own, copied into the places the other left
// free once both are read. Any other body (rows out of order, a duplicate, an error,
// another number of entries than declared) gives nothing, and the caller
// reads it in passes (matrix_market_csr.hpp), which take any order.
//
// Peak memory: the CSR arrays, a count per row and chunk, and the entries a
// chunk has beyond its split (12 bytes each; few where lines are alike).
// The arrays are allocated for every entry the header declares once the
// first entries of each chunk are seen in order: a body whose disorder (or
// duplicates) shows only later costs that allocation, up to 12 bytes an
// entry, before the passes read it.
#pragma once

#include <optional>
#include <span>

#include "asor/csr_matrix.hpp"
#include "asor/matrix_market.hpp"
#include "body_chunks.hpp"

namespace asor::detail {

/// The body in `chunks` (one or two, read by `chunk`), one thread each, if its entries
/// come in row order as above; nothing otherwise. Every entry line is
/// checked as the one-pass reader checks it. Throws std::bad_alloc only.
std::optional<CsrMatrix> read_rows_in_order(const ChunkReader& chunk,
                                            std::span<const BodyChunk> chunks,
                                            const MatrixMarketHeader& header);

}  // namespace asor::detail
