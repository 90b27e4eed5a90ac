// asor: reading and writing Matrix Market files.
//
// Reader: `coordinate` (real, integer, pattern; general, symmetric,
// skew-symmetric) and `array` (real, integer; general). Symmetric and
// skew-symmetric files store one triangle, lower or upper, which is expanded.
// Duplicate coordinate entries are summed. Gzip-compressed input (detected
// by its first bytes, whatever the name) is decompressed on the fly. Every
// malformed input throws asor::Error (input) with a message
// `FILE:LINE: what is wrong (what was expected)`. The path "-" means
// standard input (reading) or standard output (writing); those calls share
// std::cin or std::cout, so only one of them may run at a time. Other calls
// are safe to run concurrently on different files and streams.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// The banner's FORMAT word: sparse triplets or a dense column-major array.
enum class MatrixFormat { coordinate, array };
/// The banner's FIELD word (pattern: entries without values, read as 1).
enum class MatrixField { real, integer, pattern };
/// The banner's SYMMETRY word.
enum class MatrixSymmetry { general, symmetric, skew_symmetric };

/// The banner and size line of a Matrix Market file. (No public function
/// returns one; the readers use it internally.)
struct MatrixMarketHeader {
    MatrixFormat format = MatrixFormat::coordinate;
    MatrixField field = MatrixField::real;
    MatrixSymmetry symmetry = MatrixSymmetry::general;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::int64_t entries = 0;  ///< stored entries (coordinate) or rows * cols (array)
};

/// How read_matrix reads a plain regular file (other inputs are read by one
/// thread): its body is cut into chunks of lines that threads parse at once,
/// as fast_matrix_market does.
struct MatrixReadOptions {
    /// Threads parsing the body at once (0: one per hardware thread).
    int threads = 0;
    /// The fewest bytes of the body a thread gets: a small file is read by
    /// fewer threads, since starting one would cost more than it saves.
    std::size_t min_bytes_per_thread = std::size_t{1} << 20;
};

/// Reads a sparse or dense matrix into CSR form (dense `array` files keep only
/// their non-zero values). Throws asor::Error (io) if the file cannot be read,
/// asor::Error (input) if it is malformed (NaN and Inf values included). Never allocates more than
/// the file can hold, whatever its size line claims. Refuses at the size line, before reading any
/// entry, a matrix whose reading would need more than the memory available (MemAvailable and the
/// cgroup limit; the environment variable ASOR_MEMORY_LIMIT, in bytes or with a K/M/G/T suffix,
/// replaces that figure): asor::Error (input) naming the need and the limit. Throws asor::Error
/// (usage) for a malformed ASOR_MEMORY_LIMIT, std::bad_alloc if memory runs out all the same.
/// Dimensions are limited to 2^31 - 1.
///
/// A plain (uncompressed) regular file in `coordinate` format is read
/// straight into the CSR arrays by several threads at once
/// (MatrixReadOptions), without a list of entries:
///  - a `general` file whose entries come row by row, each row's columns
///    increasing (as write_matrix writes), in one pass, on up to two threads;
///    the peak memory is the result plus 4 bytes per row and a buffer of up
///    to 2 MiB for each thread, and the entries a thread reads beyond its
///    share of the bytes (few where lines are alike);
///  - any other in two passes (three where some row's entries are out of
///    column order, e.g. duplicates), on one thread per chunk of the body;
///    the peak memory is the result plus 8 bytes per row and a buffer of up
///    to 2 MiB for each thread (threads are fewer where those would take more
///    than an eighth of the result).
/// The memory check at the size line counts the one-pass need, an upper
/// bound for both. Every other input ("-", pipes, gzip, `array` files) is
/// read once, on one thread, through a list of entries, 16 bytes each, held
/// until the CSR arrays are built. All give the same matrix, bit for bit,
/// and the same error at the same line; asor::Error (io) where a file is
/// seen to change between its passes.
CsrMatrix read_matrix(const std::string& path, const MatrixReadOptions& options = {});

/// Same, from a stream, read to its end (once, as above); `name` is used in
/// error messages. asor::Error (io) if the stream goes bad. Without a file
/// size to vouch for the size line, memory is reserved as the entries arrive.
CsrMatrix read_matrix(std::istream& in, const std::string& name);

/// Reads a vector: an `array` or `coordinate` file with one column or one row
/// (absent coordinate entries are zero, duplicates summed). Errors and the
/// memory check as read_matrix (8 bytes per entry); NaN and Inf entries are
/// refused (input).
std::vector<double> read_vector(const std::string& path);
std::vector<double> read_vector(std::istream& in, const std::string& name);

/// A dense rows x cols matrix, column-major: column j is values[j*rows, (j+1)*rows).
/// Several right-hand sides, or their solutions.
struct DenseMatrix {
    Index rows = 0;
    Index cols = 0;
    std::vector<double> values;
    /// Column j, 0 <= j < cols (not checked).
    std::span<const double> column(Index j) const;
    std::span<double> column(Index j);
};

/// Reads a Matrix Market array (any number of columns) or a coordinate
/// matrix (stored dense, zeros where absent, duplicates summed, the other
/// triangle of a symmetric or skew-symmetric file filled in). For a file of
/// one column the result and every error are exactly those of read_vector.
/// Errors and the memory check as read_matrix (8 bytes per entry of the
/// dense result); NaN and Inf entries are refused (input).
DenseMatrix read_dense_matrix(const std::string& path);
DenseMatrix read_dense_matrix(std::istream& in, const std::string& name);

/// Options for writing a matrix.
struct MatrixWriteOptions {
    /// Write `symmetric` and only the lower triangle. The caller promises the
    /// matrix is symmetric; it is not checked.
    bool symmetric = false;
    /// Written as `%` comment lines after the banner (may be empty).
    std::string comment;
};

/// Writes `coordinate real general` (or `symmetric`), values with shortest
/// round-trip precision. The file is written to a temporary file in the same
/// directory and renamed into place, so readers never see a partial file.
/// Throws asor::Error (io) on failure, leaving no temporary file behind (see
/// write_file_atomically). Requires the CsrMatrix invariants (not checked).
/// The stream form writes as it goes, throwing asor::Error (io) when the
/// stream fails; what it wrote before stays written.
void write_matrix(const std::string& path, CsrView a, const MatrixWriteOptions& options = {});
void write_matrix(std::ostream& out, CsrView a, const MatrixWriteOptions& options = {});

/// Writes `array real general` with one column, shortest round-trip precision,
/// atomically as write_matrix; `comment` as MatrixWriteOptions::comment.
/// NaN and Inf are written as `nan` and `inf`, which read_vector refuses.
/// Errors as write_matrix.
void write_vector(const std::string& path, std::span<const double> x,
                  const std::string& comment = {});
void write_vector(std::ostream& out, std::span<const double> x, const std::string& comment = {});

/// Writes `array real general` with m.cols columns, as write_vector writes
/// one (a one-column matrix gives the same bytes): atomically, "-" for
/// standard output, errors as write_matrix. Throws asor::Error (usage) unless
/// m.values has m.rows * m.cols entries and neither count is negative.
void write_dense_matrix(const std::string& path, const DenseMatrix& m,
                        const std::string& comment = {});
void write_dense_matrix(std::ostream& out, const DenseMatrix& m, const std::string& comment = {});

}  // namespace asor
