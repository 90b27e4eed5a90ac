// asor (internal): what a Solver hands to a method for one round of iteration.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "asor/detail/coloring.hpp"
#include "asor/detail/convergence_monitor.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/detail/row_partition.hpp"
#include "asor/detail/sweep.hpp"
#include "asor/solve.hpp"
#include "asor/stopping.hpp"

namespace asor::detail {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The rows one worker relaxes in each sweep: the work plan, fixed when the
/// Solver is prepared.
struct RowBlock {
    /// The contiguous block [first_row, end_row); both 0 where the rows are
    /// not contiguous (multicolor: a share of every colour).
    Index first_row = 0;
    Index end_row = 0;
    Index rows = 0;       ///< rows relaxed in each sweep
    Offset nonzeros = 0;  ///< stored entries of those rows
    /// async: the rows whose entries of x only this block's worker touches
    /// while the workers sweep (rows_of_the_block_alone), swept with plain
    /// loads and stores; empty elsewhere, and for the other methods.
    RowRange alone;
};

/// What the workers did with one block, counted across rounds.
struct BlockTally {
    std::uint64_t sweeps = 0;   ///< complete sweeps of the block (cg: iterations)
    double busy_seconds = 0.0;  ///< seconds spent sweeping it
    /// Across MPI ranks (async): the sum over its sweeps of each sweep's
    /// halo age, the sweeps its worker completed before it since other
    /// ranks' values last arrived (see run_async_workers).
    std::uint64_t halo_age_sum = 0;
};

/// One round: iterate until the monitor decides. Called again after a failed
/// verification with a tighter target; tallies carry over between rounds.
struct IterationRound {
    const LinearSystem& system;
    SweepData sweep;
    std::span<double> x;
    ConvergenceMonitor& monitor;
    Clock::time_point start;  ///< of the whole attempt: the time limit spans rounds
    double initial_residual;  ///< true relative residual of x0
    /// True relative residual of x when this round starts: the estimate used
    /// until every block has published one of its own.
    double round_start_residual;
    double monitor_interval_seconds;
    std::span<const RowBlock> blocks;  ///< the plan: one per worker asked for
    std::span<BlockTally> tallies;     ///< one per block, kept across rounds
    /// async only: relax each sub-block of `inner_rows` rows this many times
    /// before the next (1: plain sweeps).
    int inner_sweeps = 1;
    Index inner_rows = 0;
    /// The estimate's target is the calibration stop (aim_first), not the
    /// tolerance: a verification above the tolerance then aims anew.
    bool calibrating = false;
    /// Set by the method: the threads OpenMP actually granted (the most over
    /// rounds), which may be fewer than the blocks.
    int threads_granted = 1;
};

/// Throws asor::Error (usage) for options out of their ranges (SolveOptions).
void check_solve_options(const SolveOptions& options);

/// The next target of the estimate after it met `target` and the true
/// residual did not meet `tolerance` (see solver.cpp).
double tighter_target(double target, double tolerance, double true_residual);

/// Sets report.converged from the true residual; a limit or a divergence
/// after which x meets the tolerance all the same becomes converged.
void judge(SolveReport& report);

/// The sweeps of `system` as stored: double CSR.
SweepData make_sweep_data(const LinearSystem& system, double omega);
/// The sweeps of the rounded A_f x = rhs (rhs: the refined right-hand side).
SweepData make_sweep_data(const CompactMatrix& compact, std::span<const double> rhs, double omega);

/// Sequential forward SOR; the calling thread checks the criteria after each
/// sweep and consults the observer once per monitor interval.
StopReason iterate_sequential_sor(IterationRound& round);

/// Asynchronous SOR on blocks.size() OpenMP workers, judged by a monitor
/// thread, or by worker 0 between its sweeps where blocks are small.
StopReason iterate_async_sor(IterationRound& round);

/// Synchronous parallel methods, one block (or share) per worker.
StopReason iterate_jacobi(IterationRound& round);
StopReason iterate_local_sor(IterationRound& round);
StopReason iterate_multicolor_sor(IterationRound& round, const RowColoring& coloring);

/// Gives each of `blocks` workers a contiguous share of every colour, with
/// its rows and non-zeros.
std::vector<RowBlock> color_shares(CsrView a, const RowColoring& coloring, int blocks);

}  // namespace asor::detail
