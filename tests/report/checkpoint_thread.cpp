// Checkpoints written on a thread of their own: the monitor pays for a copy,
// never for the disk. Tagged [engine]: these also run under ThreadSanitizer.
#include "asor/detail/checkpoint_thread.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "asor/detail/linear_system.hpp"
#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "asor/solve.hpp"
#include "solver_checks.hpp"
#include "test_files.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// A disk whose writes wait until it is opened (or a while passes), and
/// that remembers every x written, in order.
class GatedDisk {
  public:
    explicit GatedDisk(bool open = false) : open_(open) {}

    CheckpointThread::WriteFunction writer() {
        return [this](std::span<const double> x, const CheckpointInfo&) {
            std::unique_lock lock(mutex_);
            ++started_;
            changed_.notify_all();
            changed_.wait_for(lock, std::chrono::seconds(10), [this] { return open_; });
            if (fail_next_) {
                fail_next_ = false;
                throw Error(ErrorKind::io, "ck.mtx: cannot write (disk full)");
            }
            written_.emplace_back(x.begin(), x.end());
            changed_.notify_all();
        };
    }
    void open() {
        const std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }
    void fail_next() {
        const std::lock_guard lock(mutex_);
        fail_next_ = true;
    }
    void wait_started(int n) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return started_ >= n; });
    }
    void wait_written(std::size_t n) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return written_.size() >= n; });
    }
    std::vector<std::vector<double>> written() {
        const std::lock_guard lock(mutex_);
        return written_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool open_;
    bool fail_next_ = false;
    int started_ = 0;
    std::vector<std::vector<double>> written_;
};

using X = std::vector<double>;
const X kA{1.0}, kB{2.0}, kC{3.0}, kD{4.0};

}  // namespace

TEST_CASE("handing over a checkpoint while one is written costs a copy, and only the newest waits",
          "[checkpoint][engine]") {
    GatedDisk disk;
    CheckpointThread thread(disk.writer());
    thread.post(kA, {});
    disk.wait_started(1);  // and held there until opened
    const auto start = Clock::now();
    thread.post(kB, {});
    thread.post(kC, {});
    CHECK(seconds_since(start) < 0.5);  // a write in the caller would take 10 s
    disk.open();
    disk.wait_written(2);
    CHECK(disk.written() == std::vector<X>{kA, kC});  // B was superseded unwritten
    thread.finish(kD, {});
    CHECK(disk.written() == std::vector<X>{kA, kC, kD});
    CHECK(thread.written() == 3);
    CHECK(thread.failed() == 0);
}

TEST_CASE("the final checkpoint waits for the write in progress and ends as the final x",
          "[checkpoint][engine]") {
    GatedDisk disk;
    CheckpointThread thread(disk.writer());
    thread.post(kA, {});
    disk.wait_started(1);
    thread.post(kB, {});
    std::thread opener([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        disk.open();
    });
    thread.finish(kD, {});
    opener.join();
    const std::vector<X> written = disk.written();
    REQUIRE(written.size() >= 2);
    CHECK(written.front() == kA);  // not cut short
    CHECK(written.back() == kD);
    SECTION("nothing handed over after the end is written") {
        thread.post(kC, {});
        CHECK(disk.written() == written);
    }
}

TEST_CASE("a failed background write is rethrown at the end, on the caller's thread",
          "[checkpoint][engine]") {
    GatedDisk disk(true);
    CheckpointThread thread(disk.writer());
    disk.fail_next();
    thread.post(kA, {});
    disk.wait_started(1);
    REQUIRE_THROWS_WITH(thread.finish(kD, {}), Contains("disk full"));
    CHECK(disk.written() == std::vector<X>{kD});  // the final write still happened
    CHECK(thread.written() == 1);
    CHECK(thread.failed() == 1);
}

TEST_CASE("a checkpoint thread writes real checkpoints", "[checkpoint]") {
    test::TempDir dir;
    const std::string path = dir.file("ck.mtx");
    CheckpointThread thread(path);
    CheckpointInfo info;
    info.sweeps = 7;
    thread.post(kA, info);
    info.sweeps = 9;
    thread.finish(std::vector<double>{1.0, 2.0}, info);
    CHECK(read_vector(path) == std::vector<double>{1.0, 2.0});
    CHECK(read_checkpoint_info(path).sweeps == 9);
    CHECK(dir.entries() == 2);
}

TEST_CASE("a slow checkpoint write does not delay the stop of a solve", "[checkpoint][engine]") {
    const CsrMatrix a = test::poisson2d(60);
    // Unlike A * ones, no x in floating point solves it exactly, so tol
    // 1e-300 is never reached.
    std::vector<double> b(static_cast<std::size_t>(a.rows));
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = 1.0 / static_cast<double>(i + 3);
    const auto method = GENERATE(Method::async, Method::sor);
    CAPTURE(method);
    SolveOptions o = test::options_for(method, 1.5, 2);
    o.stopping.tolerance = 1e-300;  // never reached: the cancel below stops it
    o.stopping.max_sweeps = std::uint64_t{1} << 40;
    o.stopping.time_limit_seconds = 30.0;
    o.snapshot_interval_seconds = 0.01;
    std::vector<double> last_written;  // by the thread, then by finish() after joining it
    CheckpointThread thread([&](std::span<const double> x, const CheckpointInfo&) {
        std::this_thread::sleep_for(std::chrono::seconds(2));
        last_written.assign(x.begin(), x.end());
    });
    // The third snapshot cancels the solve, while the first is still being
    // written: the stop must not wait for the write.
    std::atomic<bool> cancel{false};
    o.cancel = &cancel;
    int snapshots = 0;
    Clock::time_point cancelled;
    o.on_snapshot = [&](const Snapshot& s) {
        thread.post(s.x, {});
        if (++snapshots == 3) {
            cancelled = Clock::now();
            cancel.store(true, std::memory_order_release);
        }
    };
    std::vector<double> x(b.size(), 0.0);
    const SolveReport r = solve(a, b, x, o);
    const double time_to_stop = seconds_since(cancelled);
    CHECK(r.reason == StopReason::cancelled);
    CHECK(snapshots >= 3);
    // Waiting for the write would take most of 2 s; on a loaded machine the
    // rest of a solve has taken 0.6 s.
    CHECK(time_to_stop < 1.0);
    thread.finish(x, {});
    CHECK(thread.written() >= 2);  // one or more in the background, then the final one
    CHECK(last_written == x);
}
