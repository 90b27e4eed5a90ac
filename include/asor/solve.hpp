// asor: the one entry point every method shares.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "asor/constraints.hpp"
#include "asor/csr_matrix.hpp"
#include "asor/observer.hpp"
#include "asor/snapshot.hpp"
#include "asor/stopping.hpp"

namespace asor {

/// The relaxation methods.
enum class Method {
    async,       ///< asynchronous SOR: lock-free threads over a shared x (default)
    gs,          ///< sequential Gauss-Seidel, forward sweeps (omega forced to 1)
    sor,         ///< sequential SOR, forward sweeps in natural row order
    jacobi,      ///< synchronous weighted Jacobi (omega is the weight), parallel
    multicolor,  ///< synchronous SOR over a greedy row colouring, colours in turn
    local,       ///< processor-local SOR: SOR in each thread's block, barrier per sweep
    cg,          ///< Eigen's conjugate gradient, diagonal preconditioner (symmetric A)
};

std::string_view to_string(Method method) noexcept;
/// Parses a method's name as to_string writes it; throws asor::Error (usage)
/// otherwise.
Method parse_method(std::string_view name);

/// Options shared by every method. Defaults are those of the CLI. Every
/// method honours the tolerance, limits, observer and cancel flag between
/// sweeps, except cg: Eigen's solver runs to its tolerance or iteration
/// limit, and the observer, time limit and cancel flag apply when it returns.
struct SolveOptions {
    Method method = Method::async;
    /// Relaxation factor in (0, 2); ignored (taken as 1) by Method::gs.
    double omega = 1.0;
    StoppingCriteria stopping;
    /// Worker threads for `async` and for the residual computations;
    /// 0 means OpenMP's default (omp_get_max_threads, so OMP_NUM_THREADS works).
    int threads = 0;
    /// How often the monitor wakes to check, in seconds (> 0). The monitor
    /// sleeps in between; it never spins.
    double monitor_interval_seconds = 1e-3;
    /// Called at each check with provisional results; may stop the solve.
    Observer observer;
    /// If not null, raising it (from any thread, or a signal handler) stops
    /// the solve with StopReason::cancelled at the next check.
    const std::atomic<bool>* cancel = nullptr;
    /// If set, called with a copy of x at a check at least
    /// snapshot_interval_seconds (> 0) after its previous call, e.g. to
    /// write a checkpoint. Skipped for a copy holding NaN or Inf.
    SnapshotHandler on_snapshot;
    double snapshot_interval_seconds = 60.0;
    /// Box constraints lower <= x <= upper: n entries each, or none for a
    /// free side (-inf and +inf entries free single rows). With either, every
    /// update is projected onto the box, x0 is projected first, and the
    /// residual is the natural one (see natural_residual_norm): for SPD A
    /// this solves min 1/2 x^T A x - b^T x over the box. Not for cg.
    std::span<const double> lower;
    std::span<const double> upper;
};

/// What one thread did (for cg, one entry for the whole of Eigen's solve,
/// whose threads live inside Eigen).
struct ThreadStats {
    /// The thread's contiguous block [first_row, end_row); both 0 where its
    /// rows are not contiguous (multicolor: a share of every colour).
    Index first_row = 0;
    Index end_row = 0;
    Index rows = 0;
    Offset nonzeros = 0;
    std::uint64_t sweeps = 0;
    double busy_seconds = 0.0;  ///< time spent sweeping
};

/// The outcome of a solve, the same for every method.
struct SolveReport {
    Method method = Method::async;
    Index rows = 0;
    Offset nonzeros = 0;
    int threads = 1;
    double omega = 1.0;
    double tolerance = 0.0;
    /// Sweeps completed by the slowest thread: every row was relaxed at least
    /// this many times. Equal to sweeps_max for all but async; iterations
    /// for cg.
    std::uint64_t sweeps = 0;
    std::uint64_t sweeps_max = 0;
    /// Wall time of the whole solve: the method's setup, the iteration and
    /// every verification.
    double seconds = 0.0;
    /// The part of `seconds` spent on the method's one-time setup: the
    /// colouring for multicolor, the symmetry check and Eigen's copy of A for
    /// cg; next to nothing for the others.
    double setup_seconds = 0.0;
    /// ||b - A x||_2 / ||b||_2 recomputed from the returned x.
    double relative_residual = 0.0;
    double initial_residual = 0.0;  ///< the same for x0
    int colors = 0;                 ///< number of colours (multicolor only)
    bool converged = false;         ///< relative_residual <= tolerance
    StopReason reason = StopReason::sweep_limit;
    /// True residual checks after the estimate met its target; more than one
    /// means the workers resumed with a tighter target.
    int verifications = 0;
    /// Diverged solves only: x was reset to the last iterate the monitor saw
    /// with every entry finite (when its residual is the smaller), taken
    /// when the slowest thread had done `restored_sweeps` sweeps.
    bool restored_last_finite = false;
    std::uint64_t restored_sweeps = 0;
    /// Solved with bounds: relative_residual and initial_residual are then
    /// natural residuals, ||x - P(x + b - A x)|| / ||b||, and `constraints`
    /// measures the returned x against the box.
    bool constrained = false;
    ConstraintMeasures constraints;
    std::vector<ThreadStats> thread_stats;
};

/// Solves A x = b, starting from the x given (its size must be n; use zeros
/// for no initial guess) and leaving the final iterate in it, whatever the
/// outcome, or for a diverged solve the last finite iterate (see
/// SolveReport::restored_last_finite). Throws asor::Error (input) for a matrix or vectors unfit for
/// SOR (not square, a zero or missing diagonal entry, wrong lengths, non-finite x0), asor::Error
/// (usage) for options out of range. Does not throw for non-convergence or divergence: the report
/// says so. Safe to call from several threads on different x, except with Method::cg, which sets
/// Eigen's process-wide thread count for the duration of the call.
SolveReport solve(const CsrMatrix& a, std::span<const double> b, std::span<double> x,
                  const SolveOptions& options = {});

}  // namespace asor
