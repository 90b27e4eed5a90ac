// asor: reading and writing Matrix Market files.
#include "asor/matrix_market.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

#include "asor/detail/atomic_file.hpp"
#include "asor/error.hpp"
#include "core/csr_assembly.hpp"
#include "gzip_source.hpp"
#include "line_reader.hpp"
#include "memory_limit.hpp"
#include "number_parsing.hpp"

namespace asor {
namespace {

using detail::LineReader;
using detail::NumberStatus;
using detail::quote;
using detail::TokenCursor;

constexpr std::int64_t max_dimension = std::numeric_limits<Index>::max();
/// Largest row or column count a coordinate file may declare with fewer
/// entries than that (2^22: at most 32 MiB of row offsets for nothing).
constexpr std::int64_t max_dimension_without_entries = std::int64_t{1} << 22;
constexpr std::string_view banner_layout = "'%%MatrixMarket matrix FORMAT FIELD SYMMETRY'";
/// Entries reserved up front when the input size is unknown (stdin, streams).
constexpr std::int64_t unknown_size_reserve = std::int64_t{1} << 20;

std::string str(std::int64_t value) { return std::to_string(value); }

// ---------------------------------------------------------------- input

/// A text input: its lines, and its total size when it is a regular file.
struct TextInput {
    LineReader reader;
    std::optional<std::uint64_t> total_bytes;
};

[[noreturn]] void fail_io(const std::string& path, const char* action, int error_number) {
    throw Error(ErrorKind::io, path + ": cannot " + action + " (" +
                                   std::generic_category().message(error_number) + ")");
}

/// Closes a file descriptor on scope exit.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    [[nodiscard]] int get() const noexcept { return fd_; }

  private:
    int fd_;
};

/// Runs `parse(TextInput&)` on a stream.
template <class Parse>
auto parse_stream(std::istream& in, const std::string& name, Parse parse) {
    TextInput input{LineReader(detail::decompressing_source(
                                   [&in, &name](char* buffer, std::size_t size) -> std::size_t {
                                       in.read(buffer, static_cast<std::streamsize>(size));
                                       if (in.bad()) {
                                           throw Error(ErrorKind::io, name + ": cannot read");
                                       }
                                       return static_cast<std::size_t>(in.gcount());
                                   },
                                   name),
                               name),
                    std::nullopt};
    return parse(input);
}

/// Runs `parse(TextInput&)` on the file `path` ("-" is standard input).
template <class Parse>
auto parse_file(const std::string& path, Parse parse) {
    if (path == "-") return parse_stream(std::cin, "<stdin>", parse);
    const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0) fail_io(path, "open", errno);
    struct stat info {};
    if (::fstat(file.get(), &info) != 0) fail_io(path, "open", errno);
    if (S_ISDIR(info.st_mode)) fail_io(path, "open", EISDIR);
    std::optional<std::uint64_t> total_bytes;
    if (S_ISREG(info.st_mode)) total_bytes = static_cast<std::uint64_t>(info.st_size);
    const int fd = file.get();
    // A compressed file's size says nothing about its text.
    char magic[2] = {0, 0};
    if (total_bytes && ::pread(file.get(), magic, 2, 0) == 2 && detail::starts_gzip(magic, 2)) {
        total_bytes.reset();
    }
    TextInput input{LineReader(detail::decompressing_source(
                                   [fd, &path](char* buffer, std::size_t size) -> std::size_t {
                                       for (;;) {
                                           const ssize_t n = ::read(fd, buffer, size);
                                           if (n >= 0) return static_cast<std::size_t>(n);
                                           if (errno != EINTR) fail_io(path, "read", errno);
                                       }
                                   },
                                   path),
                               path),
                    total_bytes};
    return parse(input);
}

// ---------------------------------------------------------------- lines

/// True for a line holding only blanks or a `%` comment.
bool is_skipped(std::string_view line) noexcept {
    for (const char c : line) {
        if (!detail::is_blank(c)) return c == '%';
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

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

// ---------------------------------------------------------------- header

const char* name_of(MatrixFormat format) {
    return format == MatrixFormat::coordinate ? "coordinate" : "array";
}
const char* name_of(MatrixField field) {
    switch (field) {
        case MatrixField::real:
            return "real";
        case MatrixField::integer:
            return "integer";
        case MatrixField::pattern:
            return "pattern";
    }
    return "?";
}
const char* name_of(MatrixSymmetry symmetry) {
    switch (symmetry) {
        case MatrixSymmetry::general:
            return "general";
        case MatrixSymmetry::symmetric:
            return "symmetric";
        case MatrixSymmetry::skew_symmetric:
            return "skew-symmetric";
    }
    return "?";
}

/// The next banner word; throws if the banner stops before it.
std::string_view banner_word(const LineReader& reader, TokenCursor& cursor, std::string_view role) {
    const std::string_view word = cursor.next_token();
    if (word.empty()) {
        reader.fail("incomplete banner: no " + std::string(role) + " (expected " +
                    std::string(banner_layout) + ")");
    }
    return word;
}

/// Finds `word` (any case) among the names of `values`.
template <class Enum>
std::optional<Enum> lookup(std::string_view word, std::initializer_list<Enum> values) {
    for (const Enum value : values) {
        if (iequals(word, name_of(value))) return value;
    }
    return std::nullopt;
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
    const auto f = lookup(format, {MatrixFormat::coordinate, MatrixFormat::array});
    if (!f) reader.fail("unknown format " + quote(format) + " (expected 'coordinate' or 'array')");
    header.format = *f;

    const std::string_view field = banner_word(reader, cursor, "field");
    if (iequals(field, "complex")) {
        reader.fail("complex matrices are not supported (expected 'real', 'integer' or 'pattern')");
    }
    const auto fd = lookup(field, {MatrixField::real, MatrixField::integer, MatrixField::pattern});
    if (!fd)
        reader.fail("unknown field " + quote(field) + " (expected 'real', 'integer' or 'pattern')");
    header.field = *fd;

    const std::string_view symmetry = banner_word(reader, cursor, "symmetry");
    if (iequals(symmetry, "hermitian")) {
        reader.fail(
            "hermitian matrices are not supported (expected 'general', 'symmetric' or "
            "'skew-symmetric')");
    }
    const auto s = lookup(symmetry, {MatrixSymmetry::general, MatrixSymmetry::symmetric,
                                     MatrixSymmetry::skew_symmetric});
    if (!s) {
        reader.fail("unknown symmetry " + quote(symmetry) +
                    " (expected 'general', 'symmetric' or 'skew-symmetric')");
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

/// Bytes the reader of a matrix holds at its peak, from the header alone: the
/// stored entries as triplets (16 bytes each) while the CSR arrays are filled
/// from them (8 bytes per row offset, 12 per non-zero, both triangles of a
/// symmetric file). Computed in double: a header may declare up to 2^62.
double matrix_bytes(const MatrixMarketHeader& header) {
    const auto stored = static_cast<double>(header.entries);
    const double cells = static_cast<double>(header.rows) * static_cast<double>(header.cols);
    const double nonzeros =
        header.symmetry == MatrixSymmetry::general ? stored : std::min(2.0 * stored, cells);
    return sizeof(Triplet) * stored + sizeof(Offset) * (static_cast<double>(header.rows) + 1.0) +
           (sizeof(Index) + sizeof(double)) * nonzeros;
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

// ---------------------------------------------------------------- body

/// What the entry lines of a file look like, for parsing and messages.
struct EntryLayout {
    const LineReader& reader;
    MatrixField field;
    const char* expected;  ///< e.g. "'ROW COL VALUE'"
};

[[noreturn]] void fail_token_count(const EntryLayout& layout, std::string_view line) {
    fail_line(layout.reader, line,
              "wrong number of values on an entry line: found " + str(count_tokens(line)) +
                  " (expected " + layout.expected + ")");
}

[[noreturn]] void fail_number(const EntryLayout& layout, std::string_view line, TokenCursor at,
                              NumberStatus status, const std::string& what,
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
    if (layout.field == MatrixField::real) {
        double value = 0;
        const NumberStatus status = cursor.parse_real(value);
        if (status != NumberStatus::ok) {
            fail_number(layout, line, at, status, "value", "a finite real number");
        }
        return value;
    }
    if (layout.field == MatrixField::integer) {
        std::int64_t value = 0;
        const NumberStatus status = cursor.parse_integer(value);
        if (status != NumberStatus::ok) {
            fail_number(layout, line, at, status, "value", "an integer: the field is 'integer'");
        }
        return static_cast<double>(value);
    }
    return 1.0;  // pattern
}

/// After `found` entries: complains about too few or too many of them.
void finish_body(LineReader& reader, std::int64_t found, std::int64_t declared, const char* noun) {
    if (found < declared) {
        reader.fail("expected " + str(declared) + " " + noun + ", found " + str(found) +
                    " (the file ends early)");
    }
    std::string_view line;
    if (next_data_line(reader, line)) {
        fail_line(reader, line,
                  "more " + std::string(noun) + " than the " + str(declared) +
                      " declared (expected the end of the file)");
    }
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
                         name_of(symmetry_) +
                         " file stores one triangle (expected only lower or only upper entries)");
        }
    }

  private:
    const LineReader& reader_;
    MatrixSymmetry symmetry_;
    std::int64_t first_above_ = 0;
    std::int64_t first_below_ = 0;
};

/// Calls add(row, col, value) (0-based) for each entry of a coordinate body.
template <class Add>
void read_coordinate_body(LineReader& reader, const MatrixMarketHeader& header, Add add) {
    const EntryLayout layout{
        reader, header.field,
        header.field == MatrixField::pattern ? "'ROW COL'" : "'ROW COL VALUE'"};
    TriangleCheck triangle(reader, header.symmetry);
    std::int64_t found = 0;
    std::string_view line;
    while (found < header.entries && next_data_line(reader, line)) {
        TokenCursor cursor(line);
        const std::int64_t row = parse_index(layout, line, cursor, header.rows, "row index");
        const std::int64_t col = parse_index(layout, line, cursor, header.cols, "column index");
        const double value = parse_value(layout, line, cursor);
        if (!cursor.at_end()) fail_token_count(layout, line);
        triangle.add(row, col, value, line);
        add(static_cast<Index>(row), static_cast<Index>(col), value);
        ++found;
    }
    finish_body(reader, found, header.entries, "entries");
}

/// Calls add(k, value) for each value of an array body, k in column-major order.
template <class Add>
void read_array_body(LineReader& reader, const MatrixMarketHeader& header, Add add) {
    const EntryLayout layout{reader, header.field, "one 'VALUE' per line"};
    std::int64_t found = 0;
    std::string_view line;
    while (found < header.entries && next_data_line(reader, line)) {
        TokenCursor cursor(line);
        const double value = parse_value(layout, line, cursor);
        if (!cursor.at_end()) fail_token_count(layout, line);
        add(found, value);
        ++found;
    }
    finish_body(reader, found, header.entries, "values");
}

detail::Mirror mirror_of(MatrixSymmetry symmetry) {
    switch (symmetry) {
        case MatrixSymmetry::symmetric:
            return detail::Mirror::symmetric;
        case MatrixSymmetry::skew_symmetric:
            return detail::Mirror::skew_symmetric;
        case MatrixSymmetry::general:
            break;
    }
    return detail::Mirror::none;
}

CsrMatrix parse_matrix(TextInput& input) {
    const MatrixMarketHeader header = read_header(input);
    check_memory(input.reader, "matrix", matrix_bytes(header),
                 "the CSR arrays plus the entries held while they are assembled");
    const auto rows = static_cast<Index>(header.rows);
    const auto cols = static_cast<Index>(header.cols);
    std::vector<Triplet> entries;
    if (header.format == MatrixFormat::coordinate) {
        entries.reserve(initial_capacity(input, header.entries));
        read_coordinate_body(input.reader, header, [&entries](Index r, Index c, double v) {
            entries.push_back({r, c, v});
        });
    } else {
        read_array_body(input.reader, header, [&entries, rows](std::int64_t k, double v) {
            if (v != 0.0)
                entries.push_back({static_cast<Index>(k % rows), static_cast<Index>(k / rows), v});
        });
    }
    return detail::assemble_csr(rows, cols, entries, mirror_of(header.symmetry));
}

std::vector<double> parse_vector(TextInput& input) {
    const MatrixMarketHeader header = read_header(input);
    if (header.rows != 1 && header.cols != 1) {
        input.reader.fail("expected a vector (one column or one row), found a " + str(header.rows) +
                          " x " + str(header.cols) + " matrix");
    }
    const std::int64_t n = std::max(header.rows, header.cols);
    check_memory(input.reader, "vector", sizeof(double) * static_cast<double>(n), "8 per entry");
    std::vector<double> x;
    if (header.format == MatrixFormat::array) {
        x.reserve(initial_capacity(input, n));
        read_array_body(input.reader, header, [&x](std::int64_t, double v) { x.push_back(v); });
    } else if (input.total_bytes || n <= max_dimension_without_entries) {
        // The file size vouches for n (read_header), or n is small.
        x.assign(static_cast<std::size_t>(n), 0.0);
        // One of the two indices is always 0, so their sum is the position.
        read_coordinate_body(input.reader, header, [&x](Index r, Index c, double v) {
            x[static_cast<std::size_t>(r) + static_cast<std::size_t>(c)] += v;
        });
    } else {
        // A stream declaring a long vector: x is allocated once the entries,
        // at least n of them (parse_size_line), have been read.
        std::vector<std::pair<std::size_t, double>> entries;
        entries.reserve(initial_capacity(input, header.entries));
        read_coordinate_body(input.reader, header, [&entries](Index r, Index c, double v) {
            entries.emplace_back(static_cast<std::size_t>(r) + static_cast<std::size_t>(c), v);
        });
        x.assign(static_cast<std::size_t>(n), 0.0);
        for (const auto& [k, v] : entries) x[k] += v;
    }
    return x;
}

// ---------------------------------------------------------------- writing

/// Formats text into a large buffer and hands it to a stream in blocks.
class TextWriter {
  public:
    explicit TextWriter(std::ostream& out) : out_(out), buffer_(std::size_t{1} << 20) {}
    TextWriter(const TextWriter&) = delete;
    TextWriter& operator=(const TextWriter&) = delete;

    void text(std::string_view s) {
        if (s.size() > buffer_.size() - used_) flush();
        if (s.size() > buffer_.size()) {
            out_.write(s.data(), static_cast<std::streamsize>(s.size()));
            return;
        }
        std::memcpy(buffer_.data() + used_, s.data(), s.size());
        used_ += s.size();
    }
    template <class Number>
    void number(Number value) {
        constexpr std::size_t widest = 32;  // "-2.2250738585072014e-308" fits
        if (buffer_.size() - used_ < widest) flush();
        char* first = buffer_.data() + used_;
        const auto result = std::to_chars(first, first + widest, value);
        used_ += static_cast<std::size_t>(result.ptr - first);
    }
    void character(char c) {
        if (used_ == buffer_.size()) flush();
        buffer_[used_++] = c;
    }
    void flush() {
        out_.write(buffer_.data(), static_cast<std::streamsize>(used_));
        used_ = 0;
        if (!out_) throw Error(ErrorKind::io, "cannot write the matrix (output stream failed)");
    }

  private:
    std::ostream& out_;
    std::vector<char> buffer_;
    std::size_t used_ = 0;
};

void write_header(TextWriter& w, std::string_view kind, const std::string& comment) {
    w.text("%%MatrixMarket matrix ");
    w.text(kind);
    w.character('\n');
    std::string_view rest = comment;
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        w.text("% ");
        w.text(rest.substr(0, end));
        w.character('\n');
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
}

}  // namespace

CsrMatrix read_matrix(const std::string& path) { return parse_file(path, parse_matrix); }

CsrMatrix read_matrix(std::istream& in, const std::string& name) {
    return parse_stream(in, name, parse_matrix);
}

std::vector<double> read_vector(const std::string& path) { return parse_file(path, parse_vector); }

std::vector<double> read_vector(std::istream& in, const std::string& name) {
    return parse_stream(in, name, parse_vector);
}

void write_matrix(const std::string& path, const CsrMatrix& a, const MatrixWriteOptions& options) {
    write_file_atomically(path, [&](std::ostream& out) { write_matrix(out, a, options); });
}

void write_matrix(std::ostream& out, const CsrMatrix& a, const MatrixWriteOptions& options) {
    const auto stored = [&](Index row, Index col) { return !options.symmetric || col <= row; };
    Offset count = 0;
    for (Index r = 0; r < a.rows; ++r) {
        for (Offset k = a.row_offsets[r]; k < a.row_offsets[r + 1]; ++k) {
            count += stored(r, a.col_indices[static_cast<std::size_t>(k)]) ? 1 : 0;
        }
    }
    TextWriter w(out);
    write_header(w, options.symmetric ? "coordinate real symmetric" : "coordinate real general",
                 options.comment);
    w.number(a.rows);
    w.character(' ');
    w.number(a.cols);
    w.character(' ');
    w.number(count);
    w.character('\n');
    for (Index r = 0; r < a.rows; ++r) {
        for (Offset k = a.row_offsets[r]; k < a.row_offsets[r + 1]; ++k) {
            const Index c = a.col_indices[static_cast<std::size_t>(k)];
            if (!stored(r, c)) continue;
            w.number(r + 1);
            w.character(' ');
            w.number(c + 1);
            w.character(' ');
            w.number(a.values[static_cast<std::size_t>(k)]);
            w.character('\n');
        }
    }
    w.flush();
}

void write_vector(const std::string& path, std::span<const double> x, const std::string& comment) {
    write_file_atomically(path, [&](std::ostream& out) { write_vector(out, x, comment); });
}

void write_vector(std::ostream& out, std::span<const double> x, const std::string& comment) {
    TextWriter w(out);
    write_header(w, "array real general", comment);
    w.number(static_cast<std::int64_t>(x.size()));
    w.text(" 1\n");
    for (const double value : x) {
        w.number(value);
        w.character('\n');
    }
    w.flush();
}

}  // namespace asor
