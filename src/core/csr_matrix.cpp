// asor: the compressed sparse row matrix every solver works on.
#include "asor/csr_matrix.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "asor/error.hpp"
#include "csr_assembly.hpp"

namespace asor {

std::size_t CsrMatrix::storage_bytes() const noexcept {
    return row_offsets.capacity() * sizeof(Offset) + col_indices.capacity() * sizeof(Index) +
           values.capacity() * sizeof(double);
}

namespace {

[[noreturn]] void fail_structure(const std::string& what) {
    throw Error(ErrorKind::input, "CSR matrix: " + what);
}

void check_indices(Index rows, Index cols, std::span<const Triplet> entries) {
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const Triplet& t = entries[k];
        if (t.row < 0 || t.row >= rows || t.col < 0 || t.col >= cols) {
            fail_structure("entry " + std::to_string(k) + " at (" + std::to_string(t.row) + ", " +
                           std::to_string(t.col) + ") is outside the " + std::to_string(rows) +
                           " x " + std::to_string(cols) + " matrix (0-based indices expected)");
        }
    }
}

/// Sorts each row by column (stable, so duplicates keep their input order).
void sort_rows(CsrMatrix& a) {
    std::vector<std::pair<Index, double>> scratch;
    for (Index r = 0; r < a.rows; ++r) {
        const auto first = static_cast<std::size_t>(a.row_offsets[r]);
        const auto last = static_cast<std::size_t>(a.row_offsets[r + 1]);
        const auto cols = a.col_indices.begin();
        if (std::is_sorted(cols + first, cols + last)) continue;
        scratch.clear();
        for (std::size_t k = first; k < last; ++k) {
            scratch.emplace_back(a.col_indices[k], a.values[k]);
        }
        std::stable_sort(scratch.begin(), scratch.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        for (std::size_t k = first; k < last; ++k) {
            a.col_indices[k] = scratch[k - first].first;
            a.values[k] = scratch[k - first].second;
        }
    }
}

/// Sums runs of equal columns in sorted rows, compacting the arrays in place.
void sum_duplicates(CsrMatrix& a) {
    std::size_t out = 0;
    std::size_t first = 0;
    for (Index r = 0; r < a.rows; ++r) {
        const auto last = static_cast<std::size_t>(a.row_offsets[r + 1]);
        for (std::size_t k = first; k < last; ++k) {
            if (out > static_cast<std::size_t>(a.row_offsets[r]) &&
                a.col_indices[out - 1] == a.col_indices[k]) {
                a.values[out - 1] += a.values[k];
            } else {
                a.col_indices[out] = a.col_indices[k];
                a.values[out] = a.values[k];
                ++out;
            }
        }
        first = last;
        a.row_offsets[r + 1] = static_cast<Offset>(out);
    }
    if (out < a.col_indices.size()) {
        a.col_indices.resize(out);
        a.values.resize(out);
        a.col_indices.shrink_to_fit();
        a.values.shrink_to_fit();
    }
}

}  // namespace

namespace detail {

void advise_huge_pages(const void* data, std::size_t bytes) noexcept {
#ifdef MADV_HUGEPAGE
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    const auto first = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t begin = (first + huge - 1) & ~(huge - 1);
    const std::uintptr_t end = (first + bytes) & ~(huge - 1);
    // A hint: failure (no THP, an old kernel) leaves ordinary pages.
    if (bytes >= huge && end > begin) {
        ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    }
#else
    (void)data;
    (void)bytes;
#endif
}

CsrMatrix assemble_csr(Index rows, Index cols, std::span<const Triplet> entries, Mirror mirror) {
    if (rows < 0 || cols < 0) fail_structure("negative size");
    if (mirror != Mirror::none && rows != cols) fail_structure("a mirrored matrix must be square");
    check_indices(rows, cols, entries);

    CsrMatrix a;
    a.rows = rows;
    a.cols = cols;
    assign_large<Offset>(a.row_offsets, static_cast<std::size_t>(rows) + 1, 0);
    const bool mirrored = mirror != Mirror::none;
    // Count entries per row into row_offsets[r + 1], then prefix-sum.
    for (const Triplet& t : entries) {
        ++a.row_offsets[static_cast<std::size_t>(t.row) + 1];
        if (mirrored && t.row != t.col) ++a.row_offsets[static_cast<std::size_t>(t.col) + 1];
    }
    for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) {
        a.row_offsets[r + 1] += a.row_offsets[r];
    }
    const auto nnz = static_cast<std::size_t>(a.row_offsets.back());
    assign_large<Index>(a.col_indices, nnz, 0);
    assign_large(a.values, nnz, 0.0);
    // Scatter, using row_offsets[r] as the insertion cursor of row r; afterwards
    // row_offsets[r] holds the end of row r, so shift everything back by one.
    const double mirror_sign = mirror == Mirror::skew_symmetric ? -1.0 : 1.0;
    const auto place = [&a](Index row, Index col, double value) {
        const auto k = static_cast<std::size_t>(a.row_offsets[static_cast<std::size_t>(row)]++);
        a.col_indices[k] = col;
        a.values[k] = value;
    };
    for (const Triplet& t : entries) {
        place(t.row, t.col, t.value);
        if (mirrored && t.row != t.col) place(t.col, t.row, mirror_sign * t.value);
    }
    for (std::size_t r = static_cast<std::size_t>(rows); r > 0; --r) {
        a.row_offsets[r] = a.row_offsets[r - 1];
    }
    a.row_offsets[0] = 0;

    sort_rows(a);
    sum_duplicates(a);
    return a;
}

}  // namespace detail

CsrMatrix csr_from_triplets(Index rows, Index cols, std::span<const Triplet> entries) {
    return detail::assemble_csr(rows, cols, entries, detail::Mirror::none);
}

void check_structure(CsrView a) {
    if (a.rows < 0 || a.cols < 0) fail_structure("negative size");
    if (a.row_offsets.size() != static_cast<std::size_t>(a.rows) + 1) {
        fail_structure("row_offsets has " + std::to_string(a.row_offsets.size()) +
                       " elements (expected rows + 1 = " + std::to_string(a.rows + 1LL) + ")");
    }
    if (a.row_offsets[0] != 0) fail_structure("row_offsets[0] is not 0");
    const auto nnz = static_cast<std::size_t>(a.row_offsets.back());
    if (a.col_indices.size() != nnz || a.values.size() != nnz) {
        fail_structure(
            "col_indices and values must both have row_offsets.back() = " + std::to_string(nnz) +
            " elements (found " + std::to_string(a.col_indices.size()) + " and " +
            std::to_string(a.values.size()) + ")");
    }
    for (Index r = 0; r < a.rows; ++r) {
        if (a.row_offsets[r + 1] < a.row_offsets[r]) {
            fail_structure("row_offsets decreases at row " + std::to_string(r));
        }
    }
    for (Index r = 0; r < a.rows; ++r) {
        const Offset first = a.row_offsets[r];
        const Offset last = a.row_offsets[r + 1];
        for (Offset k = first; k < last; ++k) {
            const Index c = a.col_indices[static_cast<std::size_t>(k)];
            if (c < 0 || c >= a.cols) {
                fail_structure("row " + std::to_string(r) + " has column " + std::to_string(c) +
                               " outside [0, " + std::to_string(a.cols) + ")");
            }
            if (k > first && c <= a.col_indices[static_cast<std::size_t>(k - 1)]) {
                fail_structure("row " + std::to_string(r) +
                               " has columns not strictly increasing at column " +
                               std::to_string(c));
            }
        }
    }
}

double entry(CsrView a, Index i, Index j) noexcept {
    const auto begin = a.col_indices.begin() + a.row_offsets[i];
    const auto end = a.col_indices.begin() + a.row_offsets[i + 1];
    const auto it = std::lower_bound(begin, end, j);
    return it != end && *it == j ? a.values[static_cast<std::size_t>(it - a.col_indices.begin())]
                                 : 0.0;
}

void multiply(CsrView a, std::span<const double> x, std::span<double> y) {
    const Offset* offsets = a.row_offsets.data();
    const Index* cols = a.col_indices.data();
    const double* vals = a.values.data();
    for (Index r = 0; r < a.rows; ++r) {
        double sum = 0.0;
        for (Offset k = offsets[r]; k < offsets[r + 1]; ++k) sum += vals[k] * x[cols[k]];
        y[r] = sum;
    }
}

}  // namespace asor
