// asor: A in fewer bytes per row for the sweeps, which are memory-bound.
//
// A sweep of a CSR matrix with double values and 32-bit columns moves 12
// bytes per non-zero plus 40 per row (row offset, b, inverse diagonal, x read
// and written). Here values and the inverse diagonal are float32, row offsets
// 32-bit, and columns 16-bit offsets from the row itself wherever every entry
// of a chunk of rows fits (a band narrower than 32768, which reordering
// makes common), 32-bit elsewhere: 6 bytes per non-zero plus 32 per row.
// x, b and every sum stay double; the solver keeps the answer exact by
// iterative refinement against the double A (see docs/methods.md).
//
// A chunk whose rows all have their columns at the same offsets from the
// row (a grid stencil: 5 or 7 points) stores those offsets once and each
// row's values padded with zeros where a boundary row lacks a neighbour:
// no column or row offset is read at all, 4 bytes per entry, and the
// kernel's loops over a row have a fixed length. The sweep is bound by its
// instructions more than by its bytes (bench/README.md), and these rows
// take far fewer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/storage.hpp"

namespace asor {

/// A, rounded to float32, stored for the sweep kernel (sweep.hpp). The
/// rounded matrix A_f has the entries float(a_ij), diagonal included; the
/// inverse diagonal is float(1 / a_ii).
struct CompactMatrix {
    /// Rows per chunk: a chunk's columns are all 16-bit or all 32-bit.
    static constexpr int kChunkRowsLog2 = 10;
    static constexpr Index kChunkRows = Index{1} << kChunkRowsLog2;

    /// The stencils a chunk may be stored as: entries a row, and how many of
    /// them lie left of the diagonal (the kernel has a loop for each).
    static constexpr std::array<std::array<int, 2>, 2> kStencils{{{5, 2}, {7, 3}}};
    static constexpr int kMaxStencilEntries = 7;

    /// Where a chunk's column entries start in `column_offsets` (narrow) or
    /// `columns` (wide), or the offsets every row of a stencil chunk has.
    struct Chunk {
        std::uint32_t first_entry = 0;   ///< row_offsets of the chunk's first row
        std::uint32_t column_start = 0;  ///< index of that entry's column in its array
        bool narrow = false;             ///< columns stored as int16 (col - row)
        /// A stencil chunk's entries a row (one of kStencils), 0 for others:
        /// row i's columns are i + stencil_offsets[e], in increasing order,
        /// its values at row_offsets[i] + e, zero where A has no entry.
        std::uint8_t stencil_entries = 0;
        std::array<Index, kMaxStencilEntries> stencil_offsets{};
    };

    Index rows = 0;
    /// rows + 1; a stencil chunk's rows take stencil_entries each.
    std::vector<std::uint32_t> row_offsets;
    std::vector<float> values;
    std::vector<float> inverse_diagonal;
    std::vector<std::int16_t> column_offsets;  ///< col - row, narrow chunks' entries
    std::vector<Index> columns;                ///< wide chunks' entries
    std::vector<Chunk> chunks;
    /// Every value of A is a float32 exactly: A_f = A, so the sweeps
    /// converge to A's own solution and refinement would correct nothing
    /// (the rounded inverse diagonal changes the steps, not the fixed point).
    bool exact = false;

    /// Share of the stored entries whose columns are stored in 16 bits.
    [[nodiscard]] double narrow_share() const noexcept;
    /// Share of the rows in stencil chunks.
    [[nodiscard]] double stencil_share() const noexcept;
};

/// Bytes one relaxation sweep of a row moves on average (values, columns,
/// row offset, inverse diagonal, b, x read and written), for the double CSR
/// matrix and for its compact form.
double double_bytes_per_row(CsrView a) noexcept;
double compact_bytes_per_row(const CompactMatrix& c) noexcept;

/// Why A does not survive the conversion to float32, or nothing if it does:
/// more than 2^32 - 1 non-zeros, an entry beyond float's range, a non-zero
/// entry below float's smallest normal number (it would lose its precision
/// or round to zero), or a row whose diagonal dominated it
/// (|a_ii| >= sum |a_ij|, j != i) and no longer does once rounded. Names the
/// first bad entry or row, 1-based. Uses `threads` OpenMP threads.
std::optional<std::string> compact_conversion_problem(CsrView a, int threads = 0);

/// The compact form of A (see compact_conversion_problem, which must have
/// found nothing), with `inverse_diagonal` the n entries 1 / a_ii. Throws
/// std::bad_alloc if it does not fit.
CompactMatrix make_compact_matrix(CsrView a, std::span<const double> inverse_diagonal,
                                  int threads = 0);

/// Whether the sweeps should read A in compact form for `storage`: never
/// for Storage::double_precision; always for Storage::compact (asor::Error
/// (input) naming what compact_conversion_problem found, if anything);
/// for Storage::automatic, when A takes kCompactFromBytes or more and
/// survives the rounding. Across MPI ranks, rank 0 decides on all of A.
bool compact_chosen(CsrView a, Storage storage, int threads = 0);

/// The compact form of A the sweeps should read for `storage`, or nothing
/// for double: Storage::compact always (asor::Error (input) naming what
/// compact_conversion_problem found, if anything), Storage::automatic when
/// A takes kCompactFromBytes or more and survives the rounding.
std::optional<CompactMatrix> compact_for(CsrView a, std::span<const double> inverse_diagonal,
                                         Storage storage, int threads = 0);

/// The right-hand side for which sweeping the rounded A_f keeps converging
/// to the solution of the double system: out = b - (A - A_f) x, so that
/// A_f x_new = out is A x_new = b up to (A - A_f)(x_new - x). out has n
/// entries and must not overlap b or x. With `columns` > 1, b, x and out
/// hold that many systems interleaved (entry (i, c) at i * columns + c).
/// Uses `threads` OpenMP threads.
void refine_rhs(CsrView a, std::span<const double> b, std::span<const double> x,
                std::span<double> out, int threads = 0, int columns = 1);

}  // namespace asor
