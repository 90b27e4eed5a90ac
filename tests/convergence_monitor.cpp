#include "asor/convergence_monitor.hpp"

#include <catch2/catch.hpp>
#include <cmath>

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
