#include "asor/solve.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "asor/error.hpp"
#include "asor/linear_system.hpp"
#include "asor/residual.hpp"
#include "asor/row_partition.hpp"
#include "iteration.hpp"

namespace asor {

std::string_view to_string(Method method) noexcept {
    switch (method) {
        case Method::async:
            return "async";
        case Method::gs:
            return "gs";
        case Method::sor:
            return "sor";
    }
    return "unknown";
}

Method parse_method(std::string_view name) {
    for (Method m : {Method::async, Method::gs, Method::sor}) {
        if (name == to_string(m)) return m;
    }
    throw Error(ErrorKind::usage,
                "unknown method '" + std::string(name) + "' (expected async, gs or sor)");
}

namespace {

void check_options(const SolveOptions& o) {
    const auto refuse = [](const std::string& what) { throw Error(ErrorKind::usage, what); };
    if (!(o.omega > 0.0 && o.omega < 2.0)) {
        refuse("omega is " + std::to_string(o.omega) + " (expected a value in (0, 2))");
    }
    if (!(o.stopping.tolerance > 0.0 && std::isfinite(o.stopping.tolerance))) {
        refuse("tolerance must be a positive number");
    }
    if (o.stopping.max_sweeps < 1) refuse("max sweeps must be at least 1");
    if (!(o.stopping.time_limit_seconds > 0.0)) refuse("time limit must be positive");
    if (!(o.stopping.divergence_factor > 1.0)) refuse("divergence factor must exceed 1");
    if (!(o.monitor_interval_seconds > 0.0 && o.monitor_interval_seconds <= 3600.0)) {
        refuse("monitor interval must be in (0, 3600] seconds");
    }
    if (o.threads < 0) refuse("threads must be at least 1 (or 0 for OpenMP's default)");
}

// One block per thread for async; the whole matrix for sequential methods.
std::vector<ThreadStats> initial_blocks(const CsrMatrix& a, Method method, int threads) {
    const int blocks = method == Method::async ? threads : 1;
    const RowPartition partition = RowPartition::balanced_by_nonzeros(a, blocks);
    std::vector<ThreadStats> stats(static_cast<std::size_t>(partition.blocks()));
    for (int b = 0; b < partition.blocks(); ++b) {
        stats[b].first_row = partition.first_row(b);
        stats[b].end_row = partition.end_row(b);
        stats[b].nonzeros = a.row_offsets[stats[b].end_row] - a.row_offsets[stats[b].first_row];
    }
    return stats;
}

// After an estimate met its target but the true residual did not, aim lower
// by the observed ratio (the estimate mixes moments; the gap rarely repeats
// at full size), at least halving and at most dividing by a thousand.
double tighter_target(double target, double tolerance, double true_residual) {
    const double proportional = 0.5 * target * tolerance / true_residual;
    return std::clamp(proportional, target * 1e-3, target * 0.5);
}

}  // namespace

SolveReport solve(const CsrMatrix& a, std::span<const double> b, std::span<double> x,
                  const SolveOptions& options) {
    check_options(options);
    const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
    const LinearSystem system = prepare_system(a, b, threads);
    check_initial_guess(x, a.rows);

    SolveReport report;
    report.method = options.method;
    report.rows = a.rows;
    report.nonzeros = a.nnz();
    report.omega = options.method == Method::gs ? 1.0 : options.omega;
    report.tolerance = options.stopping.tolerance;
    report.thread_stats = initial_blocks(a, options.method, threads);
    report.threads = static_cast<int>(report.thread_stats.size());

    const auto start = detail::Clock::now();
    const auto relative_residual = [&] {
        return residual_norm(a, x, system.rhs, threads) / system.rhs_norm;
    };
    // From x = 0 the residual is b itself, relative residual 1 (or 0 when
    // b = 0, the one case where rhs_norm is 1 by convention): skip a pass
    // over the matrix.
    const bool starts_at_zero = std::all_of(x.begin(), x.end(), [](double v) { return v == 0.0; });
    if (starts_at_zero) {
        report.initial_residual = system.rhs_norm == 1.0 ? norm2(b) : 1.0;
    } else {
        report.initial_residual = relative_residual();
    }
    double true_residual = report.initial_residual;
    report.reason = StopReason::converged;

    if (true_residual > report.tolerance) {
        ConvergenceMonitor monitor(options.stopping, options.observer, options.cancel,
                                   options.monitor_interval_seconds);
        detail::IterationRound round{system,
                                     detail::make_sweep_data(system, report.omega),
                                     x,
                                     monitor,
                                     start,
                                     report.initial_residual,
                                     report.initial_residual,
                                     options.monitor_interval_seconds,
                                     report.thread_stats};
        for (;;) {
            report.reason = options.method == Method::async ? detail::iterate_async_sor(round)
                                                            : detail::iterate_sequential_sor(round);
            true_residual = relative_residual();
            ++report.verifications;
            if (report.reason != StopReason::converged || true_residual <= report.tolerance ||
                !std::isfinite(true_residual)) {
                break;
            }
            monitor.set_target(tighter_target(monitor.target(), report.tolerance, true_residual));
            round.round_start_residual = true_residual;
        }
    }

    report.seconds = detail::seconds_since(start);
    report.relative_residual = true_residual;
    report.converged = true_residual <= report.tolerance;
    if (!std::isfinite(true_residual)) report.reason = StopReason::diverged;
    if (report.converged &&
        (report.reason == StopReason::sweep_limit || report.reason == StopReason::time_limit)) {
        report.reason = StopReason::converged;  // the last sweeps got there after all
    }
    report.sweeps = UINT64_MAX;
    for (const ThreadStats& t : report.thread_stats) {
        report.sweeps = std::min(report.sweeps, t.sweeps);
        report.sweeps_max = std::max(report.sweeps_max, t.sweeps);
    }
    return report;
}

}  // namespace asor
