// asor (internal): what solve() hands to a method for one round of iteration.
#pragma once

#include <chrono>
#include <span>
#include <vector>

#include "asor/detail/coloring.hpp"
#include "asor/detail/convergence_monitor.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/detail/sweep.hpp"
#include "asor/solve.hpp"

namespace asor::detail {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// One round: iterate until the monitor decides. Called again after a failed
/// verification with a tighter target; sweep counts and thread statistics
/// carry over between rounds.
struct IterationRound {
    const LinearSystem& system;
    SweepData sweep;
    std::span<double> x;
    ConvergenceMonitor& monitor;
    Clock::time_point start;  ///< of the whole solve: the time limit spans rounds
    double initial_residual;  ///< true relative residual of x0
    /// True relative residual of x when this round starts: the estimate used
    /// until every thread has published one of its own.
    double round_start_residual;
    double monitor_interval_seconds;
    std::vector<ThreadStats>& thread_stats;  ///< one per thread, kept across rounds
};

SweepData make_sweep_data(const LinearSystem& system, double omega);

/// Sequential forward SOR; the calling thread checks the criteria after each
/// sweep and consults the observer once per monitor interval.
StopReason iterate_sequential_sor(IterationRound& round);

/// Asynchronous SOR on thread_stats.size() OpenMP workers with a monitor
/// thread; blocks as given by thread_stats' row ranges.
StopReason iterate_async_sor(IterationRound& round);

/// Synchronous parallel methods, one block (or share) per thread_stats entry.
StopReason iterate_jacobi(IterationRound& round);
StopReason iterate_local_sor(IterationRound& round);
StopReason iterate_multicolor_sor(IterationRound& round, const RowColoring& coloring);

/// Gives each thread a contiguous share of every colour; sets rows and
/// non-zeros of each ThreadStats.
void assign_color_shares(const CsrMatrix& a, const RowColoring& coloring,
                         std::vector<ThreadStats>& threads);

}  // namespace asor::detail
