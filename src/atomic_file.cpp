// asor: files that appear complete or not at all.
#include "asor/atomic_file.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <iostream>
#include <ostream>
#include <streambuf>
#include <string>
#include <system_error>
#include <vector>

#include "asor/error.hpp"

namespace asor {
namespace {

[[noreturn]] void fail_write(const std::string& path, int error_number) {
    throw Error(ErrorKind::io,
                path + ": cannot write (" + std::generic_category().message(error_number) + ")");
}

/// An output stream buffer over a POSIX file descriptor that remembers the
/// errno of the first failed write.
class FdStreamBuf : public std::streambuf {
  public:
    explicit FdStreamBuf(int fd) : fd_(fd), buffer_(std::size_t{1} << 20) {
        setp(buffer_.data(), buffer_.data() + buffer_.size());
    }
    [[nodiscard]] int error() const noexcept { return error_; }

  protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return drain() ? 0 : -1; }

  private:
    bool drain() {
        const char* p = pbase();
        while (p < pptr()) {
            const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                if (error_ == 0) error_ = n < 0 ? errno : EIO;
                return false;
            }
            p += n;
        }
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return true;
    }

    int fd_;
    std::vector<char> buffer_;
    int error_ = 0;
};

/// A new file beside `path`, created exclusively with mode 0666 & ~umask.
struct TempFile {
    std::string name;
    int fd = -1;
};

TempFile create_temp_beside(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        TempFile temp;
        temp.name = path + "." + std::to_string(::getpid()) + "." +
                    std::to_string(counter.fetch_add(1)) + ".tmp";
        temp.fd = ::open(temp.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (temp.fd >= 0) return temp;
        if (errno != EEXIST) fail_write(path, errno);
    }
    fail_write(path, EEXIST);
}

/// Removes the temporary file unless released; closes its descriptor.
class TempFileGuard {
  public:
    explicit TempFileGuard(TempFile& temp) : temp_(temp) {}
    TempFileGuard(const TempFileGuard&) = delete;
    TempFileGuard& operator=(const TempFileGuard&) = delete;
    ~TempFileGuard() {
        if (temp_.fd >= 0) ::close(temp_.fd);
        if (!released_) ::unlink(temp_.name.c_str());
    }
    void release() noexcept { released_ = true; }

  private:
    TempFile& temp_;
    bool released_ = false;
};

/// Blocks SIGINT and SIGTERM in the calling thread while it lives; one that
/// arrives meanwhile is delivered when it ends. A program that has not yet
/// installed handlers of its own (the CLI checks its output paths first) is
/// then never killed between creating a file and removing it.
class InterruptsDeferred {
  public:
    InterruptsDeferred() {
        sigset_t interrupts;
        sigemptyset(&interrupts);
        sigaddset(&interrupts, SIGINT);
        sigaddset(&interrupts, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &interrupts, &previous_);
    }
    InterruptsDeferred(const InterruptsDeferred&) = delete;
    InterruptsDeferred& operator=(const InterruptsDeferred&) = delete;
    ~InterruptsDeferred() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

  private:
    sigset_t previous_{};
};

bool is_directory(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

void sync_directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // durability of the rename is best effort
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write) {
    if (path == "-") {
        write(std::cout);
        std::cout.flush();
        if (!std::cout) throw Error(ErrorKind::io, "<stdout>: cannot write");
        return;
    }
    if (is_directory(path)) fail_write(path, EISDIR);
    TempFile temp = create_temp_beside(path);
    TempFileGuard guard(temp);
    {
        FdStreamBuf buffer(temp.fd);
        std::ostream out(&buffer);
        write(out);
        out.flush();
        if (!out) fail_write(path, buffer.error() != 0 ? buffer.error() : EIO);
    }
    if (::fsync(temp.fd) != 0) fail_write(path, errno);
    const int fd = temp.fd;
    temp.fd = -1;
    if (::close(fd) != 0) fail_write(path, errno);
    if (::rename(temp.name.c_str(), path.c_str()) != 0) fail_write(path, errno);
    guard.release();
    sync_directory_of(path);
}

void check_writable(const std::string& path) {
    if (path == "-") return;
    if (is_directory(path)) fail_write(path, EISDIR);
    const InterruptsDeferred deferred;  // outlives the probe: removed first
    TempFile temp = create_temp_beside(path);
    TempFileGuard guard(temp);
}

}  // namespace asor
