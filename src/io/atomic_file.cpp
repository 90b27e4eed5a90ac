// asor: files that appear complete or not at all.
#include "asor/detail/atomic_file.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
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

// The temporary files being written, where a signal handler on any thread
// can find them: a fixed table (no allocation, no lock), one slot per write
// in progress, so that concurrent writes (a checkpoint thread beside the
// main thread) are all covered. Each slot is a sequence lock: its version is
// odd while the slot is empty or its name changes and even while the name is
// complete, so a reader that finds the same even version before and after
// copying the name has a whole one. Writers never wait for readers, readers
// never wait at all. The characters are atomics so that a reader racing a
// writer reads values, not undefined behaviour; temporary names are never
// reused, so a stale but complete name is harmless to unlink.
constexpr std::size_t kSlots = 16;
constexpr std::size_t kNameCapacity = 4096;

struct UnfinishedSlot {
    std::atomic<bool> taken{false};         ///< owned by one write_file_atomically call
    std::atomic<std::uint64_t> version{1};  ///< odd: empty or changing; even: name complete
    std::atomic<char> name[kNameCapacity];
};
UnfinishedSlot unfinished_slots[kSlots];
static_assert(std::atomic<bool>::is_always_lock_free &&
                  std::atomic<std::uint64_t>::is_always_lock_free &&
                  std::atomic<char>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

UnfinishedSlot* take_free_slot() noexcept {
    for (UnfinishedSlot& slot : unfinished_slots) {
        bool expected = false;
        if (slot.taken.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
            return &slot;
        }
    }
    return nullptr;  // more concurrent writes than slots: this one is not covered
}

/// Publishes the name of a temporary file of this write while it lives, in
/// a slot of its own. publish() may be called again for another name.
class UnfinishedFile {
  public:
    UnfinishedFile() : slot_(take_free_slot()) {}
    UnfinishedFile(const UnfinishedFile&) = delete;
    UnfinishedFile& operator=(const UnfinishedFile&) = delete;
    ~UnfinishedFile() {
        if (slot_ == nullptr) return;
        retract();
        slot_->taken.store(false, std::memory_order_release);
    }

    /// Called before the file is created, so that no moment is uncovered.
    void publish(const std::string& name) noexcept {
        if (slot_ == nullptr) return;
        retract();
        if (name.size() >= kNameCapacity) return;  // not covered; never in practice
        for (std::size_t i = 0; i <= name.size(); ++i) {
            slot_->name[i].store(name.c_str()[i], std::memory_order_relaxed);
        }
        // Even: the release orders every character before it.
        slot_->version.fetch_add(1, std::memory_order_release);
    }

  private:
    // Odd before any character changes: the fence keeps the characters
    // written after it from being seen by a reader that then finds the old
    // even version.
    void retract() noexcept {
        const std::uint64_t v = slot_->version.load(std::memory_order_relaxed);
        if (v % 2 == 1) return;
        slot_->version.store(v + 1, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
    }

    UnfinishedSlot* slot_;
};

/// Copies the name in `slot` into `out`; false unless it was complete and
/// unchanged throughout.
bool read_slot(const UnfinishedSlot& slot, char (&out)[kNameCapacity]) noexcept {
    const std::uint64_t before = slot.version.load(std::memory_order_acquire);
    if (before % 2 == 1) return false;
    std::size_t i = 0;
    for (; i + 1 < kNameCapacity; ++i) {
        out[i] = slot.name[i].load(std::memory_order_relaxed);
        if (out[i] == '\0') break;
    }
    out[i] = '\0';
    std::atomic_thread_fence(std::memory_order_acquire);
    return slot.version.load(std::memory_order_relaxed) == before;
}

/// A new file beside `path`, created exclusively with mode 0666 & ~umask.
struct TempFile {
    std::string name;
    int fd = -1;
};

/// The name of the next temporary file beside `path`.
std::string temp_name_beside(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    return path + "." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1)) +
           ".tmp";
}

/// Creates the file `name` (see TempFile); false if it exists already.
bool create_temp(const std::string& path, const std::string& name, TempFile& temp) {
    temp.name = name;
    temp.fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (temp.fd >= 0) return true;
    if (errno != EEXIST) fail_write(path, errno);
    return false;
}

TempFile create_temp_beside(const std::string& path) {
    TempFile temp;
    for (int attempt = 0; attempt < 100; ++attempt) {
        if (create_temp(path, temp_name_beside(path), temp)) return temp;
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

/// Where a write to a path goes.
struct Target {
    std::string path;      ///< symbolic links followed
    bool special = false;  ///< a device, FIFO or socket: written in place
};

/// Follows symbolic links, so that a link stays a link and its target gets
/// the new contents, and tells special files apart: renaming a file over
/// /dev/null would replace the device with a regular file.
Target resolve_target(const std::string& path) {
    std::string current = path;
    for (int hop = 0; hop < 40; ++hop) {
        struct stat info {};
        if (::lstat(current.c_str(), &info) != 0) return {current, false};  // a new file
        if (!S_ISLNK(info.st_mode)) {
            return {current, !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode)};
        }
        std::vector<char> link(static_cast<std::size_t>(info.st_size > 0 ? info.st_size : 4096) +
                               1);
        const ssize_t n = ::readlink(current.c_str(), link.data(), link.size());
        if (n < 0 || static_cast<std::size_t>(n) >= link.size())
            fail_write(path, n < 0 ? errno : ELOOP);
        const std::string target(link.data(), static_cast<std::size_t>(n));
        const auto slash = current.rfind('/');
        current = target.starts_with('/') || slash == std::string::npos
                      ? target
                      : current.substr(0, slash + 1) + target;
    }
    fail_write(path, ELOOP);
}

void write_through(const std::string& path, int fd,
                   const std::function<void(std::ostream&)>& write) {
    FdStreamBuf buffer(fd);
    std::ostream out(&buffer);
    write(out);
    out.flush();
    if (!out) fail_write(path, buffer.error() != 0 ? buffer.error() : EIO);
}

/// A device or FIFO: no temporary file and no rename, which would replace it.
void write_in_place(const std::string& path, const std::string& target,
                    const std::function<void(std::ostream&)>& write) {
    const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail_write(path, errno);
    try {
        write_through(path, fd, write);
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (::close(fd) != 0) fail_write(path, errno);
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
    const Target target = resolve_target(path);
    if (target.special) return write_in_place(path, target.path, write);
    TempFile temp;
    UnfinishedFile unfinished;
    for (int attempt = 0;; ++attempt) {
        if (attempt == 100) fail_write(path, EEXIST);
        const std::string name = temp_name_beside(target.path);
        unfinished.publish(name);  // before the file exists: no moment uncovered
        if (create_temp(path, name, temp)) break;
    }
    TempFileGuard guard(temp);  // destroyed before `unfinished`
    write_through(path, temp.fd, write);
    if (::fsync(temp.fd) != 0) fail_write(path, errno);
    const int fd = temp.fd;
    temp.fd = -1;
    if (::close(fd) != 0) fail_write(path, errno);
    if (::rename(temp.name.c_str(), target.path.c_str()) != 0) fail_write(path, errno);
    guard.release();
    sync_directory_of(target.path);
}

void for_each_unfinished_temporary_file(void (*visit)(const char* name)) noexcept {
    for (const UnfinishedSlot& slot : unfinished_slots) {
        char name[kNameCapacity];
        if (read_slot(slot, name)) visit(name);
    }
}

void remove_unfinished_temporary_file() noexcept {
    for_each_unfinished_temporary_file([](const char* name) { ::unlink(name); });
}

void check_writable(const std::string& path) {
    if (path == "-") return;
    if (is_directory(path)) fail_write(path, EISDIR);
    const Target target = resolve_target(path);
    if (target.special) {
        if (::access(target.path.c_str(), W_OK) != 0) fail_write(path, errno);
        return;
    }
    const InterruptsDeferred deferred;  // outlives the probe: removed first
    TempFile temp = create_temp_beside(target.path);
    TempFileGuard guard(temp);
}

}  // namespace asor
