// asor: the banner and size line of a Matrix Market file.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <utility>

#include "asor/error.hpp"
#include "matrix_market_internal.hpp"
#include "memory_limit.hpp"

namespace asor::detail {
namespace {

constexpr std::string_view banner_layout = "'%%MatrixMarket matrix FORMAT FIELD SYMMETRY'";
/// Entries reserved up front when the input size is unknown (stdin, streams).
constexpr std::int64_t unknown_size_reserve = std::int64_t{1} << 20;

// ---------------------------------------------------------------- names

template <class Enum>
struct Named {
    Enum value;
    std::string_view name;
};

constexpr std::array format_names = {Named<MatrixFormat>{MatrixFormat::coordinate, "coordinate"},
                                     Named<MatrixFormat>{MatrixFormat::array, "array"}};
constexpr std::array field_names = {Named<MatrixField>{MatrixField::real, "real"},
                                    Named<MatrixField>{MatrixField::integer, "integer"},
                                    Named<MatrixField>{MatrixField::pattern, "pattern"}};
constexpr std::array symmetry_names = {
    Named<MatrixSymmetry>{MatrixSymmetry::general, "general"},
    Named<MatrixSymmetry>{MatrixSymmetry::symmetric, "symmetric"},
    Named<MatrixSymmetry>{MatrixSymmetry::skew_symmetric, "skew-symmetric"}};

template <class Table, class Enum>
std::string_view name_in(const Table& table, Enum value) noexcept {
    for (const auto& entry : table) {
        if (entry.value == value) return entry.name;
    }
    return "?";
}

/// "'a', 'b' or 'c'": the names of a table, for a message.
template <class Table>
std::string expected_names(const Table& table) {
    std::string list;
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (i > 0) list += i + 1 == table.size() ? " or " : ", ";
        list += '\'';
        list += table[i].name;
        list += '\'';
    }
    return list;
}

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

/// Finds `word` (any case) among the names of `table`.
template <class Table>
auto lookup(std::string_view word, const Table& table) -> std::optional<decltype(table[0].value)> {
    for (const auto& entry : table) {
        if (iequals(word, entry.name)) return entry.value;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------- banner

/// The next banner word; throws if the banner stops before it.
std::string_view banner_word(const LineReader& reader, TokenCursor& cursor, std::string_view role) {
    const std::string_view word = cursor.next_token();
    if (word.empty()) {
        reader.fail("incomplete banner: no " + std::string(role) + " (expected " +
                    std::string(banner_layout) + ")");
    }
    return word;
}

void parse_banner(const LineReader& reader, std::string_view line, MatrixMarketHeader& header) {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (line.starts_with(bom)) line.remove_prefix(bom.size());
    TokenCursor cursor(line);
    const std::string_view magic = cursor.next_token();
    if (!iequals(magic, "%%MatrixMarket")) {
        fail_line(reader, line,
                  "missing or misspelled '%%MatrixMarket' banner, found " + quote(line) +
                      " (expected " + std::string(banner_layout) + ")");
    }
    const std::string_view object = banner_word(reader, cursor, "object");
    if (!iequals(object, "matrix")) {
        reader.fail("unsupported object " + quote(object) + " (expected 'matrix')");
    }

    const std::string_view format = banner_word(reader, cursor, "format");
    const auto f = lookup(format, format_names);
    if (!f) {
        reader.fail("unknown format " + quote(format) + " (expected " +
                    expected_names(format_names) + ")");
    }
    header.format = *f;

    const std::string_view field = banner_word(reader, cursor, "field");
    if (iequals(field, "complex")) {
        reader.fail("complex matrices are not supported (expected " + expected_names(field_names) +
                    ")");
    }
    const auto fd = lookup(field, field_names);
    if (!fd) {
        reader.fail("unknown field " + quote(field) + " (expected " + expected_names(field_names) +
                    ")");
    }
    header.field = *fd;

    const std::string_view symmetry = banner_word(reader, cursor, "symmetry");
    if (iequals(symmetry, "hermitian")) {
        reader.fail("hermitian matrices are not supported (expected " +
                    expected_names(symmetry_names) + ")");
    }
    const auto s = lookup(symmetry, symmetry_names);
    if (!s) {
        reader.fail("unknown symmetry " + quote(symmetry) + " (expected " +
                    expected_names(symmetry_names) + ")");
    }
    header.symmetry = *s;

    if (!cursor.at_end()) {
        reader.fail("unexpected " + quote(cursor.next_token()) + " after the banner (expected " +
                    std::string(banner_layout) + ")");
    }
    if (header.format == MatrixFormat::array && header.field == MatrixField::pattern) {
        reader.fail("'array pattern' is not supported (expected 'real' or 'integer' for an array)");
    }
    if (header.format == MatrixFormat::array && header.symmetry != MatrixSymmetry::general) {
        reader.fail("'array " + std::string(name_of(header.symmetry)) +
                    "' is not supported (expected 'general' for an array)");
    }
    if (header.field == MatrixField::pattern && header.symmetry == MatrixSymmetry::skew_symmetric) {
        reader.fail(
            "'pattern skew-symmetric' is not supported: a pattern has no values to negate "
            "(expected 'general' or 'symmetric')");
    }
}

/// Parses "ROWS COLS ENTRIES" (coordinate) or "ROWS COLS" (array).
void parse_size_line(const LineReader& reader, std::string_view line, MatrixMarketHeader& header) {
    const bool coordinate = header.format == MatrixFormat::coordinate;
    const std::string layout = coordinate ? "'ROWS COLS ENTRIES'" : "'ROWS COLS'";
    const int wanted = coordinate ? 3 : 2;
    std::int64_t sizes[3] = {0, 0, 0};
    TokenCursor cursor(line);
    for (int i = 0; i < wanted; ++i) {
        TokenCursor at = cursor;
        switch (cursor.parse_integer(sizes[i])) {
            case NumberStatus::ok:
                break;
            case NumberStatus::missing:
                fail_line(
                    reader, line,
                    "size line has too few numbers: " + quote(line) + " (expected " + layout + ")");
            case NumberStatus::out_of_range:
                reader.fail("size " + quote(at.next_token()) + " out of range (expected " + layout +
                            " with rows and columns at most " + str(max_dimension) + ")");
            default:
                fail_line(reader, line,
                          "malformed size line: " + quote(at.next_token()) +
                              " is not an integer (expected " + layout + ")");
        }
    }
    if (!cursor.at_end()) {
        fail_line(reader, line,
                  "size line has too many numbers: " + quote(line) + " (expected " + layout + ")");
    }
    header.rows = sizes[0];
    header.cols = sizes[1];
    for (const auto& [size, what] : {std::pair{header.rows, "rows"}, {header.cols, "columns"}}) {
        if (size <= 0) {
            reader.fail("number of " + std::string(what) + " must be positive, found " + str(size) +
                        " (expected " + layout + ")");
        }
        if (size > max_dimension) {
            reader.fail(str(size) + " " + what + " exceed the limit of " + str(max_dimension) +
                        " (asor uses 32-bit indices)");
        }
    }
    const std::int64_t cells = header.rows * header.cols;  // < 2^62: no overflow
    header.entries = coordinate ? sizes[2] : cells;
    if (header.entries < 0) {
        reader.fail("number of entries must not be negative, found " + str(header.entries) +
                    " (expected " + layout + ")");
    }
    if (header.entries > cells) {
        reader.fail(str(header.entries) + " entries exceed rows x columns = " + str(cells) +
                    " (expected at most one entry per position)");
    }
    // Rows and columns cost memory even when empty (CSR offsets, dense
    // vectors): beyond a few million, a coordinate file must hold at least
    // as many entries as rows and columns, so that a short file with a lying
    // size line cannot make the reader allocate gigabytes.
    const std::int64_t dimension = std::max(header.rows, header.cols);
    if (coordinate && dimension > max_dimension_without_entries && dimension > header.entries) {
        reader.fail(str(header.rows) + " x " + str(header.cols) + " with only " +
                    str(header.entries) +
                    " entries: most rows or columns would be empty (expected " +
                    "at least as many entries as rows and columns above " +
                    str(max_dimension_without_entries) + ")");
    }
    if (header.symmetry != MatrixSymmetry::general && header.rows != header.cols) {
        reader.fail("a " + std::string(name_of(header.symmetry)) +
                    " matrix must be square, found " + str(header.rows) + " x " + str(header.cols) +
                    " (expected as many rows as columns)");
    }
}

/// The fewest bytes one entry line can take ("1 1\n", "1 1 1\n" or "1\n").
std::uint64_t min_entry_bytes(const MatrixMarketHeader& header) {
    if (header.format == MatrixFormat::array) return 2;
    return header.field == MatrixField::pattern ? 4 : 6;
}

}  // namespace

std::string_view name_of(MatrixFormat format) noexcept { return name_in(format_names, format); }
std::string_view name_of(MatrixField field) noexcept { return name_in(field_names, field); }
std::string_view name_of(MatrixSymmetry symmetry) noexcept {
    return name_in(symmetry_names, symmetry);
}

/// Throws for `line`, naming a NUL byte first since it means binary data.
[[noreturn]] void fail_line(const LineReader& reader, std::string_view line,
                            const std::string& what) {
    if (line.find('\0') != std::string_view::npos) {
        reader.fail("NUL byte in the line (expected text, not binary data)");
    }
    reader.fail(what);
}

int count_tokens(std::string_view line) {
    TokenCursor cursor(line);
    int count = 0;
    while (!cursor.next_token().empty()) ++count;
    return count;
}

/// Reads the banner, comments and size line; refuses a size line that
/// declares more entries than the rest of the file can hold.
MatrixMarketHeader read_header(TextInput& input) {
    LineReader& reader = input.reader;
    std::string_view line;
    if (!reader.next(line)) reader.fail("empty file (expected a '%%MatrixMarket' banner)");
    MatrixMarketHeader header;
    parse_banner(reader, line, header);
    if (!next_data_line(reader, line)) {
        reader.fail("missing size line: the file ends after the header (expected " +
                    std::string(header.format == MatrixFormat::coordinate ? "'ROWS COLS ENTRIES'"
                                                                          : "'ROWS COLS'") +
                    ")");
    }
    parse_size_line(reader, line, header);
    if (input.total_bytes) {
        const std::uint64_t remaining = *input.total_bytes - reader.bytes_consumed();
        const auto most = static_cast<std::int64_t>((remaining + 1) / min_entry_bytes(header));
        if (header.entries > most) {
            reader.fail("the size line declares " + str(header.entries) +
                        " entries but the remaining " + std::to_string(remaining) +
                        " bytes hold at most " + str(most) + " (expected a complete file)");
        }
    }
    return header;
}

/// Below this need, only ASOR_MEMORY_LIMIT is checked: reading /proc and
/// /sys would cost more than reading the file (and slow down fuzzing).
constexpr double unchecked_need = 64.0 * 1024 * 1024;

/// Refuses, at the size line, a `what` ("matrix", "vector") that needs more
/// than the memory available (see detail::memory_budget); `how` says what
/// the figure counts.
void check_memory(const LineReader& reader, const std::string& what, double need,
                  const std::string& how) {
    if (need <= unchecked_need && std::getenv(detail::memory_limit_variable) == nullptr) return;
    const detail::MemoryBudget budget = detail::memory_budget();
    if (need <= static_cast<double>(budget.bytes)) return;
    char bytes[32];
    std::snprintf(bytes, sizeof bytes, "%.0f", need);
    const std::string variable = detail::memory_limit_variable;
    reader.fail(
        "the " + what + " needs " + detail::format_bytes(need) + " (about " + bytes + " bytes, " +
        how + ") but only " + detail::format_bytes(static_cast<double>(budget.bytes)) +
        " of memory is available (" +
        (budget.source == variable ? "the limit set by " + variable
                                   : budget.source + "; " + variable + "=BYTES overrides it") +
        ")");
}

/// How many entries to reserve: all of them when the file size vouches for
/// the count (read_header checked it), else a bounded first guess.
std::size_t initial_capacity(const TextInput& input, std::int64_t entries) {
    return static_cast<std::size_t>(input.total_bytes ? entries
                                                      : std::min(entries, unknown_size_reserve));
}

}  // namespace asor::detail
