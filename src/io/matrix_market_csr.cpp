// asor (internal): a coordinate body read straight into CSR arrays.
#include "matrix_market_csr.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <string_view>
#include <utility>

#include "asor/error.hpp"
#include "body_chunks.hpp"
#include "core/csr_assembly.hpp"
#include "matrix_market_internal.hpp"

namespace asor::detail {

CsrPasses::CsrPasses(const MatrixMarketHeader& header, const std::string& name)
    : header_(header),
      name_(name),
      mirror_sign_(header.symmetry == MatrixSymmetry::general     ? 0.0
                   : header.symmetry == MatrixSymmetry::symmetric ? 1.0
                                                                  : -1.0) {
    a_.rows = static_cast<Index>(header.rows);
    a_.cols = static_cast<Index>(header.cols);
}

std::optional<CsrPasses> CsrPasses::count(const ChunkReader& chunk, std::size_t chunks,
                                          const MatrixMarketHeader& header,
                                          const std::string& name) {
    CsrPasses passes(header, name);
    passes.parts_.resize(chunks);
    std::vector<char> counted(chunks, 0);
    read_each(chunks,
              [&](std::size_t k) { counted[k] = passes.count_chunk(passes.parts_[k], chunk, k); });
    std::int64_t entries = 0;
    for (std::size_t k = 0; k < chunks; ++k) {
        if (counted[k] == 0) return std::nullopt;
        entries += passes.parts_[k].entries;
    }
    if (entries != header.entries || !passes.give_places()) return std::nullopt;
    const auto stored = static_cast<std::size_t>(passes.a_.row_offsets.back());
    assign_large<Index>(passes.a_.col_indices, stored, 0);
    if (passes.in_order_) assign_large(passes.a_.values, stored, 0.0);
    return passes;
}

// Pass 1 over one chunk; false where the one-pass reader has an error to
// report (or a row is too long).
bool CsrPasses::count_chunk(Part& part, const ChunkReader& chunk, std::size_t k) const {
    const auto rows = static_cast<std::size_t>(header_.rows);
    assign_large<Index>(part.cursor, rows, -1);
    assign_large<Index>(part.end, rows, 0);
    bool in_order = true;
    bool fits = true;
    const auto note = [&](std::int64_t row, std::int64_t col) {
        const auto r = static_cast<std::size_t>(row);
        Index& entries = part.end[r];
        if (entries == std::numeric_limits<Index>::max()) {
            fits = false;
        } else {
            ++entries;
        }
        Index& last = part.cursor[r];
        in_order = in_order && last < col;
        last = static_cast<Index>(col);
    };
    try {
        LineReader body = chunk(k);
        std::string_view line;
        while (next_data_line(body, line)) {
            TokenCursor cursor(line);
            std::int64_t row = 0;
            std::int64_t col = 0;
            if (cursor.parse_index(header_.rows, row) != NumberStatus::ok ||
                cursor.parse_index(header_.cols, col) != NumberStatus::ok ||
                ++part.entries > header_.entries) {
                return false;
            }
            note(row, col);
            if (mirror_sign_ != 0.0 && row != col) note(col, row);
        }
    } catch (const Error&) {
        return false;  // a line too long, a read error: the one-pass reader says which
    }
    part.in_order = in_order;
    return fits;
}

// After pass 1: the row offsets, and each chunk's range of places in each
// row, after the chunks before it. False for a row too long for an Index.
bool CsrPasses::give_places() {
    const auto rows = static_cast<std::size_t>(header_.rows);
    std::vector<Offset>& offsets = a_.row_offsets;
    assign_large<Offset>(offsets, rows + 1, 0);
    for (std::size_t r = 0; r < rows; ++r) {
        std::int64_t places = 0;
        for (Part& part : parts_) {
            part.cursor[r] = static_cast<Index>(places);
            places += part.end[r];
            if (places > std::numeric_limits<Index>::max()) return false;
            part.end[r] = static_cast<Index>(places);
        }
        offsets[r + 1] = offsets[r] + places;
    }
    in_order_ = std::all_of(parts_.begin(), parts_.end(), [](const Part& p) { return p.in_order; });
    return true;
}

CsrMatrix CsrPasses::finish(const std::function<LineReader()>& body_again) {
    for (const Part& part : parts_) {
        if (part.cursor != part.end) changed();
    }
    std::vector<Part>().swap(parts_);
    // Chunks each in order may not be in order together (a row's columns
    // in a later chunk below those in an earlier one); a file changed
    // between the passes may not be either.
    if (in_order_ && !rows_in_order()) {
        in_order_ = false;
        std::vector<double>().swap(a_.values);
    }
    if (!in_order_) {
        sort_and_merge();
        sum_values(body_again());
    }
    return std::move(a_);
}

bool CsrPasses::rows_in_order() const {
    for (std::size_t r = 0; r < static_cast<std::size_t>(a_.rows); ++r) {
        const auto first = a_.col_indices.begin() + a_.row_offsets[r];
        const auto last = a_.col_indices.begin() + a_.row_offsets[r + 1];
        if (std::adjacent_find(first, last, std::greater_equal<>()) != last) return false;
    }
    return true;
}

// Sorts the columns of each row and merges equal ones, compacting the
// column array in place (and into a right-sized copy if anything merged).
void CsrPasses::sort_and_merge() {
    std::size_t out = 0;
    std::size_t first = 0;
    for (std::size_t r = 0; r < static_cast<std::size_t>(a_.rows); ++r) {
        const auto last = static_cast<std::size_t>(a_.row_offsets[r + 1]);
        const auto begin = a_.col_indices.begin() + static_cast<std::ptrdiff_t>(first);
        const auto end = a_.col_indices.begin() + static_cast<std::ptrdiff_t>(last);
        std::sort(begin, end);
        const std::size_t row_start = out;
        for (auto it = begin; it != end; ++it) {
            if (out == row_start || a_.col_indices[out - 1] != *it) a_.col_indices[out++] = *it;
        }
        first = last;
        a_.row_offsets[r + 1] = static_cast<Offset>(out);
    }
    if (out < a_.col_indices.size()) {
        a_.col_indices.resize(out);
        a_.col_indices.shrink_to_fit();
    }
}

// Pass 3: each value added at its place. The values start at -0.0, the one
// x with -0.0 + v == v bit for bit for every v, so a single entry keeps its
// exact value (-0.0 included) and duplicates sum in file order.
void CsrPasses::sum_values(LineReader body) {
    assign_large(a_.values, a_.col_indices.size(), -0.0);
    const auto add = [this](std::int64_t row, std::int64_t col, double value) {
        const auto first = a_.col_indices.begin() + a_.row_offsets[static_cast<std::size_t>(row)];
        const auto last =
            a_.col_indices.begin() + a_.row_offsets[static_cast<std::size_t>(row) + 1];
        const auto at = std::lower_bound(first, last, static_cast<Index>(col));
        if (at == last || *at != col) changed();
        a_.values[static_cast<std::size_t>(at - a_.col_indices.begin())] += value;
    };
    std::string_view line;
    for (std::int64_t found = 0; found < header_.entries; ++found) {
        bool more = false;
        try {
            more = next_data_line(body, line);
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::input) changed();  // a line too long now
            throw;
        }
        if (!more) changed();
        TokenCursor cursor(line);
        std::int64_t row = 0;
        std::int64_t col = 0;
        double value = 0.0;
        if (cursor.parse_index(header_.rows, row) != NumberStatus::ok ||
            cursor.parse_index(header_.cols, col) != NumberStatus::ok ||
            parse_entry_value(cursor, header_.field, value) != NumberStatus::ok) {
            changed();
        }
        add(row, col, value);
        if (mirror_sign_ != 0.0 && row != col) add(col, row, mirror_sign_ * value);
    }
}

void CsrPasses::changed() const {
    throw Error(ErrorKind::io, name_ +
                                   ": the file changed while it was read (expected the same "
                                   "entries on each pass over it)");
}

}  // namespace asor::detail
