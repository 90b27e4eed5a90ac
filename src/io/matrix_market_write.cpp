// asor: writing Matrix Market files.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asor/detail/atomic_file.hpp"
#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "matrix_market_internal.hpp"

namespace asor {
namespace {

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

/// The banner, from the same names the reader parses, and `comment` as `%`
/// lines.
void write_header(TextWriter& w, MatrixFormat format, MatrixField field, MatrixSymmetry symmetry,
                  const std::string& comment) {
    w.text("%%MatrixMarket matrix ");
    w.text(detail::name_of(format));
    w.character(' ');
    w.text(detail::name_of(field));
    w.character(' ');
    w.text(detail::name_of(symmetry));
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

/// `array real general`, `values` column-major.
void write_array(std::ostream& out, std::int64_t rows, std::int64_t cols,
                 std::span<const double> values, const std::string& comment) {
    TextWriter w(out);
    write_header(w, MatrixFormat::array, MatrixField::real, MatrixSymmetry::general, comment);
    w.number(rows);
    w.character(' ');
    w.number(cols);
    w.character('\n');
    for (const double value : values) {
        w.number(value);
        w.character('\n');
    }
    w.flush();
}

}  // namespace

void write_matrix(const std::string& path, CsrView a, const MatrixWriteOptions& options) {
    write_file_atomically(path, [&](std::ostream& out) { write_matrix(out, a, options); });
}

void write_matrix(std::ostream& out, CsrView a, const MatrixWriteOptions& options) {
    const auto stored = [&](Index row, Index col) { return !options.symmetric || col <= row; };
    Offset count = 0;
    for (Index r = 0; r < a.rows; ++r) {
        for (Offset k = a.row_offsets[r]; k < a.row_offsets[r + 1]; ++k) {
            count += stored(r, a.col_indices[static_cast<std::size_t>(k)]) ? 1 : 0;
        }
    }
    TextWriter w(out);
    write_header(w, MatrixFormat::coordinate, MatrixField::real,
                 options.symmetric ? MatrixSymmetry::symmetric : MatrixSymmetry::general,
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
    write_array(out, static_cast<std::int64_t>(x.size()), 1, x, comment);
}

void write_dense_matrix(const std::string& path, const DenseMatrix& m, const std::string& comment) {
    write_file_atomically(path, [&](std::ostream& out) { write_dense_matrix(out, m, comment); });
}

void write_dense_matrix(std::ostream& out, const DenseMatrix& m, const std::string& comment) {
    if (m.rows < 0 || m.cols < 0 ||
        m.values.size() != static_cast<std::size_t>(m.rows) * static_cast<std::size_t>(m.cols)) {
        throw Error(ErrorKind::usage, "write_dense_matrix: " + std::to_string(m.values.size()) +
                                          " values for " + std::to_string(m.rows) + " x " +
                                          std::to_string(m.cols) +
                                          " (expected rows x columns values)");
    }
    write_array(out, m.rows, m.cols, m.values, comment);
}

}  // namespace asor
