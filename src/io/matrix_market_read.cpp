// asor: reading Matrix Market files: the input, then the body after the header.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <iostream>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "body_chunks.hpp"
#include "core/csr_assembly.hpp"
#include "entry_lines.hpp"
#include "gzip_source.hpp"
#include "matrix_market_csr.hpp"
#include "matrix_market_internal.hpp"
#include "matrix_market_rows.hpp"

namespace asor {
namespace {

using detail::check_memory;
using detail::EntryLayout;
using detail::fail_line;
using detail::fail_token_count;
using detail::initial_capacity;
using detail::LineReader;
using detail::max_dimension_without_entries;
using detail::next_data_line;
using detail::NumberStatus;
using detail::parse_value;
using detail::read_coordinate_entries;
using detail::read_header;
using detail::str;
using detail::TextInput;
using detail::TokenCursor;
using detail::TriangleCheck;

// ---------------------------------------------------------------- input

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
                    std::nullopt,
                    {}};
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
                    total_bytes,
                    {}};
    if (total_bytes) {
        input.reread = [fd, &path](std::uint64_t offset) {
            return LineReader(
                [fd, &path, offset](char* buffer, std::size_t size) mutable -> std::size_t {
                    for (;;) {
                        const ssize_t n = ::pread(fd, buffer, size, static_cast<off_t>(offset));
                        if (n >= 0) {
                            offset += static_cast<std::uint64_t>(n);
                            return static_cast<std::size_t>(n);
                        }
                        if (errno != EINTR) fail_io(path, "read", errno);
                    }
                },
                path);
        };
    }
    return parse(input);
}

// ---------------------------------------------------------------- body

/// Bytes the one-pass reader of a matrix holds at its peak, from the header
/// alone: the stored entries as triplets (16 bytes each) while the CSR arrays
/// are filled from them (8 bytes per row offset, 12 per non-zero, both
/// triangles of a symmetric file). An upper bound for a regular file, read in
/// passes without the triplets; kept for every input so that the check and
/// its message do not depend on how the input is read. Computed in double: a
/// header may declare up to 2^62.
double matrix_bytes(const MatrixMarketHeader& header) {
    const auto stored = static_cast<double>(header.entries);
    const double cells = static_cast<double>(header.rows) * static_cast<double>(header.cols);
    const double nonzeros =
        header.symmetry == MatrixSymmetry::general ? stored : std::min(2.0 * stored, cells);
    return sizeof(Triplet) * stored + sizeof(Offset) * (static_cast<double>(header.rows) + 1.0) +
           (sizeof(Index) + sizeof(double)) * nonzeros;
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

/// Calls add(row, col, value) (0-based) for each entry of a coordinate body.
template <class Add>
void read_coordinate_body(LineReader& reader, const MatrixMarketHeader& header, Add add) {
    TriangleCheck triangle(reader, header.symmetry);
    const std::int64_t found =
        read_coordinate_entries(reader, header, header.entries, triangle, add);
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

/// How many chunks threads read a body of `bytes` in at once: one per
/// thread, fewer where a chunk would be shorter than options ask, or where
/// the chunks after the first would hold more than an eighth as much memory
/// as the CSR arrays the header suggests (1 MiB for a small matrix): each
/// holds 8 bytes a row and a line buffer, and duplicates make the result
/// smaller than that, so that the peak stays well under twice the result.
std::size_t chunks_for(const MatrixMarketHeader& header, std::uint64_t bytes,
                       const MatrixReadOptions& options) {
    const std::size_t threads = options.threads > 0
                                    ? static_cast<std::size_t>(options.threads)
                                    : std::max<std::size_t>(1, std::thread::hardware_concurrency());
    const auto body = static_cast<double>(bytes);
    const double by_size = std::floor(
        body / static_cast<double>(std::max<std::size_t>(1, options.min_bytes_per_thread)));
    const auto rows = static_cast<double>(header.rows);
    const double entries = static_cast<double>(header.entries);
    const double nonzeros = header.symmetry == MatrixSymmetry::general ? entries : 2 * entries;
    const double csr_bytes =
        sizeof(Offset) * (rows + 1) + (sizeof(Index) + sizeof(double)) * nonzeros;
    const double per_chunk =
        2 * sizeof(Index) * rows +
        std::min(static_cast<double>(LineReader::block_bytes), body / static_cast<double>(threads));
    const double by_memory =
        1 + std::floor(std::max(csr_bytes / 8, 1024.0 * 1024.0) / std::max(per_chunk, 1.0));
    const double chunks = std::min({static_cast<double>(threads), by_size, by_memory});
    return chunks < 1 ? 1 : static_cast<std::size_t>(chunks);
}

/// Pass 2 (see matrix_market_csr.hpp): each chunk's entry lines validated
/// as read_coordinate_body validates a body, and placed; chunks at once.
/// False where a chunk finds an error or the file changed, or where chunks
/// hold entries of both triangles of a symmetric file.
bool place_chunks(const detail::ChunkReader& chunk, const MatrixMarketHeader& header,
                  detail::CsrPasses& passes) {
    const std::size_t chunks = passes.chunks();
    std::vector<char> placed(chunks, 0), above(chunks, 0), below(chunks, 0);
    detail::read_each(chunks, [&](std::size_t k) {
        try {
            LineReader reader = chunk(k);
            TriangleCheck triangle(reader, header.symmetry);
            const std::int64_t found = read_coordinate_entries(
                reader, header, header.entries, triangle,
                [&passes, k](Index r, Index c, double v) { passes.place(k, r, c, v); });
            placed[k] = found == passes.entries_of(k) ? 1 : 0;
            above[k] = triangle.saw_above() ? 1 : 0;
            below[k] = triangle.saw_below() ? 1 : 0;
        } catch (const Error&) {
            // placed[k] stays 0: the one-pass reader reports it
        }
    });
    const auto any = [](const std::vector<char>& v, char flag) {
        return std::find(v.begin(), v.end(), flag) != v.end();
    };
    return !any(placed, 0) && !(any(above, 1) && any(below, 1));
}

/// A coordinate body of a plain regular file, read straight into CSR arrays,
/// on several threads: in one pass where a `general` body comes in row order
/// (matrix_market_rows.hpp), else in passes (matrix_market_csr.hpp).
/// Nothing where the body is malformed, for the one-pass reader to report.
std::optional<CsrMatrix> read_in_passes(TextInput& input, const MatrixMarketHeader& header,
                                        const MatrixReadOptions& options) {
    const std::uint64_t body = input.reader.bytes_consumed();
    const std::uint64_t total = *input.total_bytes;
    const std::size_t count = chunks_for(header, total > body ? total - body : 0, options);
    if (header.symmetry == MatrixSymmetry::general) {
        // At most two chunks: those after the first hold their entries
        // twice until they are copied into place.
        const std::vector<detail::BodyChunk> halves =
            detail::cut_body(body, total, std::min<std::size_t>(count, 2));
        const auto half = [&input, &halves](std::size_t k) {
            return detail::chunk_lines(input.reread, halves[k]);
        };
        if (auto a = detail::read_rows_in_order(half, halves, header)) return a;
    }
    const std::vector<detail::BodyChunk> chunks = detail::cut_body(body, total, count);
    const auto chunk = [&input, &chunks](std::size_t k) {
        return detail::chunk_lines(input.reread, chunks[k]);
    };
    auto passes = detail::CsrPasses::count(chunk, chunks.size(), header, input.reader.name());
    if (!passes || !place_chunks(chunk, header, *passes)) return std::nullopt;
    return passes->finish([&input, body] { return input.reread(body); });
}

CsrMatrix parse_matrix(TextInput& input, const MatrixReadOptions& options) {
    const MatrixMarketHeader header = read_header(input);
    check_memory(input.reader, "matrix", matrix_bytes(header),
                 "the CSR arrays plus the entries held while they are assembled");
    if (header.format == MatrixFormat::coordinate && input.reread) {
        if (auto matrix = read_in_passes(input, header, options)) return std::move(*matrix);
    }
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

/// The body of a dense result once its header is read: values column-major,
/// coordinate entries summed into zeros.
DenseMatrix parse_dense_body(TextInput& input, const MatrixMarketHeader& header) {
    const bool vector = header.rows == 1 || header.cols == 1;
    const std::int64_t cells = header.rows * header.cols;  // < 2^62: no overflow
    check_memory(input.reader, vector ? "vector" : "dense matrix",
                 sizeof(double) * static_cast<double>(cells), "8 per entry");
    DenseMatrix m;
    m.rows = static_cast<Index>(header.rows);
    m.cols = static_cast<Index>(header.cols);
    std::vector<double>& x = m.values;
    const auto rows = static_cast<std::size_t>(header.rows);
    const auto at = [rows](Index r, Index c) {
        return static_cast<std::size_t>(r) + rows * static_cast<std::size_t>(c);
    };
    // A symmetric or skew-symmetric file (square) stores one triangle.
    const bool mirrored = header.symmetry != MatrixSymmetry::general;
    const double sign = header.symmetry == MatrixSymmetry::skew_symmetric ? -1.0 : 1.0;
    if (header.format == MatrixFormat::array) {
        x.reserve(initial_capacity(input, cells));
        read_array_body(input.reader, header, [&x](std::int64_t, double v) { x.push_back(v); });
    } else if (cells <= max_dimension_without_entries ||
               (input.total_bytes && cells <= header.entries)) {
        // Small, or the file size vouches for the entries (read_header) and
        // they are at least as many as the cells (always so for a long
        // vector: parse_size_line).
        x.assign(static_cast<std::size_t>(cells), 0.0);
        read_coordinate_body(input.reader, header, [&](Index r, Index c, double v) {
            x[at(r, c)] += v;
            if (mirrored && r != c) x[at(c, r)] += sign * v;
        });
    } else {
        // x is allocated once the entries have been read, so that a short
        // file or stream behind a large size line allocates nothing dense.
        std::vector<std::pair<std::size_t, double>> entries;
        entries.reserve(initial_capacity(input, header.entries));
        read_coordinate_body(input.reader, header, [&](Index r, Index c, double v) {
            entries.emplace_back(at(r, c), v);
            if (mirrored && r != c) entries.emplace_back(at(c, r), sign * v);
        });
        x.assign(static_cast<std::size_t>(cells), 0.0);
        for (const auto& [k, v] : entries) x[k] += v;
    }
    return m;
}

DenseMatrix parse_dense(TextInput& input) { return parse_dense_body(input, read_header(input)); }

std::vector<double> parse_vector(TextInput& input) {
    const MatrixMarketHeader header = read_header(input);
    if (header.rows != 1 && header.cols != 1) {
        input.reader.fail("expected a vector (one column or one row), found a " + str(header.rows) +
                          " x " + str(header.cols) + " matrix");
    }
    return std::move(parse_dense_body(input, header).values);
}

}  // namespace

CsrMatrix read_matrix(const std::string& path, const MatrixReadOptions& options) {
    return parse_file(path, [&options](TextInput& input) { return parse_matrix(input, options); });
}

CsrMatrix read_matrix(std::istream& in, const std::string& name) {
    return parse_stream(in, name, [](TextInput& input) { return parse_matrix(input, {}); });
}

std::vector<double> read_vector(const std::string& path) { return parse_file(path, parse_vector); }

std::vector<double> read_vector(std::istream& in, const std::string& name) {
    return parse_stream(in, name, parse_vector);
}

DenseMatrix read_dense_matrix(const std::string& path) { return parse_file(path, parse_dense); }

DenseMatrix read_dense_matrix(std::istream& in, const std::string& name) {
    return parse_stream(in, name, parse_dense);
}

std::span<const double> DenseMatrix::column(Index j) const {
    return std::span<const double>(values).subspan(
        static_cast<std::size_t>(j) * static_cast<std::size_t>(rows),
        static_cast<std::size_t>(rows));
}

std::span<double> DenseMatrix::column(Index j) {
    return std::span<double>(values).subspan(
        static_cast<std::size_t>(j) * static_cast<std::size_t>(rows),
        static_cast<std::size_t>(rows));
}

}  // namespace asor
