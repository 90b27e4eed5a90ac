// Asynchronous SOR on one process: the workers (async_workers.cpp) sweep
// their blocks with no lock and no barrier; a judge decides when they stop.
// On a problem whose sweeps take microseconds, worker 0 judges between its
// own sweeps; elsewhere a separate monitor thread does, asleep between checks.
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "asor/detail/check_schedule.hpp"
#include "async_workers.hpp"
#include "iteration.hpp"

namespace asor::detail {

namespace {

// Blocks of at most this many non-zeros are judged by worker 0: a sweep of
// one takes well under 100 us, about what a sleeping thread's wake-up costs,
// and with every core held by a worker the wake-up can wait for a time
// slice (milliseconds), while the workers sweep on past convergence.
constexpr Offset kMostNonzerosJudgedInline = Offset{1} << 15;

// Worker 0 checks after this many sweeps of the slowest block, whatever the
// clock says: a check costs about what a twentieth of such a sweep does.
constexpr std::uint64_t kSweepsBetweenInlineChecks = 2;

bool judged_inline(const IterationRound& round) {
    return std::all_of(round.blocks.begin(), round.blocks.end(), [](const RowBlock& block) {
        return block.nonzeros <= kMostNonzerosJudgedInline;
    });
}

// One check of a running round at the pace of the slowest block (see
// CheckSchedule), whoever calls it: the monitor (criteria, observer,
// snapshots) decides, and an exception it throws becomes a cancel, kept for
// the solving thread to rethrow.
//
// Convergence counts only when the blocks sweep alike: over the last
// window in which every block completed a sweep, none swept more than about
// twice as often as the slowest, and since then no block ran more than 2
// sweeps ahead of one that has not finished its current sweep. A block
// whose thread got no core for a while, or stopped for the observer or a
// snapshot handler (worker 0 when it judges), still shows the estimate of
// its last sweep, while the others, sweeping on against its frozen values,
// drive theirs towards zero: their sum can pass the target while the true
// residual at the frozen block's edge does not (measured on a 40 x 40 grid
// under load: up to 7 failed verifications and 2.5x the sweeps). Windows,
// not the time between two checks: checks come at least once per monitor
// interval (1 ms by default), far more often than a sweep of 10^6 rows, and
// asking every block to finish a sweep between two of them refused
// convergence for dozens of sweeps (diagdom, 10^6 rows: 23 to 267 sweeps
// where 9 to 12 sufficed).
class Judge {
  public:
    Judge(IterationRound& round, AsyncShared& shared)
        : round_(round),
          shared_(shared),
          schedule_(round.monitor_interval_seconds, seconds_since(round.start),
                    slowest_block_sweeps(shared)),
          last_check_(seconds_since(round.start)),
          checked_sweeps_(slowest_block_sweeps(shared)),
          block_sweeps_(shared.slots.size()),
          now_(shared.slots.size()) {
        for (std::size_t b = 0; b < block_sweeps_.size(); ++b) {
            block_sweeps_[b] = shared.slots[b].sweeps.load(std::memory_order_relaxed);
        }
    }

    [[nodiscard]] double wait() const noexcept { return schedule_.wait(); }
    [[nodiscard]] double next_check() const noexcept { return last_check_ + schedule_.wait(); }
    /// Sweeps of the slowest block at the last check.
    [[nodiscard]] std::uint64_t checked_sweeps() const noexcept { return checked_sweeps_; }

    /// Checks now; raises the stop flag and returns true once decided.
    bool check() noexcept {
        try {
            const Progress progress = gather(round_, shared_);
            schedule_.checked(progress.elapsed_seconds, progress.sweeps_min);
            last_check_ = progress.elapsed_seconds;
            checked_sweeps_ = progress.sweeps_min;
            const bool alike = blocks_swept_alike();
            decision_ = round_.monitor.check_and_observe(progress);
            if (decision_ == StopReason::converged && !alike) decision_.reset();
        } catch (...) {
            error_ = std::current_exception();
            decision_ = StopReason::cancelled;
        }
        if (decision_) shared_.stop.store(true, std::memory_order_release);
        return decision_.has_value();
    }

    [[nodiscard]] std::optional<StopReason> decision() const { return decision_; }
    [[nodiscard]] std::exception_ptr error() const { return error_; }

  private:
    // Whether the blocks sweep alike (see above). The window since
    // block_sweeps_ closes once every block completed a sweep in it.
    bool blocks_swept_alike() noexcept {
        std::uint64_t fewest = UINT64_MAX, most = 0;
        for (std::size_t b = 0; b < block_sweeps_.size(); ++b) {
            now_[b] = shared_.slots[b].sweeps.load(std::memory_order_relaxed);
            fewest = std::min(fewest, now_[b] - block_sweeps_[b]);
            most = std::max(most, now_[b] - block_sweeps_[b]);
        }
        if (fewest == 0) return last_window_alike_ && most <= 2;
        last_window_alike_ = most <= 2 * fewest + 2;
        block_sweeps_.swap(now_);
        return last_window_alike_;
    }

    IterationRound& round_;
    AsyncShared& shared_;
    CheckSchedule schedule_;
    double last_check_;
    std::uint64_t checked_sweeps_;
    std::vector<std::uint64_t> block_sweeps_;  ///< each block's sweeps when the window opened
    std::vector<std::uint64_t> now_;           ///< scratch: each block's sweeps at this check
    bool last_window_alike_ = false;
    std::optional<StopReason> decision_;
    std::exception_ptr error_;
};

// The monitor as a std::thread that sleeps on a condition variable between
// checks, so that it costs nothing while waiting: for large blocks, where a
// worker judging between sweeps would see a cancel or a time limit only once
// per sweep of its block and would stop sweeping while the observer runs.
class MonitorThread {
  public:
    explicit MonitorThread(Judge& judge) : thread_([this, &judge] { watch(judge); }) {}

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

  private:
    void watch(Judge& judge) {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, std::chrono::duration<double>(judge.wait()),
                               [this] { return finished_; })) {
            lock.unlock();
            if (judge.check()) return;
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    bool finished_ = false;
    std::thread thread_;  // last: starts once the members above exist
};

// Worker 0 as the judge: after each of its sweeps it checks when the
// slowest block has swept kSweepsBetweenInlineChecks more times, or when the
// schedule says a check is due (for the observer, the cancel flag and the
// time limit while a block makes no progress).
class JudgeOnWorkerZero final : public JudgeBetweenSweeps {
  public:
    JudgeOnWorkerZero(Judge& judge, const IterationRound& round, const AsyncShared& shared)
        : judge_(judge), round_(round), shared_(shared) {}
    void after_sweep() noexcept override {
        if (slowest_block_sweeps(shared_) >= judge_.checked_sweeps() + kSweepsBetweenInlineChecks ||
            seconds_since(round_.start) >= judge_.next_check()) {
            judge_.check();
        }
    }

  private:
    Judge& judge_;
    const IterationRound& round_;
    const AsyncShared& shared_;
};

// While it lives, the monitor's snapshots are copied by the workers.
class SnapshotsByWorkers {
  public:
    SnapshotsByWorkers(ConvergenceMonitor& monitor, BlockCopies& copies) : monitor_(monitor) {
        monitor_.copy_through(&copies);
    }
    SnapshotsByWorkers(const SnapshotsByWorkers&) = delete;
    SnapshotsByWorkers& operator=(const SnapshotsByWorkers&) = delete;
    ~SnapshotsByWorkers() { monitor_.copy_through(nullptr); }

  private:
    ConvergenceMonitor& monitor_;
};

}  // namespace

StopReason iterate_async_sor(IterationRound& round) {
    AsyncShared shared(round);
    const SnapshotsByWorkers snapshots(round.monitor, shared.copies);
    Judge judge(round, shared);
    if (judged_inline(round)) {
        JudgeOnWorkerZero on_worker_zero(judge, round, shared);
        shared.judge = &on_worker_zero;
        run_async_workers(round, shared);
    } else {
        MonitorThread monitor(judge);
        run_async_workers(round, shared);
        monitor.finish();
    }
    if (judge.error()) std::rethrow_exception(judge.error());
    // The judge always decides before the workers stop.
    return judge.decision().value_or(StopReason::cancelled);
}

}  // namespace asor::detail
