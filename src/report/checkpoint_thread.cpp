// asor: checkpoints written on a thread of their own.
#include "asor/detail/checkpoint_thread.hpp"

#include <utility>

namespace asor {

CheckpointThread::CheckpointThread(std::string path)
    : CheckpointThread(
          [path = std::move(path)](std::span<const double> x, const CheckpointInfo& info) {
              write_checkpoint(path, x, info);
          }) {}

CheckpointThread::CheckpointThread(WriteFunction write)
    : write_(std::move(write)), thread_([this] { run(); }) {}

CheckpointThread::~CheckpointThread() { stop(); }

void CheckpointThread::post(std::span<const double> x, const CheckpointInfo& info) {
    // The copy is made outside the lock, so that the thread is never kept
    // from taking the previous one, and the caller never waits for a write.
    spare_.x.assign(x.begin(), x.end());
    spare_.info = info;
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) return;
        std::swap(spare_, pending_);
        has_pending_ = true;
    }
    wake_.notify_one();
}

void CheckpointThread::finish(std::span<const double> x, const CheckpointInfo& info) {
    stop();
    write(Copy{{x.begin(), x.end()}, info});
    const std::lock_guard lock(mutex_);
    if (first_failure_) std::rethrow_exception(std::exchange(first_failure_, nullptr));
}

void CheckpointThread::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return has_pending_ || stopping_; });
        if (stopping_) return;
        std::swap(pending_, writing_);
        has_pending_ = false;
        lock.unlock();
        write(writing_);
        lock.lock();
    }
}

void CheckpointThread::stop() noexcept {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        has_pending_ = false;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void CheckpointThread::write(const Copy& copy) {
    try {
        write_(copy.x, copy.info);
        written_.fetch_add(1, std::memory_order_release);
    } catch (...) {
        failed_.fetch_add(1, std::memory_order_release);
        const std::lock_guard lock(mutex_);
        if (!first_failure_) first_failure_ = std::current_exception();
    }
}

}  // namespace asor
