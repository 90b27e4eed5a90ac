// asor: reading and writing Matrix Market files.
//
// Reader: `coordinate` (real, integer, pattern; general, symmetric,
// skew-symmetric) and `array` (real, integer; general). Symmetric and
// skew-symmetric files store one triangle, lower or upper, which is expanded.
// Duplicate coordinate entries are summed. Every malformed input throws
// asor::Error with a message `FILE:LINE: what is wrong (what was expected)`.
// The path "-" means standard input (reading) or standard output (writing).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

enum class MatrixFormat { coordinate, array };
enum class MatrixField { real, integer, pattern };
enum class MatrixSymmetry { general, symmetric, skew_symmetric };

/// The banner and size line of a Matrix Market file.
struct MatrixMarketHeader {
    MatrixFormat format = MatrixFormat::coordinate;
    MatrixField field = MatrixField::real;
    MatrixSymmetry symmetry = MatrixSymmetry::general;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::int64_t entries = 0;  ///< stored entries (coordinate) or rows * cols (array)
};

/// Reads a sparse or dense matrix into CSR form (dense `array` files keep only
/// their non-zero values). Throws asor::Error (io) if the file cannot be read,
/// asor::Error (input) if it is malformed. Never allocates more than the file
/// can hold, whatever its size line claims. Refuses at the size line, before
/// reading any entry, a matrix whose reading would need more than the memory
/// available (MemAvailable and the cgroup limit; the environment variable
/// ASOR_MEMORY_LIMIT, in bytes or with a K/M/G/T suffix, replaces that
/// figure), and throws asor::Error (usage) for a malformed ASOR_MEMORY_LIMIT.
CsrMatrix read_matrix(const std::string& path);

/// Same, from a stream; `name` is used in error messages.
CsrMatrix read_matrix(std::istream& in, const std::string& name);

/// Reads a vector: an `array` file with one column (or one row), or a
/// `coordinate` file with one column (absent entries are zero). Errors and
/// the memory check as read_matrix (8 bytes per entry).
std::vector<double> read_vector(const std::string& path);
std::vector<double> read_vector(std::istream& in, const std::string& name);

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
/// Throws asor::Error (io) on failure, leaving no temporary file behind.
void write_matrix(const std::string& path, const CsrMatrix& a,
                  const MatrixWriteOptions& options = {});
void write_matrix(std::ostream& out, const CsrMatrix& a, const MatrixWriteOptions& options = {});

/// Writes `array real general` with one column, shortest round-trip precision,
/// atomically as write_matrix.
void write_vector(const std::string& path, std::span<const double> x,
                  const std::string& comment = {});
void write_vector(std::ostream& out, std::span<const double> x, const std::string& comment = {});

}  // namespace asor
