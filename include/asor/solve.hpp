// asor: the one entry point every method shares.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "asor/constraints.hpp"
#include "asor/csr_matrix.hpp"
#include "asor/method.hpp"
#include "asor/observer.hpp"
#include "asor/omega_choice.hpp"
#include "asor/reordering.hpp"
#include "asor/snapshot.hpp"
#include "asor/stopping.hpp"
#include "asor/storage.hpp"

namespace asor {

/// Options shared by every method. Defaults are those of the CLI. Every
/// method honours the tolerance, limits, observer and cancel flag between
/// sweeps (cg inside Eigen's loop, through its preconditioner). Solver and solve()
/// check every field first and throw asor::Error (usage) for one out of its
/// range.
struct SolveOptions {
    Method method = Method::async;
    /// Relaxation factor (Jacobi's weight for jacobi), in (0, 2) for every
    /// method; Method::gs uses 1 and Method::cg ignores it.
    double omega = 1.0;
    /// Choose omega from A instead (`--omega auto`): choose_omega's rule,
    /// estimated once when the Solver is prepared; an async or local attempt
    /// that diverges is solved again from the starting x at
    /// backed_off_omega, at most kMaxBackoffs times (SolveReport::diverged_at).
    bool auto_omega = false;
    /// When async stops at the sweep limit or diverges, and A is symmetric
    /// positive definite (the Lanczos estimate of analyze_matrix, made then,
    /// once per Solver), solve again by sequential SOR with Young's omega,
    /// which converges for such A; from the failed attempt's x when its
    /// residual is below the start's, else from the start. The fallback
    /// gets the stopping criteria afresh. Where A is not SPD nothing is
    /// guaranteed and SolveReport::fallback says why. Other methods, and
    /// stops by the time limit, observer or cancel flag, never fall back.
    bool fallback = true;
    /// How the relaxation sweeps store A (not cg, which always uses Eigen's
    /// double copy). `automatic` chooses compact for a relaxation method when
    /// A's CSR arrays take kCompactFromBytes or more (smaller ones stay in cache,
    /// where the rounding and the refinement pass cost more than they save)
    /// and A survives the rounding (compact_conversion_problem), else double;
    /// `compact` where A does not survive it is asor::Error (input) naming
    /// the first bad entry or row. SolveReport::storage says which ran.
    Storage storage = Storage::automatic;
    /// async only, in [0, 64]: each worker cuts its rows into sub-blocks that
    /// fit in a core's level-2 cache and relaxes each this many times before
    /// moving on (1: plain sweeps; 0: a count per block from 1 to 8, adapted
    /// during the solve to the measured rate of convergence). A sweep in the
    /// report is still one pass over every row.
    int inner_sweeps = 1;
    StoppingCriteria stopping;  ///< ranges: see StoppingCriteria
    /// OpenMP threads for the parallel methods (async, jacobi, multicolor,
    /// local: one row block each, at most one per row), for Eigen in cg and
    /// for the residual computations; >= 0, 0 meaning OpenMP's default
    /// (omp_get_max_threads, so OMP_NUM_THREADS works). `async` runs one
    /// monitor thread besides, except where every block holds at most 2^15
    /// non-zeros: the calling thread, worker 0, then checks between its
    /// sweeps, every 2 sweeps of the slowest block.
    int threads = 0;
    /// In seconds, in (0, 3600]. For `async`, the longest the monitor
    /// waits between two checks (it never spins): it checks first
    /// after 50 us (or this interval if less), then every few sweeps of the
    /// slowest block at the measured pace, within 50 us and this interval
    /// (detail::CheckSchedule), and calls the observer at most once per
    /// interval; for gs, sor, jacobi, multicolor and local, which check
    /// after every sweep, the least time between two observer calls; for
    /// cg, how often the monitor judges an iterate inside Eigen's loop.
    double monitor_interval_seconds = 1e-3;
    /// Called with provisional results (see Observer for when and on which
    /// thread); may stop the solve. Empty: none.
    Observer observer;
    /// If not null, raising it (from any thread, or a signal handler) stops
    /// the solve with StopReason::cancelled at the next check. Must outlive
    /// the solve() call.
    const std::atomic<bool>* cancel = nullptr;
    /// If set, called with a copy of x at a check at least
    /// snapshot_interval_seconds after its previous call (the first one that
    /// long after the start), e.g. to write a checkpoint. Skipped for a copy
    /// holding NaN or Inf. Called on the observer's thread.
    SnapshotHandler on_snapshot;
    /// In seconds, > 0 and finite; checked only when on_snapshot is set.
    double snapshot_interval_seconds = 60.0;
    /// Box constraints lower <= x <= upper: n entries each, or none for a
    /// free side (-inf and +inf entries free single rows). With either, every
    /// update is projected onto the box, x0 is projected first, and the
    /// residual is the natural one (see natural_residual_norm): for SPD A
    /// this solves min 1/2 x^T A x - b^T x over the box. Not for cg (usage
    /// error). Bad bounds are asor::Error (input), see make_box. The spans
    /// must stay valid during the solve() call.
    std::span<const double> lower;
    std::span<const double> upper;
    /// Renumber the unknowns once, at setup, by reverse Cuthill-McKee
    /// (rcm_ordering), so that the x_j a row reads lie close to x_i in
    /// memory; Reorder::automatic only where that shrinks the mean |i - j|
    /// by kAutoReorderFactor or more. The methods then iterate on P A P^T,
    /// in another row order (sweep counts may differ; thread_stats' rows
    /// are the reordered ones); b, x0, x, the bounds and snapshots stay in
    /// the caller's order, and every residual is computed from x in that
    /// order with A as given. Costs a reordered copy of A and three vectors
    /// of n entries (four with on_snapshot), and at each solve a few passes
    /// over vectors to permute them (part of `seconds`).
    /// SolveReport::reordering says what was done.
    Reorder reorder = Reorder::none;
};

/// What one thread did (for cg, one entry for the whole of Eigen's solve,
/// whose threads live inside Eigen).
struct ThreadStats {
    /// The thread's contiguous block [first_row, end_row); both 0 where its
    /// rows are not contiguous (multicolor: a share of every colour).
    Index first_row = 0;
    Index end_row = 0;
    Index rows = 0;       ///< rows the thread relaxes in each sweep
    Offset nonzeros = 0;  ///< stored entries of those rows
    /// Complete sweeps of its rows (for cg, Eigen's iterations).
    std::uint64_t sweeps = 0;
    double busy_seconds = 0.0;  ///< seconds spent sweeping
};

/// What happened when the method failed and the fallback was considered.
struct FallbackReport {
    /// True when x comes from the fallback (report.method and report.omega
    /// are then the fallback's); false when none could be guaranteed.
    bool used = false;
    Method from = Method::async;                       ///< the method that failed
    StopReason from_reason = StopReason::sweep_limit;  ///< why it stopped
    double from_residual = 0.0;                        ///< its recomputed relative residual
    std::uint64_t from_sweeps = 0;                     ///< its sweeps (slowest thread)
    double from_seconds = 0.0;                         ///< its wall time, part of report.seconds
    /// One line for a user: why the fallback converges, or why none is
    /// guaranteed and what to try.
    std::string reason;
};

/// The outcome of a solve, the same for every method.
struct SolveReport {
    Method method = Method::async;
    Index rows = 0;
    Offset nonzeros = 0;
    /// Threads that actually swept (OpenMP may grant fewer than asked for, as
    /// under OMP_THREAD_LIMIT): at most one per row block; 1 for gs and sor;
    /// the thread count given to Eigen for cg.
    int threads = 1;
    /// Row blocks: one per thread asked for, at most one per row (at least
    /// 1); 1 for gs, sor and cg. A thread sweeps several when granted fewer.
    int blocks = 1;
    double omega = 1.0;      ///< the one used: 1 for gs, NaN for cg
    double tolerance = 0.0;  ///< on the relative residual, as given
    /// Sweeps completed by the slowest thread: every row was relaxed at least
    /// this many times. Equal to sweeps_max for all but async; iterations
    /// for cg.
    std::uint64_t sweeps = 0;
    std::uint64_t sweeps_max = 0;  ///< sweeps completed by the fastest thread
    /// Wall time in seconds of this solve: every attempt (back-offs, the
    /// fallback and its analysis of A), verification and the constraint
    /// measures; not the Solver's setup.
    double seconds = 0.0;
    /// The Solver's one-time setup, paid once however many solves follow and
    /// not part of `seconds`: the checks of A, its inverse diagonal, the row
    /// blocks, the colouring for multicolor, Eigen's copy of A for cg, the
    /// omega estimate with auto_omega, and the reordering (SolveOptions::reorder).
    double setup_seconds = 0.0;
    /// ||b - A x||_2 / ||b||_2 recomputed from the returned x.
    double relative_residual = 0.0;
    double initial_residual = 0.0;  ///< the same for x0
    int colors = 0;                 ///< number of colours (multicolor only)
    bool converged = false;         ///< relative_residual <= tolerance
    /// Why the iteration stopped; converged (not sweep_limit, time_limit or
    /// diverged) whenever the returned x meets the tolerance. observer_stop
    /// and cancelled stand even then: check `converged`.
    StopReason reason = StopReason::sweep_limit;
    /// True residual checks after the estimate met its target: for the
    /// relaxations usually 2, the calibration stop at the square root of
    /// the tolerance and the final one (docs/methods.md, "Where the solve
    /// stops"); more mean the workers resumed with a tighter target.
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
    std::vector<ThreadStats> thread_stats;  ///< one per row block (one for gs, sor and cg)
    /// How omega was chosen, with SolveOptions::auto_omega.
    std::optional<OmegaChoice> omega_choice;
    /// With auto_omega: the omegas at which async or local diverged, in
    /// order; the omega of the last attempt is `omega`.
    std::vector<double> diverged_at;
    /// Set when async failed with SolveOptions::fallback on (see there).
    std::optional<FallbackReport> fallback;
    /// The storage the sweeps read (double or compact; double for cg), and
    /// the bytes one sweep moves per row in it on average (matrix entries,
    /// row offset, inverse diagonal, b, x read and written; 0 for cg).
    Storage storage = Storage::double_precision;
    double bytes_per_row = 0.0;
    /// Compact storage only: how many times the right-hand side of the
    /// rounded system was corrected from the double residual (iterative
    /// refinement), and whether the solve went on in double storage because
    /// a correction stopped reducing the true residual.
    int refinements = 0;
    bool storage_fell_back = false;
    /// Right-hand sides whose sweeps this report describes: more than one
    /// when Solver::solve swept several columns together (sweeps, seconds and
    /// thread figures are then shared by them; the residuals and `converged`
    /// are this column's).
    int columns_together = 1;
    /// Inner sweeps of each cache-sized sub-block (SolveOptions::inner_sweeps,
    /// 0 where adapted; 1 for every method but async).
    int inner_sweeps = 1;
    /// What SolveOptions::reorder did at setup (its time is in setup_seconds).
    ReorderingReport reordering;
};

/// Solves A x = b once: Solver(a, options).solve(b, x) (see Solver, whose
/// setup is then paid by this call; its time is the report's setup_seconds).
/// Starts from the x given (its size must be n; use zeros
/// for no initial guess) and leaves the final iterate in it, whatever the
/// outcome, or for a diverged solve the last finite iterate (see
/// SolveReport::restored_last_finite). Throws asor::Error (usage) for options
/// out of range (checked first), asor::Error (input) for a matrix or vectors
/// unfit for SOR (see prepare_matrix, check_rhs and check_initial_guess: not square, a
/// zero or missing diagonal entry, wrong lengths, NaN, Inf or entries above
/// 1e150; bad bounds, see make_box), and for cg a matrix that is not
/// symmetric or has more than 2^31 - 1 non-zeros; std::bad_alloc if the
/// working memory (a few vectors of n entries, plus the colouring for
/// multicolor or Eigen's copy of A for cg) does not fit. Rethrows what the
/// observer or the snapshot handler throws. Does not throw for
/// non-convergence or divergence: the report says so. `a` must satisfy the
/// CsrMatrix invariants (not checked) and x must not overlap b or the
/// bounds. Safe to call from several threads on different x (a and b may
/// be shared), except with Method::cg, which sets Eigen's process-wide
/// thread count for the duration of the call.
SolveReport solve(CsrView a, std::span<const double> b, std::span<double> x,
                  const SolveOptions& options = {});

}  // namespace asor
