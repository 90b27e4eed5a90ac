// cg is judged while Eigen iterates, not only when it returns: the cancel
// flag, the time limit and the observer act within a monitor interval.
// Tagged [engine]: these also run under ThreadSanitizer.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <latch>
#include <thread>
#include <utility>

#include "asor/detail/linear_system.hpp"
#include "solver_checks.hpp"
#include "test_problems.hpp"

using namespace asor;
using Clock = std::chrono::steady_clock;

namespace {

// 160,000 rows: cg needs over a thousand iterations, seconds at least, to
// reach 1e-13, so whatever stops it before that stopped it mid-iteration.
struct LongCgSolve {
    CsrMatrix a = test::poisson2d(400);
    std::vector<double> b = rhs_for_ones_solution(a);
    std::vector<double> x;
    SolveOptions options = [] {
        SolveOptions o = test::options_for(Method::cg, 1.0, 2);
        o.stopping.tolerance = 1e-13;
        return o;
    }();

    /// Solves from 0; the report's residual is checked against x.
    SolveReport solve() { return test::solve_and_verify(a, b, x, options); }
};

}  // namespace

TEST_CASE("cg stops on the cancel flag while Eigen iterates", "[cg][engine]") {
    LongCgSolve s;
    // Never converged: without the cancel the solve would run into the
    // time limit, far beyond the bound on the time to stop below.
    s.options.stopping.tolerance = 1e-300;
    s.options.stopping.max_sweeps = std::uint64_t{1} << 40;
    s.options.stopping.time_limit_seconds = 60.0;
    std::atomic<bool> cancel{false};
    s.options.cancel = &cancel;
    std::latch iterating(1);  // the observer's first call: Eigen's loop has begun
    bool told = false;
    s.options.observer = [&](const Progress&) {
        if (!std::exchange(told, true)) iterating.count_down();
        return ObserverAction::proceed;
    };
    Clock::time_point cancelled_at;
    std::thread canceller([&] {
        iterating.wait();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        cancelled_at = Clock::now();
        cancel.store(true, std::memory_order_release);
    });
    const SolveReport r = s.solve();
    const auto returned_at = Clock::now();
    canceller.join();
    CHECK(r.reason == StopReason::cancelled);
    CHECK(r.sweeps > 0);
    CHECK(r.relative_residual < r.initial_residual);  // x is the iterate it got to
    // Within a few iterations and the final residual (under ThreadSanitizer
    // on a loaded machine: up to 2 s), not at the time limit.
    CHECK(std::chrono::duration<double>(returned_at - cancelled_at).count() < 5.0);
}

TEST_CASE("cg stops at the time limit while Eigen iterates", "[cg][engine]") {
    LongCgSolve s;
    s.options.stopping.time_limit_seconds = 0.1;
    const SolveReport r = s.solve();
    CHECK(r.reason == StopReason::time_limit);  // one Eigen call would run to convergence
    CHECK(r.sweeps > 0);
}

TEST_CASE("cg shows the observer provisional results, and the observer can stop it",
          "[cg][engine]") {
    LongCgSolve s;
    std::vector<Progress> seen;
    s.options.observer = [&](const Progress& p) {
        seen.push_back(p);
        return seen.size() == 3 ? ObserverAction::stop : ObserverAction::proceed;
    };
    const SolveReport r = s.solve();
    CHECK(r.reason == StopReason::observer_stop);
    REQUIRE(seen.size() == 3);
    for (std::size_t k = 1; k < seen.size(); ++k) {
        CHECK(seen[k].sweeps_min > seen[k - 1].sweeps_min);
        CHECK(seen[k].elapsed_seconds >= seen[k - 1].elapsed_seconds);
    }
    CHECK(seen.back().estimated_residual < seen.back().initial_residual);
    CHECK(r.sweeps == seen.back().sweeps_min);  // stopped where the observer said
    CHECK_FALSE(r.converged);
}

TEST_CASE("cg hands out snapshots of x while Eigen iterates", "[cg][engine]") {
    LongCgSolve s;
    int observed = 0;
    s.options.observer = [&](const Progress&) {
        return ++observed == 5 ? ObserverAction::stop : ObserverAction::proceed;
    };
    s.options.snapshot_interval_seconds = 1e-9;  // at every check that goes on
    int snapshots = 0;
    std::uint64_t first_sweeps = 0;
    s.options.on_snapshot = [&](const Snapshot& snapshot) {
        if (snapshots++ == 0) first_sweeps = snapshot.progress.sweeps_min;
    };
    const SolveReport r = s.solve();
    CHECK(r.reason == StopReason::observer_stop);
    CHECK(snapshots == 4);
    CHECK(first_sweeps < r.sweeps);
}
