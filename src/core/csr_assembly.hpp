// asor (internal): building a CSR matrix from entries, optionally mirrored.
#pragma once

#include <span>

#include "asor/csr_matrix.hpp"

namespace asor::detail {

/// How the off-diagonal entries of a stored triangle are expanded.
enum class Mirror {
    none,            ///< entries are the whole matrix
    symmetric,       ///< (i, j, v) also stands for (j, i, v)
    skew_symmetric,  ///< (i, j, v) also stands for (j, i, -v)
};

/// csr_from_triplets, with each off-diagonal entry also placed at its mirror
/// position as `mirror` says (rows must equal cols unless `mirror` is none).
/// The mirrored entries never exist as triplets, so a symmetric file costs
/// 16 bytes per stored entry plus the final CSR arrays. Duplicates are summed
/// in input order. Throws asor::Error (input) for an index out of range.
CsrMatrix assemble_csr(Index rows, Index cols, std::span<const Triplet> entries, Mirror mirror);

}  // namespace asor::detail
