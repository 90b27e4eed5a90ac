// libFuzzer harness for the Matrix Market reader (asor/matrix_market.hpp).
//
// Every input is handed, unchanged, to read_matrix and read_vector, both as a
// stream (no size known: the path of standard input) and as a regular file of
// that size (a memfd opened by path: the path of a file on disk, where the
// size line is checked against the file size). Malformed input must throw
// asor::Error; anything else (a crash, a sanitizer report, a leak, a timeout,
// an allocation past -rss_limit_mb, another exception) is a bug. Inputs are
// plain Matrix Market text, so a crash file is a ready-made regression file.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
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
    expect_result_or_error([&] {
        std::istringstream in(text);
        asor::read_matrix(in, "fuzz");
    });
    expect_result_or_error([&] {
        std::istringstream in(text);
        asor::read_vector(in, "fuzz");
    });
    const MemoryFile file(data, size);
    if (const std::string path = file.path(); !path.empty()) {
        expect_result_or_error([&] { asor::read_matrix(path); });
        expect_result_or_error([&] { asor::read_vector(path); });
    }
    return 0;
}
