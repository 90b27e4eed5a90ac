// asor: checkpoints written on a thread of their own, so that the monitor
// thread that hands one over waits only for a copy of x, never for the disk.
#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "asor/detail/checkpoint.hpp"

namespace asor {

/// Writes the checkpoints of one solve in the background, newest only: a
/// copy handed over while a write is in progress waits, and a newer one
/// replaces it unwritten (a checkpoint is only worth its latest x). A write
/// that fails does not stop the thread; the first failure is kept and
/// rethrown by finish() on the caller's thread.
class CheckpointThread {
  public:
    /// What writes one checkpoint; tests pass a slow or failing one.
    using WriteFunction =
        std::function<void(std::span<const double> x, const CheckpointInfo& info)>;

    /// Writes with write_checkpoint(path, x, info). Starts the thread; throws
    /// std::system_error if it cannot.
    explicit CheckpointThread(std::string path);
    explicit CheckpointThread(WriteFunction write);

    /// Drops what is pending and waits for the write in progress, if any;
    /// a failure not yet rethrown by finish() is lost (the caller is
    /// unwinding already). Never throws.
    ~CheckpointThread();
    CheckpointThread(const CheckpointThread&) = delete;
    CheckpointThread& operator=(const CheckpointThread&) = delete;

    /// Copies x and info for the thread to write, and returns without
    /// waiting for any write: for a SnapshotHandler. One thread at a time
    /// may call it; ignored after finish().
    void post(std::span<const double> x, const CheckpointInfo& info);

    /// The last checkpoint: drops what is pending, waits for the write in
    /// progress, stops the thread and writes x on the calling thread, so
    /// that the file ends as this x. Then rethrows the first failure of any
    /// write, this one included. Call once, after the last post().
    void finish(std::span<const double> x, const CheckpointInfo& info);

    /// Checkpoints written, and writes that failed, so far.
    [[nodiscard]] int written() const noexcept { return written_.load(std::memory_order_acquire); }
    [[nodiscard]] int failed() const noexcept { return failed_.load(std::memory_order_acquire); }

  private:
    struct Copy {
        std::vector<double> x;
        CheckpointInfo info;
    };

    void run();
    void stop() noexcept;
    void write(const Copy& copy);

    WriteFunction write_;
    Copy spare_;    ///< filled by post() outside the lock
    Copy pending_;  ///< the newest copy not yet taken by the thread
    Copy writing_;  ///< the copy the thread writes
    bool has_pending_ = false;
    bool stopping_ = false;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::exception_ptr first_failure_;  ///< guarded by mutex_
    std::atomic<int> written_{0};
    std::atomic<int> failed_{0};
    std::thread thread_;  ///< last: started once everything above exists
};

}  // namespace asor
