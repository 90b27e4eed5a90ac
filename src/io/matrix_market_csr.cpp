// asor (internal): a coordinate body read straight into CSR arrays.
#include "matrix_market_csr.hpp"

#include <algorithm>
#include <limits>
#include <string_view>
#include <utility>

#include "asor/error.hpp"
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

std::optional<CsrPasses> CsrPasses::count(LineReader body, const MatrixMarketHeader& header) {
    CsrPasses passes(header, body.name());
    CsrMatrix& a = passes.a_;
    const auto rows = static_cast<std::size_t>(header.rows);
    // Entries of row r counted in row_offsets[r + 1]; filled_[r] is the last
    // column seen in row r so far.
    assign_large<Offset>(a.row_offsets, rows + 1, 0);
    assign_large<Index>(passes.filled_, rows, -1);
    bool in_order = true;
    const auto note = [&](std::int64_t row, std::int64_t col) {
        ++a.row_offsets[static_cast<std::size_t>(row) + 1];
        Index& last = passes.filled_[static_cast<std::size_t>(row)];
        in_order = in_order && last < col;
        last = static_cast<Index>(col);
    };
    try {
        std::string_view line;
        for (std::int64_t found = 0; found < header.entries; ++found) {
            if (!next_data_line(body, line)) return std::nullopt;
            TokenCursor cursor(line);
            std::int64_t row = 0;
            std::int64_t col = 0;
            if (cursor.parse_index(header.rows, row) != NumberStatus::ok ||
                cursor.parse_index(header.cols, col) != NumberStatus::ok) {
                return std::nullopt;
            }
            note(row, col);
            if (passes.mirror_sign_ != 0.0 && row != col) note(col, row);
        }
    } catch (const Error&) {
        return std::nullopt;  // a line too long, a read error: the one-pass reader says which
    }
    for (std::size_t r = 0; r < rows; ++r) {
        if (a.row_offsets[r + 1] > std::numeric_limits<Index>::max()) return std::nullopt;
        a.row_offsets[r + 1] += a.row_offsets[r];
        passes.filled_[r] = 0;
    }
    const auto stored = static_cast<std::size_t>(a.row_offsets.back());
    passes.in_order_ = in_order;
    assign_large<Index>(a.col_indices, stored, 0);
    if (in_order) assign_large(a.values, stored, 0.0);
    return passes;
}

CsrMatrix CsrPasses::finish(const std::function<LineReader()>& body_again) {
    for (std::size_t r = 0; r < filled_.size(); ++r) {
        if (a_.row_offsets[r] + filled_[r] != a_.row_offsets[r + 1]) changed();
    }
    std::vector<Index>().swap(filled_);
    if (!in_order_) {
        sort_and_merge();
        sum_values(body_again());
    }
    return std::move(a_);
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
