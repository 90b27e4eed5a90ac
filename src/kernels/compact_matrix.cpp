#include "asor/detail/compact_matrix.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "asor/error.hpp"
#include "core/number_format.hpp"

namespace asor {

namespace {

constexpr float kFloatMax = std::numeric_limits<float>::max();
constexpr float kFloatMin = std::numeric_limits<float>::min();  // smallest normal

int team(int threads) { return threads > 0 ? threads : omp_get_max_threads(); }

// Bytes a sweep moves per row besides the stored entries: b and x read and
// x written, all double.
constexpr double kVectorBytesPerRow = 3 * sizeof(double);

// What is wrong with row i once rounded, or nothing.
std::optional<std::string> row_problem(CsrView a, Index i) {
    double diagonal = 0.0, off_diagonal = 0.0, rounded_off_diagonal = 0.0;
    float rounded_diagonal = 0.0F;
    for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
        const double v = a.values[k];
        const double magnitude = std::fabs(v);
        const auto entry = [&] {
            return "entry (" + std::to_string(i + 1) + ", " + std::to_string(a.col_indices[k] + 1) +
                   ") " + detail::shortest(v);
        };
        if (magnitude > kFloatMax) return entry() + " is beyond float32's range";
        if (v != 0.0 && magnitude < kFloatMin) {
            return entry() + " is below float32's smallest normal number";
        }
        if (a.col_indices[k] == i) {
            diagonal = magnitude;
            rounded_diagonal = std::fabs(static_cast<float>(v));
        } else {
            off_diagonal += magnitude;
            rounded_off_diagonal += std::fabs(static_cast<float>(v));
        }
    }
    if (diagonal >= off_diagonal && !(rounded_diagonal >= rounded_off_diagonal)) {
        return "row " + std::to_string(i + 1) + " loses its dominant diagonal in float32";
    }
    return std::nullopt;
}

bool chunk_fits_int16(CsrView a, Index first, Index end) {
    for (Index i = first; i < end; ++i) {
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            const Offset delta = Offset{a.col_indices[k]} - i;
            if (delta < std::numeric_limits<std::int16_t>::min() ||
                delta > std::numeric_limits<std::int16_t>::max()) {
                return false;
            }
        }
    }
    return true;
}

// Rows [first, end) of chunk k of a matrix of `rows` rows.
struct ChunkRows {
    Index first, end;
};
ChunkRows chunk_rows(std::size_t k, Index rows) {
    const Index first = static_cast<Index>(k) * CompactMatrix::kChunkRows;
    return {first, std::min(rows, first + CompactMatrix::kChunkRows)};
}

Index chunks_of(Index rows) {
    return (rows + CompactMatrix::kChunkRows - 1) / CompactMatrix::kChunkRows;
}

// The offsets every row of [first, end) has, padded to one of
// CompactMatrix::kStencils, if there are such offsets and every padded
// column lies inside A; 0 entries otherwise.
CompactMatrix::Chunk stencil_of(CsrView a, Index first, Index end) {
    CompactMatrix::Chunk chunk;
    std::array<Index, CompactMatrix::kMaxStencilEntries> offsets{};
    int count = 0;
    for (Index i = first; i < end; ++i) {
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            // Kept sorted as they come: at most a handful.
            const Index offset = a.col_indices[k] - i;
            const auto used = offsets.begin() + count;
            const auto at = std::lower_bound(offsets.begin(), used, offset);
            if (at != used && *at == offset) continue;
            if (count == CompactMatrix::kMaxStencilEntries) return chunk;
            std::copy_backward(at, used, used + 1);
            *at = offset;
            ++count;
        }
    }
    const int left = static_cast<int>(
        std::count_if(offsets.begin(), offsets.begin() + count, [](Index o) { return o < 0; }));
    const bool known_shape =
        std::find(CompactMatrix::kStencils.begin(), CompactMatrix::kStencils.end(),
                  std::array<int, 2>{count, left}) != CompactMatrix::kStencils.end();
    // Sorted offsets: the first and last row reach furthest.
    if (!known_shape || first + offsets[0] < 0 || end - 1 + offsets[count - 1] >= a.cols) {
        return chunk;
    }
    chunk.stencil_entries = static_cast<std::uint8_t>(count);
    chunk.stencil_offsets = offsets;
    return chunk;
}

Offset stored_entries(CsrView a, const CompactMatrix::Chunk& chunk, Index first, Index end) {
    return chunk.stencil_entries > 0 ? Offset{chunk.stencil_entries} * (end - first)
                                     : a.row_offsets[end] - a.row_offsets[first];
}

Offset padded_entries(CsrView a, const std::vector<CompactMatrix::Chunk>& chunks) {
    Offset entries = 0;
    for (std::size_t k = 0; k < chunks.size(); ++k) {
        const auto [first, end] = chunk_rows(k, a.rows);
        entries += stored_entries(a, chunks[k], first, end);
    }
    return entries;
}

// Row i's values at `out`, one per stencil offset, zero where A has none.
void write_stencil_row(CsrView a, const CompactMatrix::Chunk& chunk, Index i, float* out) {
    Offset k = a.row_offsets[i];
    for (int e = 0; e < chunk.stencil_entries; ++e) {
        const bool present =
            k < a.row_offsets[i + 1] && a.col_indices[k] - i == chunk.stencil_offsets[e];
        out[e] = present ? static_cast<float>(a.values[k++]) : 0.0F;
    }
}

}  // namespace

double CompactMatrix::stencil_share() const noexcept {
    Index stencil_rows = 0;
    for (std::size_t k = 0; k < chunks.size(); ++k) {
        if (chunks[k].stencil_entries == 0) continue;
        const auto [first, end] = chunk_rows(k, rows);
        stencil_rows += end - first;
    }
    return rows == 0 ? 0.0 : static_cast<double>(stencil_rows) / rows;
}

double CompactMatrix::narrow_share() const noexcept {
    return values.empty()
               ? 1.0
               : static_cast<double>(column_offsets.size()) / static_cast<double>(values.size());
}

double double_bytes_per_row(CsrView a) noexcept {
    if (a.rows == 0) return 0.0;
    const double entry_bytes = static_cast<double>(a.nnz()) * (sizeof(double) + sizeof(Index)) +
                               static_cast<double>(a.rows + 1) * sizeof(Offset);
    return entry_bytes / a.rows + sizeof(double) + kVectorBytesPerRow;
}

double compact_bytes_per_row(const CompactMatrix& c) noexcept {
    if (c.rows == 0) return 0.0;
    // A stencil chunk's row offsets are computed, not read.
    const double offset_rows = c.rows * (1.0 - c.stencil_share()) + 1.0;
    const double entry_bytes = static_cast<double>(c.values.size()) * sizeof(float) +
                               static_cast<double>(c.column_offsets.size()) * sizeof(std::int16_t) +
                               static_cast<double>(c.columns.size()) * sizeof(Index) +
                               offset_rows * sizeof(std::uint32_t);
    return entry_bytes / c.rows + sizeof(float) + kVectorBytesPerRow;
}

std::optional<std::string> compact_conversion_problem(CsrView a, int threads) {
    if (a.nnz() > Offset{std::numeric_limits<std::uint32_t>::max()}) {
        return std::to_string(a.nnz()) + " non-zeros exceed the 32-bit offsets of compact storage";
    }
    // The first bad row in order, so that the message does not depend on the
    // thread count.
    Index first_bad = a.rows;
#pragma omp parallel for schedule(static) reduction(min : first_bad) num_threads(team(threads))
    for (Index i = 0; i < a.rows; ++i) {
        if (i < first_bad && row_problem(a, i)) first_bad = i;
    }
    if (first_bad == a.rows) return std::nullopt;
    return row_problem(a, first_bad);
}

namespace {

// Whether every value of A is a float32.
bool rounds_exactly(CsrView a, int threads) {
    bool exact = true;
#pragma omp parallel for schedule(static) reduction(&& : exact) num_threads(team(threads))
    for (Offset e = 0; e < a.nnz(); ++e) {
        const double v = a.values[e];
        exact = exact && static_cast<double>(static_cast<float>(v)) == v;
    }
    return exact;
}

}  // namespace

CompactMatrix make_compact_matrix(CsrView a, std::span<const double> inverse_diagonal,
                                  int threads) {
    CompactMatrix c;
    c.rows = a.rows;
    const Index chunk_count = chunks_of(a.rows);
    c.chunks.resize(static_cast<std::size_t>(chunk_count));
#pragma omp parallel for schedule(static) num_threads(team(threads))
    for (Index k = 0; k < chunk_count; ++k) {
        const auto [first, end] = chunk_rows(static_cast<std::size_t>(k), a.rows);
        CompactMatrix::Chunk& chunk = c.chunks[k];
        chunk = stencil_of(a, first, end);
        if (chunk.stencil_entries == 0) chunk.narrow = chunk_fits_int16(a, first, end);
    }
    if (padded_entries(a, c.chunks) > Offset{std::numeric_limits<std::uint32_t>::max()}) {
        // The padding would outgrow the 32-bit offsets (A has fewer entries
        // than that, or compact_conversion_problem would have said so).
        for (Index k = 0; k < chunk_count; ++k) {
            const auto [first, end] = chunk_rows(static_cast<std::size_t>(k), a.rows);
            c.chunks[k] = CompactMatrix::Chunk{};
            c.chunks[k].narrow = chunk_fits_int16(a, first, end);
        }
    }
    // Where each chunk's entries start: stencil rows are padded, and only
    // the other chunks store columns.
    Offset entries = 0;
    std::size_t narrow_entries = 0, wide_entries = 0;
    for (Index k = 0; k < chunk_count; ++k) {
        const auto [first, end] = chunk_rows(static_cast<std::size_t>(k), a.rows);
        CompactMatrix::Chunk& chunk = c.chunks[k];
        const Offset stored = stored_entries(a, chunk, first, end);
        chunk.first_entry = static_cast<std::uint32_t>(entries);
        entries += stored;
        if (chunk.stencil_entries > 0) continue;
        std::size_t& columns = chunk.narrow ? narrow_entries : wide_entries;
        chunk.column_start = static_cast<std::uint32_t>(columns);
        columns += static_cast<std::size_t>(stored);
    }
    c.exact = rounds_exactly(a, threads);
    c.row_offsets.resize(static_cast<std::size_t>(a.rows) + 1);
    c.values.resize(static_cast<std::size_t>(entries));
    c.inverse_diagonal.resize(static_cast<std::size_t>(a.rows));
    c.column_offsets.resize(narrow_entries);
    c.columns.resize(wide_entries);
    c.row_offsets[0] = 0;
#pragma omp parallel for schedule(static) num_threads(team(threads))
    for (Index k = 0; k < chunk_count; ++k) {
        const CompactMatrix::Chunk& chunk = c.chunks[k];
        const auto [first, end] = chunk_rows(static_cast<std::size_t>(k), a.rows);
        std::uint32_t at = chunk.first_entry;
        std::size_t column = chunk.column_start;
        for (Index i = first; i < end; ++i) {
            c.inverse_diagonal[i] = static_cast<float>(inverse_diagonal[i]);
            if (chunk.stencil_entries > 0) {
                write_stencil_row(a, chunk, i, c.values.data() + at);
                at += chunk.stencil_entries;
            } else {
                for (Offset e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e, ++at, ++column) {
                    c.values[at] = static_cast<float>(a.values[e]);
                    if (chunk.narrow) {
                        c.column_offsets[column] = static_cast<std::int16_t>(a.col_indices[e] - i);
                    } else {
                        c.columns[column] = a.col_indices[e];
                    }
                }
            }
            c.row_offsets[i + 1] = at;
        }
    }
    return c;
}

namespace {

// The share of A's entries in chunks whose columns all fit 16-bit offsets
// from their rows (stencil chunks among them).
double narrow_entry_share(CsrView a, int threads) {
    const Index chunk_count = chunks_of(a.rows);
    Offset narrow = 0;
#pragma omp parallel for schedule(static) reduction(+ : narrow) num_threads(team(threads))
    for (Index k = 0; k < chunk_count; ++k) {
        const auto [first, end] = chunk_rows(static_cast<std::size_t>(k), a.rows);
        if (chunk_fits_int16(a, first, end)) narrow += a.row_offsets[end] - a.row_offsets[first];
    }
    return a.nnz() == 0 ? 1.0 : static_cast<double>(narrow) / static_cast<double>(a.nnz());
}

}  // namespace

bool compact_chosen(CsrView a, Storage storage, int threads) {
    if (storage == Storage::double_precision) return false;
    if (storage == Storage::automatic &&
        (a.bytes() < kCompactFromBytes ||
         narrow_entry_share(a, threads) < kCompactFromNarrowShare)) {
        return false;
    }
    if (const auto problem = compact_conversion_problem(a, threads)) {
        if (storage == Storage::automatic) return false;
        throw Error(ErrorKind::input, "compact storage: " + *problem);
    }
    return true;
}

std::optional<CompactMatrix> compact_for(CsrView a, std::span<const double> inverse_diagonal,
                                         Storage storage, int threads) {
    if (!compact_chosen(a, storage, threads)) return std::nullopt;
    return make_compact_matrix(a, inverse_diagonal, threads);
}

void refine_rhs(CsrView a, std::span<const double> b, std::span<const double> x,
                std::span<double> out, int threads, int columns) {
    const std::size_t k = static_cast<std::size_t>(std::max(columns, 1));
#pragma omp parallel for schedule(static) num_threads(team(threads))
    for (Index i = 0; i < a.rows; ++i) {
        const std::size_t at = static_cast<std::size_t>(i) * k;
        for (std::size_t c = 0; c < k; ++c) out[at + c] = b[at + c];
        for (Offset e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e) {
            const double v = a.values[e];
            const double rounding = v - static_cast<double>(static_cast<float>(v));
            const std::size_t j = static_cast<std::size_t>(a.col_indices[e]) * k;
            for (std::size_t c = 0; c < k; ++c) out[at + c] -= rounding * x[j + c];
        }
    }
}

}  // namespace asor
