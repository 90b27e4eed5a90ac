// libFuzzer harness for the Matrix Market reader (asor/matrix_market.hpp).
//
// Every input is handed, unchanged, to read_matrix and read_vector, both as a
// stream (no size known: the path of standard input) and as a regular file of
// that size (a memfd opened by path: the path of a file on disk, where the
// size line is checked against the file size). Malformed input must throw
// asor::Error; anything else (a crash, a sanitizer report, a leak, a timeout,
// an allocation past -rss_limit_mb, another exception) is a bug. So is a
// matrix file whose reads disagree: the file is read straight into CSR
// arrays (in one pass where its rows come in order, else in passes), by one
// thread and cut into three chunks that threads read at once, the stream in
// one pass through a list of entries, and all must give the same matrix bit
// for bit or the same error at the same line (unless the file's size
// refutes its size line, which only a file can show). Inputs are plain
// Matrix Market text, so a crash file is a ready-made regression file.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>

#include "asor/error.hpp"
#include "asor/matrix_market.hpp"

namespace {

template <class Read>
void expect_result_or_error(Read read) {
    try {
        read();
    } catch (const asor::Error&) {
        // Refused clearly: the expected outcome for malformed input.
    }
}

/// What read_matrix gave: the matrix, or the error's kind and its message
/// without the input's name in front.
struct Outcome {
    std::optional<asor::CsrMatrix> matrix;
    asor::ErrorKind kind = asor::ErrorKind::input;
    std::string error;
};

template <class Read>
Outcome outcome_of(Read read, const std::string& name) {
    Outcome outcome;
    try {
        outcome.matrix = read();
    } catch (const asor::Error& e) {
        outcome.kind = e.kind();
        outcome.error = e.what();
        if (outcome.error.starts_with(name)) outcome.error.erase(0, name.size());
    }
    return outcome;
}

bool same_matrix(const asor::CsrMatrix& a, const asor::CsrMatrix& b) {
    return a.rows == b.rows && a.cols == b.cols && a.row_offsets == b.row_offsets &&
           a.col_indices == b.col_indices && a.values.size() == b.values.size() &&
           (a.values.empty() ||  // memcmp on the null data() of empty vectors is undefined
            std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)) == 0);
}

/// Traps (a crash for libFuzzer) unless the file and the stream agree.
void check_agree(const Outcome& file, const Outcome& stream) {
    if (file.error.find("the size line declares") != std::string::npos) return;
    const bool agree = file.matrix && stream.matrix
                           ? same_matrix(*file.matrix, *stream.matrix)
                           : !file.matrix && !stream.matrix && file.kind == stream.kind &&
                                 file.error == stream.error;
    if (!agree) __builtin_trap();
}

/// A memfd holding `text`; closed on scope exit. path() is empty on failure.
class MemoryFile {
  public:
    MemoryFile(const std::uint8_t* data, std::size_t size)
        : fd_(::memfd_create("asor_fuzz", MFD_CLOEXEC)) {
        std::size_t written = 0;
        while (fd_ >= 0 && written < size) {
            const ssize_t n = ::write(fd_, data + written, size - written);
            if (n <= 0) {
                ::close(fd_);
                fd_ = -1;
            } else {
                written += static_cast<std::size_t>(n);
            }
        }
    }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    ~MemoryFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    [[nodiscard]] std::string path() const {
        return fd_ >= 0 ? "/proc/self/fd/" + std::to_string(fd_) : std::string();
    }

  private:
    int fd_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const Outcome stream = outcome_of(
        [&] {
            std::istringstream in(text);
            return asor::read_matrix(in, "fuzz");
        },
        "fuzz");
    expect_result_or_error([&] {
        std::istringstream in(text);
        asor::read_vector(in, "fuzz");
    });
    const MemoryFile file(data, size);
    if (const std::string path = file.path(); !path.empty()) {
        check_agree(outcome_of([&] { return asor::read_matrix(path); }, path), stream);
        // However small, cut into three chunks that threads read at once.
        check_agree(outcome_of([&] { return asor::read_matrix(path, {3, 1}); }, path), stream);
        expect_result_or_error([&] { asor::read_vector(path); });
    }
    return 0;
}
