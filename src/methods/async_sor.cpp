// Asynchronous SOR on one process: the workers (async_workers.cpp) sweep
// their blocks with no lock and no barrier; a separate monitor thread,
// asleep between checks, decides when they stop.
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "asor/detail/check_schedule.hpp"
#include "async_workers.hpp"
#include "iteration.hpp"

namespace asor::detail {

namespace {

// The monitor: a std::thread that sleeps on a condition variable between
// checks, so that it costs nothing while waiting and never competes with the
// workers for a core.
class MonitorThread {
  public:
    MonitorThread(IterationRound& round, AsyncShared& shared)
        : thread_([this, &round, &shared] { watch(round, shared); }) {}

    MonitorThread(const MonitorThread&) = delete;
    MonitorThread& operator=(const MonitorThread&) = delete;
    ~MonitorThread() { finish(); }

    /// Wakes the monitor for good and waits for it.
    void finish() {
        {
            std::lock_guard lock(mutex_);
            finished_ = true;
        }
        wake_.notify_one();
        if (thread_.joinable()) thread_.join();
    }

    [[nodiscard]] std::optional<StopReason> decision() const { return decision_; }
    [[nodiscard]] std::exception_ptr error() const { return error_; }

  private:
    // Checks at the pace of the slowest block (see CheckSchedule); the
    // observer at most once per monitor interval.
    void watch(IterationRound& round, AsyncShared& shared) {
        CheckSchedule schedule(round.monitor_interval_seconds, seconds_since(round.start),
                               slowest_block_sweeps(shared));
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, std::chrono::duration<double>(schedule.wait()),
                               [this] { return finished_; })) {
            lock.unlock();
            try {
                const Progress progress = gather(round, shared);
                schedule.checked(progress.elapsed_seconds, progress.sweeps_min);
                decision_ = round.monitor.check_and_observe(progress);
            } catch (...) {
                error_ = std::current_exception();
                decision_ = StopReason::cancelled;
            }
            if (decision_) {
                shared.stop.store(true, std::memory_order_release);
                return;
            }
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    bool finished_ = false;
    std::optional<StopReason> decision_;
    std::exception_ptr error_;
    std::thread thread_;  // last: starts once the members above exist
};

}  // namespace

StopReason iterate_async_sor(IterationRound& round) {
    AsyncShared shared(round);
    std::optional<StopReason> decision;
    {
        MonitorThread monitor(round, shared);
        run_async_workers(round, shared);
        monitor.finish();
        if (monitor.error()) std::rethrow_exception(monitor.error());
        decision = monitor.decision();
    }
    // The monitor always decides before the workers stop.
    return decision.value_or(StopReason::cancelled);
}

}  // namespace asor::detail
