#include "asor/detail/convergence_monitor.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "asor/detail/check_schedule.hpp"

using namespace asor;

namespace {

Progress at(double residual, std::uint64_t sweeps = 1, double seconds = 0.0) {
    Progress p;
    p.estimated_residual = residual;
    p.initial_residual = 1.0;
    p.sweeps_min = p.sweeps_max = sweeps;
    p.elapsed_seconds = seconds;
    return p;
}

// Each snapshot handed out: its x and the slowest block's sweeps.
using SnapshotsSeen = std::vector<std::pair<std::vector<double>, std::uint64_t>>;

SnapshotHandler recording(SnapshotsSeen& seen) {
    return [&seen](const Snapshot& s) {
        seen.emplace_back(std::vector<double>(s.x.begin(), s.x.end()), s.progress.sweeps_min);
    };
}

StoppingCriteria criteria() {
    StoppingCriteria c;
    c.tolerance = 1e-6;
    c.max_sweeps = 100;
    c.time_limit_seconds = 10.0;
    return c;
}

}  // namespace

TEST_CASE("stopping criteria decide from one observation", "[monitor]") {
    const StoppingCriteria c = criteria();
    CHECK_FALSE(check_criteria(c, 1e-6, at(1e-3)));
    CHECK(check_criteria(c, 1e-6, at(1e-6)) == StopReason::converged);
    CHECK(check_criteria(c, 1e-6, at(1e-3, 100)) == StopReason::sweep_limit);
    CHECK(check_criteria(c, 1e-6, at(1e-3, 5, 10.0)) == StopReason::time_limit);
    SECTION("divergence: NaN, Inf, or growth past the factor times the start") {
        CHECK(check_criteria(c, 1e-6, at(std::nan(""))) == StopReason::diverged);
        CHECK(check_criteria(c, 1e-6, at(INFINITY)) == StopReason::diverged);
        CHECK(check_criteria(c, 1e-6, at(1.01e8)) == StopReason::diverged);
        CHECK_FALSE(check_criteria(c, 1e-6, at(0.99e8)));
    }
    SECTION("convergence wins over a limit reached at the same moment") {
        CHECK(check_criteria(c, 1e-6, at(1e-7, 100, 10.0)) == StopReason::converged);
    }
    SECTION("a tighter target delays convergence") {
        CHECK_FALSE(check_criteria(c, 1e-8, at(1e-7)));
    }
}

TEST_CASE("the monitor consults the observer at most once per interval", "[monitor]") {
    int calls = 0;
    ConvergenceMonitor monitor(
        criteria(), [&](const Progress&) { return ++calls, ObserverAction::proceed; }, nullptr,
        0.5);
    CHECK_FALSE(monitor.check_and_observe(at(1.0, 1, 0.0)));
    CHECK_FALSE(monitor.check_and_observe(at(1.0, 2, 0.1)));
    CHECK_FALSE(monitor.check_and_observe(at(1.0, 3, 0.6)));
    CHECK(calls == 2);
    CHECK_FALSE(monitor.check_and_observe(at(1.0, 4, 0.7), true));
    CHECK(calls == 3);
}

TEST_CASE("the observer and the cancel flag stop a solve", "[monitor]") {
    SECTION("observer") {
        ConvergenceMonitor monitor(
            criteria(),
            [](const Progress& p) {
                return p.sweeps_min >= 3 ? ObserverAction::stop : ObserverAction::proceed;
            },
            nullptr, 0.0);
        CHECK_FALSE(monitor.check_and_observe(at(1.0, 2)));
        CHECK(monitor.check_and_observe(at(1.0, 3)) == StopReason::observer_stop);
    }
    SECTION("cancel flag, checked before anything else") {
        std::atomic<bool> cancel{false};
        ConvergenceMonitor monitor(criteria(), {}, &cancel, 0.0);
        CHECK_FALSE(monitor.check(at(1.0)));
        cancel = true;
        CHECK(monitor.check(at(1e-9)) == StopReason::cancelled);
    }
}

TEST_CASE("the monitor hands out copies of x at the snapshot interval", "[monitor]") {
    std::vector<double> x = {1.0, 2.0};
    SnapshotsSeen seen;
    ConvergenceMonitor monitor(criteria(), {}, nullptr, 0.0);
    monitor.keep_snapshots(x, recording(seen), 1.0);
    CHECK_FALSE(monitor.check_and_observe(at(1.0, 1, 0.5)));
    CHECK(seen.empty());
    x[0] = 3.0;
    CHECK_FALSE(monitor.check_and_observe(at(1.0, 2, 1.0)));
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].first == std::vector<double>{3.0, 2.0});
    CHECK(seen[0].second == 2);
    CHECK_FALSE(monitor.check_and_observe(at(1.0, 3, 1.5)));
    CHECK(seen.size() == 1);
    SECTION("no snapshot at a check that stops the solve") {
        CHECK(monitor.check_and_observe(at(1e-9, 4, 5.0)) == StopReason::converged);
        CHECK(seen.size() == 1);
    }
    SECTION("a copy holding NaN is not handed out, and tried again at the next check") {
        x[1] = std::nan("");
        CHECK_FALSE(monitor.check_and_observe(at(1.0, 4, 2.0)));
        CHECK(seen.size() == 1);
        x[1] = 4.0;
        CHECK_FALSE(monitor.check_and_observe(at(1.0, 5, 2.1)));
        REQUIRE(seen.size() == 2);
        CHECK(seen[1].first == std::vector<double>{3.0, 4.0});
    }
}

TEST_CASE("the monitor keeps the last iterate whose entries were all finite", "[monitor]") {
    std::vector<double> x = {1.0, 2.0};
    ConvergenceMonitor monitor(criteria(), {}, nullptr, 0.0);
    CHECK(monitor.last_finite_iterate().empty());
    monitor.keep_snapshots(x, {}, 1.0);
    SECTION("x as given, to begin with") {
        CHECK(std::vector<double>(monitor.last_finite_iterate().begin(),
                                  monitor.last_finite_iterate().end()) ==
              std::vector<double>{1.0, 2.0});
        CHECK(monitor.last_finite_sweeps() == 0);
    }
    SECTION("a later finite x replaces it; one with Inf does not") {
        x = {5.0, 6.0};
        CHECK_FALSE(monitor.check_and_observe(at(1.0, 7, 0.1)));
        x = {INFINITY, 6.0};
        CHECK_FALSE(monitor.check_and_observe(at(1.0, 8, 5.0)));
        const auto kept = monitor.last_finite_iterate();
        CHECK(std::vector<double>(kept.begin(), kept.end()) == std::vector<double>{5.0, 6.0});
        CHECK(monitor.last_finite_sweeps() == 7);
    }
    SECTION("a method that swaps buffers says where x now is") {
        std::vector<double> other = {8.0, 9.0};
        monitor.move_iterate(other);
        CHECK_FALSE(monitor.check_and_observe(at(1.0, 3, 0.1)));
        CHECK(monitor.last_finite_iterate()[0] == 8.0);
    }
}

namespace {

// Copies x when told to: the workers' side of a copy asked for by the monitor.
class CopierByHand final : public IterateCopier {
  public:
    void request(std::span<double> out) noexcept override {
        out_ = out;
        ++requests;
    }
    [[nodiscard]] bool complete() const noexcept override { return done_; }
    [[nodiscard]] double seconds() const noexcept override { return 1e-3; }
    void copy(const std::vector<double>& x) {
        std::copy(x.begin(), x.end(), out_.begin());
        done_ = true;
    }
    int requests = 0;

  private:
    std::span<double> out_;
    bool done_ = false;
};

}  // namespace

TEST_CASE("a snapshot copied by the workers is kept when a later check finds it complete",
          "[monitor]") {
    std::vector<double> x = {1.0, 2.0};
    SnapshotsSeen seen;
    ConvergenceMonitor monitor(criteria(), {}, nullptr, 0.0);
    monitor.keep_snapshots(x, recording(seen), 1.0);
    CopierByHand copier;
    monitor.copy_through(&copier);
    CHECK_FALSE(monitor.check_and_observe(at(1.0, 2, 1.0)));
    CHECK(copier.requests == 1);  // asked, not copied by the monitor
    CHECK(seen.empty());
    CHECK_FALSE(monitor.check_and_observe(at(1.0, 3, 1.1)));
    CHECK(copier.requests == 1);  // still waiting: no second request
    CHECK(seen.empty());
    SECTION("complete: kept and handed out with the check that asked for it") {
        copier.copy({3.0, 4.0});
        CHECK_FALSE(monitor.check_and_observe(at(1.0, 4, 1.2)));
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].first == std::vector<double>{3.0, 4.0});
        CHECK(seen[0].second == 2);
        const auto kept = monitor.last_finite_iterate();
        CHECK(std::vector<double>(kept.begin(), kept.end()) == std::vector<double>{3.0, 4.0});
        CHECK(monitor.last_finite_sweeps() == 2);
    }
    SECTION("complete but not finite: neither kept nor handed out") {
        copier.copy({3.0, NAN});
        CHECK_FALSE(monitor.check_and_observe(at(1.0, 4, 1.2)));
        CHECK(seen.empty());
        CHECK(monitor.last_finite_iterate()[1] == 2.0);
    }
    SECTION("withdrawn: the copy asked for is dropped, and the monitor copies x itself") {
        monitor.copy_through(nullptr);
        x = {5.0, 6.0};
        CHECK_FALSE(monitor.check_and_observe(at(1.0, 4, 2.5)));
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].first == std::vector<double>{5.0, 6.0});
    }
}

TEST_CASE("the async monitor checks early, then every few sweeps of the slowest block",
          "[monitor]") {
    using detail::CheckSchedule;
    const double floor = CheckSchedule::kFloorSeconds;
    const double sweeps = CheckSchedule::kSweepsBetweenChecks;
    SECTION("the first check comes after the floor, not after the ceiling") {
        CHECK(CheckSchedule(1e-3, 0.0, 0).wait() == floor);
        CHECK(CheckSchedule(1e-5, 0.0, 0).wait() == 1e-5);  // a ceiling below the floor wins
    }
    SECTION("the wait follows the measured time of a sweep, within floor and ceiling") {
        CheckSchedule s(1e-2, 0.5, 100);  // a later round: 0.5 s in, 100 sweeps done
        s.checked(0.5 + 1e-3, 110);       // 100 us a sweep
        CHECK(s.wait() == Approx(sweeps * 1e-4));
        s.checked(0.5 + 1e-3 + 1e-4, 210);  // 1 us a sweep: the floor
        CHECK(s.wait() == floor);
        s.checked(0.5 + 1.1e-3 + 0.5, 211);  // half a second for one sweep: the ceiling
        CHECK(s.wait() == 1e-2);
    }
    SECTION("without progress the wait doubles up to the ceiling, and the pace spans the stall") {
        CheckSchedule s(1e-3, 0.0, 0);
        s.checked(1e-4, 0);
        CHECK(s.wait() == 2 * floor);
        for (int i = 0; i < 10; ++i) s.checked(1e-4, 0);
        CHECK(s.wait() == 1e-3);
        s.checked(2e-3, 20);  // 20 sweeps in 2 ms since the start: 100 us each
        CHECK(s.wait() == Approx(std::min(1e-3, sweeps * 1e-4)));
    }
}
