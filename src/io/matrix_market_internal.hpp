// asor (internal): what the Matrix Market header, body and writer share.
//
// matrix_market_header.cpp reads the banner and size line (and refuses what
// they declare before anything is allocated), matrix_market_read.cpp opens
// the input and parses the body, matrix_market_write.cpp writes; the names of
// the banner words live in one table each, for parsing and writing alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "asor/matrix_market.hpp"
#include "line_reader.hpp"
#include "number_parsing.hpp"

namespace asor::detail {

inline constexpr std::int64_t max_dimension = std::numeric_limits<Index>::max();
/// Largest row or column count a coordinate file may declare with fewer
/// entries than that (2^22: at most 32 MiB of row offsets for nothing).
inline constexpr std::int64_t max_dimension_without_entries = std::int64_t{1} << 22;

inline std::string str(std::int64_t value) { return std::to_string(value); }

/// A text input: its lines, and its total size when it is a regular file.
struct TextInput {
    LineReader reader;
    std::optional<std::uint64_t> total_bytes;
    /// For a plain (uncompressed) regular file: a new reader of the same
    /// file from byte `offset` on, for a further pass over its body (line
    /// numbers count from there). Empty for streams and compressed input.
    std::function<LineReader(std::uint64_t offset)> reread;
};

// ---------------------------------------------------------------- names

/// The banner word of each value, from the one table of its enum.
std::string_view name_of(MatrixFormat format) noexcept;
std::string_view name_of(MatrixField field) noexcept;
std::string_view name_of(MatrixSymmetry symmetry) noexcept;

// ---------------------------------------------------------------- lines

/// True for a line holding only blanks or a `%` comment.
inline bool is_skipped(std::string_view line) noexcept {
    for (const char c : line) {
        if (!is_blank(c)) return c == '%';
    }
    return true;
}

/// Reads up to the next line that is neither blank nor a comment.
inline bool next_data_line(LineReader& reader, std::string_view& line) {
    while (reader.next(line)) {
        // Fast path: entry lines start with a digit.
        if (!line.empty() && static_cast<unsigned char>(line[0] - '0') < 10) return true;
        if (!is_skipped(line)) return true;
    }
    return false;
}

/// Throws for `line`, naming a NUL byte first since it means binary data.
[[noreturn]] void fail_line(const LineReader& reader, std::string_view line,
                            const std::string& what);

int count_tokens(std::string_view line);

/// Parses the value of an entry as `field` says: a finite double (real), a
/// 64-bit integer (integer) or nothing, 1 (pattern).
inline NumberStatus parse_entry_value(TokenCursor& cursor, MatrixField field, double& value) {
    if (field == MatrixField::real) return cursor.parse_real(value);
    if (field == MatrixField::integer) {
        std::int64_t integer = 0;
        const NumberStatus status = cursor.parse_integer(integer);
        value = static_cast<double>(integer);
        return status;
    }
    value = 1.0;
    return NumberStatus::ok;
}

// ---------------------------------------------------------------- header

/// Reads the banner, comments and size line; refuses a size line that
/// declares more entries than the rest of the file can hold.
MatrixMarketHeader read_header(TextInput& input);

/// Refuses, at the size line, a `what` ("matrix", "vector") that needs more
/// than the memory available (see detail::memory_budget); `how` says what
/// the figure counts.
void check_memory(const LineReader& reader, const std::string& what, double need,
                  const std::string& how);

/// How many entries to reserve: all of them when the file size vouches for
/// the count (read_header checked it), else a bounded first guess.
std::size_t initial_capacity(const TextInput& input, std::int64_t entries);

}  // namespace asor::detail
