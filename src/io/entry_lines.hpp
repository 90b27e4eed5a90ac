// asor (internal): what an entry line of a Matrix Market body must hold, and
// the messages for what it does not: shared by the one-pass reader and the
// passes over a regular file, so that every way of reading checks a line
// alike.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "asor/matrix_market.hpp"
#include "line_reader.hpp"
#include "matrix_market_internal.hpp"

namespace asor::detail {

/// What the entry lines of a file look like, for parsing and messages.
struct EntryLayout {
    const LineReader& reader;
    MatrixField field;
    const char* expected;  ///< e.g. "'ROW COL VALUE'"
};

[[noreturn]] inline void fail_token_count(const EntryLayout& layout, std::string_view line) {
    fail_line(layout.reader, line,
              "wrong number of values on an entry line: found " + str(count_tokens(line)) +
                  " (expected " + layout.expected + ")");
}

[[noreturn]] inline void fail_number(const EntryLayout& layout, std::string_view line,
                                     TokenCursor at, NumberStatus status, const std::string& what,
                                     const std::string& expected) {
    if (status == NumberStatus::missing) fail_token_count(layout, line);
    const std::string token = quote(at.next_token());
    switch (status) {
        case NumberStatus::out_of_range:
            fail_line(layout.reader, line,
                      what + " " + token + " out of range (expected " + expected + ")");
        case NumberStatus::not_finite:
            fail_line(layout.reader, line,
                      what + " " + token + " is not finite (expected " + expected + ")");
        default:
            fail_line(layout.reader, line,
                      "invalid " + what + " " + token + " (expected " + expected + ")");
    }
}

inline std::int64_t parse_index(const EntryLayout& layout, std::string_view line,
                                TokenCursor& cursor, std::int64_t limit, const char* what) {
    std::int64_t index = 0;
    const TokenCursor at = cursor;
    const NumberStatus status = cursor.parse_index(limit, index);
    if (status != NumberStatus::ok) {
        fail_number(layout, line, at, status, what, "an integer in 1.." + str(limit));
    }
    return index;
}

inline double parse_value(const EntryLayout& layout, std::string_view line, TokenCursor& cursor) {
    const TokenCursor at = cursor;
    double value = 0;
    const NumberStatus status = parse_entry_value(cursor, layout.field, value);
    if (status != NumberStatus::ok) {
        fail_number(layout, line, at, status, "value",
                    layout.field == MatrixField::real ? "a finite real number"
                                                      : "an integer: the field is 'integer'");
    }
    return value;
}

/// Checks that a symmetric or skew-symmetric file stores one triangle only.
class TriangleCheck {
  public:
    TriangleCheck(const LineReader& reader, MatrixSymmetry symmetry)
        : reader_(reader), symmetry_(symmetry) {}

    void add(std::int64_t row, std::int64_t col, double value, std::string_view line) {
        if (symmetry_ == MatrixSymmetry::general) return;
        if (row < col) {
            if (first_above_ == 0) first_above_ = reader_.line_number();
        } else if (row > col) {
            if (first_below_ == 0) first_below_ = reader_.line_number();
        } else if (symmetry_ == MatrixSymmetry::skew_symmetric && value != 0.0) {
            fail_line(reader_, line,
                      "non-zero diagonal entry in a skew-symmetric file (expected 0: a "
                      "skew-symmetric matrix has a zero diagonal)");
        }
        if (first_above_ != 0 && first_below_ != 0) {
            reader_.fail("entries above the diagonal (first at line " + str(first_above_) +
                         ") and below it (first at line " + str(first_below_) + "): a " +
                         std::string(name_of(symmetry_)) +
                         " file stores one triangle (expected only lower or only upper entries)");
        }
    }

    /// Whether entries above, and below, the diagonal were seen.
    [[nodiscard]] bool saw_above() const noexcept { return first_above_ != 0; }
    [[nodiscard]] bool saw_below() const noexcept { return first_below_ != 0; }

  private:
    const LineReader& reader_;
    MatrixSymmetry symmetry_;
    std::int64_t first_above_ = 0;
    std::int64_t first_below_ = 0;
};

/// Calls add(row, col, value) (0-based) for each of the next entry lines,
/// up to `limit` of them or the end of the input; returns how many.
template <class Add>
std::int64_t read_coordinate_entries(LineReader& reader, const MatrixMarketHeader& header,
                                     std::int64_t limit, TriangleCheck& triangle, Add add) {
    const EntryLayout layout{
        reader, header.field,
        header.field == MatrixField::pattern ? "'ROW COL'" : "'ROW COL VALUE'"};
    std::int64_t found = 0;
    std::string_view line;
    while (found < limit && next_data_line(reader, line)) {
        TokenCursor cursor(line);
        const std::int64_t row = parse_index(layout, line, cursor, header.rows, "row index");
        const std::int64_t col = parse_index(layout, line, cursor, header.cols, "column index");
        const double value = parse_value(layout, line, cursor);
        if (!cursor.at_end()) fail_token_count(layout, line);
        triangle.add(row, col, value, line);
        add(static_cast<Index>(row), static_cast<Index>(col), value);
        ++found;
    }
    return found;
}

}  // namespace asor::detail
