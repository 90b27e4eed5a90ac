#include "asor/solve.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "asor/constraints.hpp"
#include "asor/detail/coloring.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/detail/residual.hpp"
#include "asor/detail/row_partition.hpp"
#include "asor/error.hpp"
#include "conjugate_gradient.hpp"
#include "core/enum_names.hpp"
#include "iteration.hpp"

namespace asor {

namespace {

constexpr Method kMethods[] = {Method::async,      Method::gs,    Method::sor, Method::jacobi,
                               Method::multicolor, Method::local, Method::cg};

}  // namespace

std::string_view to_string(Method method) noexcept {
    switch (method) {
        case Method::async:
            return "async";
        case Method::gs:
            return "gs";
        case Method::sor:
            return "sor";
        case Method::jacobi:
            return "jacobi";
        case Method::multicolor:
            return "multicolor";
        case Method::local:
            return "local";
        case Method::cg:
            return "cg";
    }
    return "unknown";
}

Method parse_method(std::string_view name) {
    return detail::parse_by_name<Method>(name, kMethods, "method");
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
    if (o.method == Method::cg && (!o.lower.empty() || !o.upper.empty())) {
        refuse(
            "cg does not take bounds (expected a relaxation method: async, gs, sor, jacobi, "
            "multicolor or local)");
    }
    if (o.on_snapshot &&
        !(o.snapshot_interval_seconds > 0.0 && std::isfinite(o.snapshot_interval_seconds))) {
        refuse("snapshot interval must be a positive number of seconds");
    }
}

bool is_sequential(Method method) {
    return method == Method::gs || method == Method::sor || method == Method::cg;
}

// One block per thread for the parallel methods; the whole matrix for the
// sequential ones and for cg (whose threads live inside Eigen).
std::vector<ThreadStats> initial_blocks(const CsrMatrix& a, Method method, int threads) {
    const int blocks = is_sequential(method) ? 1 : threads;
    const RowPartition partition = RowPartition::balanced_by_nonzeros(a, blocks);
    std::vector<ThreadStats> stats(static_cast<std::size_t>(partition.blocks()));
    for (int b = 0; b < partition.blocks(); ++b) {
        stats[b].first_row = partition.first_row(b);
        stats[b].end_row = partition.end_row(b);
        stats[b].rows = stats[b].end_row - stats[b].first_row;
        stats[b].nonzeros = a.row_offsets[stats[b].end_row] - a.row_offsets[stats[b].first_row];
    }
    return stats;
}

using Iteration = std::function<StopReason(detail::IterationRound&)>;

// The method's one-time setup (a colouring, Eigen's copy of A), then the
// function that runs one round of it.
Iteration prepare_method(const CsrMatrix& a, Method method, int threads, SolveReport& report) {
    switch (method) {
        case Method::async:
            return detail::iterate_async_sor;
        case Method::gs:
        case Method::sor:
            return detail::iterate_sequential_sor;
        case Method::jacobi:
            return detail::iterate_jacobi;
        case Method::local:
            return detail::iterate_local_sor;
        case Method::multicolor: {
            auto coloring = std::make_shared<const RowColoring>(color_rows_greedily(a));
            report.colors = coloring->colors();
            detail::assign_color_shares(a, *coloring, report.thread_stats);
            return [coloring](detail::IterationRound& round) {
                return detail::iterate_multicolor_sor(round, *coloring);
            };
        }
        case Method::cg: {
            auto cg = std::make_shared<detail::ConjugateGradient>(a, threads);
            report.threads = threads;
            return [cg](detail::IterationRound& round) { return cg->iterate(round); };
        }
    }
    throw Error(ErrorKind::usage, "unknown method");
}

// After an estimate met its target but the true residual did not, aim lower
// by the observed ratio (the estimate mixes moments; the gap rarely repeats
// at full size), at least halving and at most dividing by a thousand, but
// never below a hundredth of the tolerance: a stale estimate from a
// descheduled thread could otherwise push the target below what the
// estimate can ever reach in floating point, and the solve would run to its
// limits long after x met the tolerance (seen twice in 7,100 stress solves).
// At the floor each round still makes every block sweep once before the
// estimate counts (see gather in async_sor.cpp), so the rounds progress.
double tighter_target(double target, double tolerance, double true_residual) {
    const double proportional = 0.5 * target * tolerance / true_residual;
    const double tighter = std::clamp(proportional, target * 1e-3, target * 0.5);
    return std::max(tighter, tolerance * 1e-2);
}

// A diverged solve leaves the last finite iterate the monitor kept, when its
// residual is below that of x (always, if x holds NaN or Inf); returns the
// residual of what x now holds.
template <class ResidualOf>
double keep_last_finite(const ConvergenceMonitor& monitor, std::span<double> x, double x_residual,
                        ResidualOf residual_of, SolveReport& report) {
    const std::span<const double> kept = monitor.last_finite_iterate();
    if (kept.empty()) return x_residual;
    const double kept_residual = residual_of(kept);
    if (std::isfinite(x_residual) && !(kept_residual < x_residual)) return x_residual;
    std::copy(kept.begin(), kept.end(), x.begin());
    report.restored_last_finite = true;
    report.restored_sweeps = monitor.last_finite_sweeps();
    return kept_residual;
}

}  // namespace

SolveReport solve(const CsrMatrix& a, std::span<const double> b, std::span<double> x,
                  const SolveOptions& options) {
    check_options(options);
    const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
    const LinearSystem system = prepare_system(a, b, threads);
    check_initial_guess(x, a.rows);
    std::optional<Box> box;
    if (!options.lower.empty() || !options.upper.empty()) {
        box = make_box(options.lower, options.upper, a.rows);
        project_onto(*box, x);
    }

    SolveReport report;
    report.method = options.method;
    report.rows = a.rows;
    report.nonzeros = a.nnz();
    report.omega = options.method == Method::gs ? 1.0 : options.omega;
    report.tolerance = options.stopping.tolerance;
    report.thread_stats = initial_blocks(a, options.method, threads);
    report.threads = static_cast<int>(report.thread_stats.size());
    if (options.method == Method::cg) report.omega = std::numeric_limits<double>::quiet_NaN();

    const auto start = detail::Clock::now();
    const Iteration iterate = prepare_method(a, options.method, threads, report);
    report.setup_seconds = detail::seconds_since(start);
    const auto residual_of = [&](std::span<const double> v) {
        const double norm =
            box ? natural_residual_norm(a, v, system.rhs, box->lower, box->upper, threads)
                : residual_norm(a, v, system.rhs, threads);
        return norm / system.rhs_norm;
    };
    const auto relative_residual = [&] { return residual_of(x); };
    // From x = 0 the residual is b itself, relative residual 1 (or 0 when
    // b = 0, the one case where rhs_norm is 1 by convention): skip a pass
    // over the matrix.
    const bool starts_at_zero =
        !box && std::all_of(x.begin(), x.end(), [](double v) { return v == 0.0; });
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
        monitor.keep_snapshots(x, options.on_snapshot, options.snapshot_interval_seconds);
        detail::IterationRound round{system,
                                     detail::make_sweep_data(system, report.omega),
                                     x,
                                     monitor,
                                     start,
                                     report.initial_residual,
                                     report.initial_residual,
                                     options.monitor_interval_seconds,
                                     report.thread_stats};
        if (box) {
            round.sweep.lower = box->lower.data();
            round.sweep.upper = box->upper.data();
        }
        for (;;) {
            report.reason = iterate(round);
            true_residual = relative_residual();
            ++report.verifications;
            if (report.reason != StopReason::converged || true_residual <= report.tolerance ||
                !std::isfinite(true_residual)) {
                break;
            }
            monitor.set_target(tighter_target(monitor.target(), report.tolerance, true_residual));
            round.round_start_residual = true_residual;
        }
        if (report.reason == StopReason::diverged || !std::isfinite(true_residual)) {
            report.reason = StopReason::diverged;
            true_residual = keep_last_finite(monitor, x, true_residual, residual_of, report);
        }
    }

    if (box) {
        report.constrained = true;
        report.constraints = measure_constraints(a, x, system.rhs, *box, threads);
    }
    report.seconds = detail::seconds_since(start);
    report.relative_residual = true_residual;
    report.converged = true_residual <= report.tolerance;
    if (report.converged &&
        (report.reason == StopReason::sweep_limit || report.reason == StopReason::time_limit ||
         report.reason == StopReason::diverged)) {
        report.reason = StopReason::converged;  // the last sweeps (or the kept x) got there
    }
    report.sweeps = UINT64_MAX;
    for (const ThreadStats& t : report.thread_stats) {
        report.sweeps = std::min(report.sweeps, t.sweeps);
        report.sweeps_max = std::max(report.sweeps_max, t.sweeps);
    }
    return report;
}

}  // namespace asor
