// Watching a solve while it runs, and stopping it: an observer that stops
// on a criterion of its own, and a cancel flag raised by another thread.
#include <asor/asor.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

int main() {
    asor::ProblemSpec spec;
    spec.kind = asor::ProblemKind::poisson2d;
    spec.size = 100;
    const asor::CsrMatrix a = asor::generate_matrix(spec);
    std::vector<double> ones(a.rows, 1.0), b(a.rows);
    asor::multiply(a, ones, b);

    // 1. An observer: called with provisional results at each check, from one
    //    thread at a time, never inside a sweep. Returning stop ends the solve.
    asor::SolveOptions options;
    options.threads = 2;
    options.omega = 1.8;
    options.observer = [](const asor::Progress& p) {
        std::printf("%.3f s, %llu sweeps: residual about %.2e\n", p.elapsed_seconds,
                    static_cast<unsigned long long>(p.sweeps_min), p.estimated_residual);
        return p.estimated_residual < 1e-4 ? asor::ObserverAction::stop
                                           : asor::ObserverAction::proceed;
    };
    options.monitor_interval_seconds = 0.01;
    std::vector<double> x(a.rows, 0.0);
    asor::SolveReport stopped = asor::solve(a, b, x, options);
    // stopped.reason == asor::StopReason::observer_stop; stopped.relative_residual is
    // recomputed from x, so it need not be below 1e-4.

    // 2. A cancel flag: raising it from any thread (or a signal handler)
    //    stops the solve at the monitor's next check.
    std::atomic<bool> cancel{false};
    asor::SolveOptions long_solve;
    long_solve.threads = 2;
    long_solve.stopping.tolerance = 1e-14;
    long_solve.stopping.max_sweeps = 100000000;
    long_solve.cancel = &cancel;
    std::thread canceller([&cancel] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cancel = true;
    });
    std::vector<double> y(a.rows, 0.0);
    asor::SolveReport cancelled = asor::solve(a, b, y, long_solve);  // reason: cancelled
    canceller.join();

    std::printf("%s, then %s after %.3f s\n", std::string(asor::to_string(stopped.reason)).c_str(),
                std::string(asor::to_string(cancelled.reason)).c_str(), cancelled.seconds);
    return stopped.reason == asor::StopReason::observer_stop &&
                   cancelled.reason == asor::StopReason::cancelled
               ? 0
               : 1;
}
