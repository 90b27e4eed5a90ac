// asor (internal): a body in row order read in one pass, on one or two threads.
#include "matrix_market_rows.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "asor/error.hpp"
#include "core/csr_assembly.hpp"
#include "entry_lines.hpp"

namespace asor::detail {
namespace {

/// Thrown where a chunk's entries leave row order: ends its reading early.
struct NotInRowOrder {};

/// What one chunk read: its entries in file order, rows from `first_row` on.
/// The first `region` of them go straight into the CSR arrays, from `start`
/// by `step` (forward from the first place, or backward from the last); any
/// more into `spill`, in file order.
struct RowRun {
    std::int64_t entries = 0;
    Index first_row = 0;
    Index first_column = 0;
    Index last_column = -1;
    std::vector<Index> row_entries;  ///< of rows first_row, first_row + 1, ...
    Index* columns = nullptr;
    double* values = nullptr;
    std::int64_t start = 0;
    std::int64_t step = 1;
    std::int64_t region = 0;
    std::int64_t most = 0;  ///< entries the header declares: a chunk never has more
    std::vector<Index> spill_columns;
    std::vector<double> spill_values;

    [[nodiscard]] Index last_row() const {
        return first_row + static_cast<Index>(row_entries.size()) - 1;
    }

    void add(Index row, Index column, double value) {
        if (entries == most) throw NotInRowOrder{};  // more lines than declared: stop here
        if (entries == 0) {
            first_row = row;
            first_column = column;
            row_entries.push_back(0);
        } else if (row != last_row()) {
            if (row < last_row()) throw NotInRowOrder{};
            row_entries.resize(static_cast<std::size_t>(row - first_row) + 1, 0);
        } else if (column <= last_column) {
            throw NotInRowOrder{};  // out of order, or a duplicate to sum
        }
        last_column = column;
        if (row_entries.back() == std::numeric_limits<Index>::max()) throw NotInRowOrder{};
        ++row_entries.back();
        if (entries < region) {
            const auto at = static_cast<std::size_t>(start + step * entries);
            columns[at] = column;
            values[at] = value;
        } else {
            spill_columns.push_back(column);
            spill_values.push_back(value);
        }
        ++entries;
    }
};

/// Whether run `next` continues the row order where `before` ends.
bool continues(const RowRun& before, const RowRun& next) {
    if (before.entries == 0 || next.entries == 0) return true;
    return next.first_row > before.last_row() ||
           (next.first_row == before.last_row() && next.first_column > before.last_column);
}

/// Whether the first entries of each chunk come in row order, within each
/// and across them: a look before the CSR arrays are allocated for every
/// entry the header declares, so that a body plainly out of order (each
/// entry twice in a row, sorted by column) costs next to nothing.
bool starts_in_row_order(const ChunkReader& chunk, std::size_t chunks,
                         const MatrixMarketHeader& header) {
    constexpr int kLook = 64;
    std::int64_t last_row = -1;
    std::int64_t last_column = -1;
    try {
        for (std::size_t k = 0; k < chunks; ++k) {
            LineReader reader = chunk(k);
            std::string_view line;
            for (int i = 0; i < kLook && next_data_line(reader, line); ++i) {
                TokenCursor cursor(line);
                std::int64_t row = 0;
                std::int64_t column = 0;
                if (cursor.parse_index(header.rows, row) != NumberStatus::ok ||
                    cursor.parse_index(header.cols, column) != NumberStatus::ok || row < last_row ||
                    (row == last_row && column <= last_column)) {
                    return false;
                }
                last_row = row;
                last_column = column;
            }
        }
    } catch (const Error&) {
        return false;  // a line too long, a read error: the one-pass reader says which
    }
    return true;
}

/// Moves the entries of the CSR arrays' places [from, from + count) to
/// [to, to + count), to <= from, reversed if `reverse`.
void move_entries(CsrMatrix& a, std::int64_t from, std::int64_t count, std::int64_t to,
                  bool reverse) {
    const auto range = [count](auto& array, std::int64_t first) {
        return std::pair(array.begin() + first, array.begin() + first + count);
    };
    const auto [c_first, c_last] = range(a.col_indices, from);
    const auto [v_first, v_last] = range(a.values, from);
    if (reverse) {
        std::reverse(c_first, c_last);
        std::reverse(v_first, v_last);
    }
    if (to != from) {  // to < from: moving left to right is safe
        std::move(c_first, c_last, a.col_indices.begin() + to);
        std::move(v_first, v_last, a.values.begin() + to);
    }
}

void copy_spill(CsrMatrix& a, const RowRun& run, std::int64_t to) {
    std::copy(run.spill_columns.begin(), run.spill_columns.end(), a.col_indices.begin() + to);
    std::copy(run.spill_values.begin(), run.spill_values.end(), a.values.begin() + to);
}

}  // namespace

std::optional<CsrMatrix> read_rows_in_order(const ChunkReader& chunk,
                                            std::span<const BodyChunk> chunks,
                                            const MatrixMarketHeader& header) {
    if (!starts_in_row_order(chunk, chunks.size(), header)) return std::nullopt;
    CsrMatrix a;
    a.rows = static_cast<Index>(header.rows);
    a.cols = static_cast<Index>(header.cols);
    const std::int64_t entries = header.entries;
    assign_large<Index>(a.col_indices, static_cast<std::size_t>(entries), 0);
    assign_large(a.values, static_cast<std::size_t>(entries), 0.0);
    // The front chunk fills the places from the first on, the back one from
    // the last backward, each up to the split its share of the bytes
    // suggests; a chunk with more entries than that keeps the rest apart,
    // to be copied into the places the other leaves free.
    RowRun runs[2];
    const std::size_t count = chunks.size();
    const std::uint64_t bytes = chunks.back().end - chunks.front().begin;
    const double front_share =
        count == 1 || bytes == 0
            ? 1.0
            : static_cast<double>(chunks[0].end - chunks[0].begin) / static_cast<double>(bytes);
    const auto split = static_cast<std::int64_t>(front_share * static_cast<double>(entries));
    for (RowRun& run : runs) {
        run.columns = a.col_indices.data();
        run.values = a.values.data();
        run.most = entries;
    }
    runs[0].region = split;
    runs[1].start = entries - 1;
    runs[1].step = -1;
    runs[1].region = entries - split;
    std::vector<char> read(count, 0);
    read_each(count, [&](std::size_t k) {
        RowRun& run = runs[k];
        try {
            LineReader reader = chunk(k);
            TriangleCheck triangle(reader, header.symmetry);
            read_coordinate_entries(reader, header, std::numeric_limits<std::int64_t>::max(),
                                    triangle,
                                    [&run](Index r, Index c, double v) { run.add(r, c, v); });
            read[k] = 1;
        } catch (const NotInRowOrder&) {
        } catch (const Error&) {
            // an error: the one-pass reader reports it
        }
    });
    if (std::find(read.begin(), read.end(), 0) != read.end() ||
        (count == 2 && !continues(runs[0], runs[1])) ||
        runs[0].entries + runs[1].entries != entries) {
        return std::nullopt;
    }
    // In place: the front's first `split` entries at [0, split), the back's
    // first entries - split reversed at [split, entries).
    const std::int64_t front = runs[0].entries;
    if (front <= split) {
        move_entries(a, split, entries - split, front, true);
        copy_spill(a, runs[1], front + entries - split);
    } else {
        move_entries(a, front, entries - front, front, true);
        copy_spill(a, runs[0], split);
    }
    assign_large<Offset>(a.row_offsets, static_cast<std::size_t>(a.rows) + 1, 0);
    for (const RowRun& run : runs) {
        for (std::size_t j = 0; j < run.row_entries.size(); ++j) {
            a.row_offsets[static_cast<std::size_t>(run.first_row) + j + 1] += run.row_entries[j];
        }
    }
    for (std::size_t r = 0; r < static_cast<std::size_t>(a.rows); ++r) {
        a.row_offsets[r + 1] += a.row_offsets[r];
    }
    return a;
}

}  // namespace asor::detail
