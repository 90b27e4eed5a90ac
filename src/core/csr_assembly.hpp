// asor (internal): building a CSR matrix from entries, optionally mirrored.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

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

/// Asks the kernel to back [data, data + bytes) with transparent huge pages
/// (Linux, where THP is enabled in `madvise` mode; elsewhere a no-op). Only
/// the 2 MiB-aligned interior is advised, so nothing outside the range is
/// touched. Touching fresh memory costs a page fault per 4 KiB page, which
/// dominated reading a large matrix on a virtual machine (bench/README.md).
void advise_huge_pages(const void* data, std::size_t bytes) noexcept;

/// v.assign(count, fill) into new memory advised for huge pages: for a
/// large array that is filled right away (the arrays of a CSR matrix).
template <class T>
void assign_large(std::vector<T>& v, std::size_t count, const T& fill) {
    std::vector<T>().swap(v);
    v.reserve(count);
    advise_huge_pages(v.data(), count * sizeof(T));
    v.assign(count, fill);
}

}  // namespace asor::detail
