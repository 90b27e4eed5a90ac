// The prepared solver: setup once, then attempts (the method, its back-offs,
// the fallback), each a sequence of rounds ended by a verification of the
// true residual.
#include "asor/solver.hpp"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "asor/constraints.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/detail/residual.hpp"
#include "asor/error.hpp"
#include "asor/matrix_properties.hpp"
#include "asor/reordering.hpp"
#include "fallback.hpp"
#include "method_plan.hpp"
#include "refinement.hpp"

namespace asor {

using detail::Clock;
using detail::judge;
using detail::MethodPlan;
using detail::seconds_since;

namespace detail {

void check_solve_options(const SolveOptions& o) {
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
    if (o.inner_sweeps < 0 || o.inner_sweeps > 64) {
        refuse("inner sweeps must be in [1, 64], or 0 to adapt");
    }
    if (o.threads < 0) refuse("threads must be at least 1 (or 0 for OpenMP's default)");
    if (to_string(o.reorder) == "unknown") refuse("unknown reordering");
    if (!traits(o.method).accepts_bounds && (!o.lower.empty() || !o.upper.empty())) {
        std::string relaxing;
        for (const MethodTraits& t : all_methods()) {
            if (t.accepts_bounds) relaxing += (relaxing.empty() ? "" : ", ") + std::string(t.name);
        }
        refuse(std::string(to_string(o.method)) +
               " does not take bounds (expected a relaxation method: " + relaxing + ")");
    }
    if (o.on_snapshot &&
        !(o.snapshot_interval_seconds > 0.0 && std::isfinite(o.snapshot_interval_seconds))) {
        refuse("snapshot interval must be a positive number of seconds");
    }
}

// After an estimate met its target but the true residual did not, aim lower
// by the observed ratio (the estimate mixes moments; the gap rarely repeats
// at full size), at least halving and at most dividing by a thousand, but
// never below a hundredth of the tolerance: a stale estimate from a
// descheduled thread could otherwise push the target below what the
// estimate can ever reach in floating point, and the solve would run to its
// limits long after x met the tolerance (seen twice in 7,100 stress solves).
// At the floor each round still makes every block sweep once before the
// estimate counts (see gather in async_workers.cpp), so the rounds progress.
double tighter_target(double target, double tolerance, double true_residual) {
    const double proportional = 0.5 * target * tolerance / true_residual;
    const double tighter = std::clamp(proportional, target * 1e-3, target * 0.5);
    return std::max(tighter, tolerance * 1e-2);
}

// converged whenever the returned x meets the tolerance: the last sweeps
// after a limit, or the kept finite x, may have got there.
void judge(SolveReport& report) {
    report.converged = report.relative_residual <= report.tolerance;
    if (report.converged &&
        (report.reason == StopReason::sweep_limit || report.reason == StopReason::time_limit ||
         report.reason == StopReason::diverged)) {
        report.reason = StopReason::converged;
    }
}

}  // namespace detail

namespace {

bool all_zero(std::span<const double> v) {
    return std::all_of(v.begin(), v.end(), [](double e) { return e == 0.0; });
}

// The largest of some relative residuals, NaN if any is NaN.
double worst_of(std::span<const double> residuals) {
    double worst = 0.0;
    for (const double r : residuals) {
        if (!(r <= worst)) worst = r;
    }
    return worst;
}

}  // namespace

struct Solver::State {
    State(CsrView a, const SolveOptions& o)
        : caller_matrix(a),
          options(o),
          threads(o.threads > 0 ? o.threads : omp_get_max_threads()),
          prepared(prepare(a)),
          matrix(prepared.matrix),
          on_snapshot(o.on_snapshot) {}

    CsrView caller_matrix;  ///< A as given
    SolveOptions options;
    int threads;
    /// options.reorder's choice (an empty perm: the caller's order) and the
    /// reordered A; filled by prepare() while `prepared` is initialised,
    /// hence declared before it (members declared after it are
    /// initialised later, so prepare() leaves them alone).
    ReorderingChoice order;
    CsrMatrix reordered_matrix;
    PreparedMatrix prepared;
    /// What the methods iterate on: A, or P A P^T when reordered. Every
    /// vector the methods see is in its order.
    CsrView matrix;
    std::optional<Box> box;  ///< in the methods' order
    /// A as the relaxation sweeps read it with compact storage (in the
    /// methods' order); none for double storage and for cg.
    std::optional<CompactMatrix> compact;
    /// options.on_snapshot, or when reordered a handler that passes it x in
    /// the caller's order.
    SnapshotHandler on_snapshot;
    MethodPlan plan;
    double omega = 1.0;
    std::optional<OmegaChoice> omega_choice;
    /// analyze_matrix's findings, made once: at setup for auto omega, at the
    /// first fallback otherwise.
    std::optional<MatrixProperties> properties;
    std::optional<MethodPlan> fallback_plan;
    double setup_seconds = 0.0;

    // When reordered: the caller's box and, during a solve, b and its norm
    // (one solve at a time per Solver); b and x in the methods' order; x
    // in the caller's order for residuals and for snapshots.
    std::optional<Box> caller_box;
    std::span<const double> caller_b;
    double caller_b_norm = 1.0;
    std::vector<double> b_work, x_work;
    mutable std::vector<double> caller_x;
    std::vector<double> snapshot_x;
    // Columns swept together, interleaved; kept from one solve to the next
    // so that a prepared solver does not fault in fresh pages each time.
    std::vector<double> stacked_b, stacked_x;

    [[nodiscard]] bool reordered() const { return !order.perm.empty(); }

    PreparedMatrix prepare(CsrView a);
    void reorder_bounds_and_snapshots();

    const MatrixProperties& analysis() {
        if (!properties) properties = analyze_matrix(matrix);
        return *properties;
    }

    // An iterate in the methods' order, with A, b and the box as the caller
    // gave them: every residual and constraint measure is taken there.
    struct AsGiven {
        CsrView a;
        std::span<const double> x;
        std::span<const double> b;
        double b_norm;
        const Box* box;
    };
    AsGiven as_given(const LinearSystem& system, std::span<const double> v) const {
        if (!reordered()) return {matrix, v, system.rhs, system.rhs_norm, box ? &*box : nullptr};
        unpermute_vector(v, order.perm, caller_x);
        return {caller_matrix, caller_x, caller_b, caller_b_norm,
                caller_box ? &*caller_box : nullptr};
    }

    double relative_residual(const LinearSystem& system, std::span<const double> v) const {
        // Columns swept together are in the methods' order: a residual's
        // norm does not change with the order of the rows.
        if (system.columns > 1) return worst_column_residual(system, v);
        const AsGiven g = as_given(system, v);
        const double norm =
            g.box ? natural_residual_norm(g.a, g.x, g.b, g.box->lower, g.box->upper, threads)
                  : residual_norm(g.a, g.x, g.b, threads);
        return norm / g.b_norm;
    }

    SolveReport solve_in_order(std::span<const double> b, std::span<double> x);

    // The largest relative residual over the columns (NaN if any is NaN).
    double worst_column_residual(const LinearSystem& system, std::span<const double> v) const {
        const std::vector<double> norms = column_residual_norms(
            matrix, v, system.rhs, system.columns, ColumnLayout::interleaved, threads);
        std::vector<double> relative(norms.size());
        for (std::size_t c = 0; c < norms.size(); ++c) {
            relative[c] = norms[c] / system.column_rhs_norms[c];
        }
        return worst_of(relative);
    }

    /// solve(b, x) from an x whose system is checked and whose relative
    /// residual is `initial_residual`: the attempts and the fallback.
    SolveReport run(const LinearSystem& system, std::span<double> x, double initial_residual);
    std::vector<SolveReport> solve_together(const DenseMatrix& b, DenseMatrix& x, Index first,
                                            int columns);

    SolveReport attempt(const MethodPlan& method, double w, const LinearSystem& system,
                        std::span<double> x, double initial_residual) const;
    void iterate(const detail::Iteration& method, detail::IterationRound& round,
                 SolveReport& report, detail::Refinement* refinement) const;
    SolveReport attempt_backing_off(const LinearSystem& system, std::span<double> x,
                                    double initial_residual) const;
    void fall_back(const LinearSystem& system, std::span<double> x, std::span<const double> x0,
                   double initial_residual, SolveReport& report);
};

namespace {

// The report's fields that the method and its options decide, before any
// sweep.
SolveReport start_report(const MethodPlan& method, double w, double tolerance, CsrView a,
                         double initial_residual) {
    SolveReport report;
    report.method = method.method;
    report.rows = a.rows;
    report.nonzeros = a.nnz();
    report.blocks = static_cast<int>(method.blocks.size());
    report.omega = traits(method.method).uses_omega ? w
                   : method.method == Method::gs    ? 1.0
                                                    : std::numeric_limits<double>::quiet_NaN();
    report.tolerance = tolerance;
    report.colors = method.colors;
    report.initial_residual = initial_residual;
    report.relative_residual = initial_residual;
    report.reason = StopReason::converged;
    return report;
}

// The per-block figures, the sweep counts and the threads that ran.
void tally_threads(const MethodPlan& method, std::span<const detail::BlockTally> tallies,
                   int granted, SolveReport& report) {
    report.threads = method.method == Method::cg        ? method.inner_threads
                     : traits(method.method).row_blocks ? std::min(granted, report.blocks)
                                                        : 1;
    report.sweeps = UINT64_MAX;
    for (std::size_t b = 0; b < method.blocks.size(); ++b) {
        const detail::RowBlock& block = method.blocks[b];
        report.thread_stats.push_back({block.first_row, block.end_row, block.rows, block.nonzeros,
                                       tallies[b].sweeps, tallies[b].busy_seconds});
        report.sweeps = std::min(report.sweeps, tallies[b].sweeps);
        report.sweeps_max = std::max(report.sweeps_max, tallies[b].sweeps);
    }
}

// The sweep or time limit, if the round has spent it.
std::optional<StopReason> spent_limit(const detail::IterationRound& round) {
    const StoppingCriteria& limits = round.monitor.criteria();
    std::uint64_t slowest = UINT64_MAX;
    for (const detail::BlockTally& t : round.tallies) slowest = std::min(slowest, t.sweeps);
    if (slowest >= limits.max_sweeps) return StopReason::sweep_limit;
    if (seconds_since(round.start) >= limits.time_limit_seconds) return StopReason::time_limit;
    return std::nullopt;
}

// Rows whose share of A and the vectors fills half a core's level-2 cache
// (the other half for the x entries they read outside the sub-block).
Index rows_in_half_a_cache(double bytes_per_row) {
    const long reported = sysconf(_SC_LEVEL2_CACHE_SIZE);
    const double cache = reported > 0 ? static_cast<double>(reported) : 512.0 * 1024.0;
    return std::max<Index>(1024, static_cast<Index>(0.5 * cache / std::max(bytes_per_row, 1.0)));
}

}  // namespace

// Rounds until the monitor stops the method for another reason than
// convergence, or the true residual confirms it; then, for a divergence,
// the last finite iterate the monitor kept if its residual is the smaller.
void Solver::State::iterate(const detail::Iteration& method, detail::IterationRound& round,
                            SolveReport& report, detail::Refinement* refinement) const {
    for (;;) {
        report.reason = method(round);
        report.relative_residual = relative_residual(round.system, round.x);
        ++report.verifications;
        if (report.reason != StopReason::converged ||
            report.relative_residual <= report.tolerance ||
            !std::isfinite(report.relative_residual)) {
            break;
        }
        // The estimate met its target and x did not: resume, unless a limit
        // is spent. The monitor ranks convergence above the limits, so an
        // estimate that keeps meeting every target (one that reached 0 with
        // a tolerance below what x can reach) would otherwise resume forever.
        if (const auto limit = spent_limit(round)) {
            report.reason = *limit;
            break;
        }
        detail::aim_again(round, report, refinement);
    }
    if (refinement != nullptr) report.refinements = refinement->corrections();
    if (report.reason != StopReason::diverged && std::isfinite(report.relative_residual)) return;
    report.reason = StopReason::diverged;
    const std::span<const double> kept = round.monitor.last_finite_iterate();
    if (kept.empty()) return;
    const double kept_residual = relative_residual(round.system, kept);
    if (std::isfinite(report.relative_residual) && !(kept_residual < report.relative_residual)) {
        return;
    }
    std::copy(kept.begin(), kept.end(), round.x.begin());
    report.restored_last_finite = true;
    report.restored_sweeps = round.monitor.last_finite_sweeps();
    report.relative_residual = kept_residual;
}

SolveReport Solver::State::attempt(const MethodPlan& method, double w, const LinearSystem& system,
                                   std::span<double> x, double initial_residual) const {
    SolveReport report =
        start_report(method, w, options.stopping.tolerance, matrix, initial_residual);
    const bool sweeps = method.method != Method::cg;
    report.storage = compact && sweeps ? Storage::compact : Storage::double_precision;
    report.inner_sweeps = method.method == Method::async ? options.inner_sweeps : 1;
    report.bytes_per_row = !sweeps   ? 0.0
                           : compact ? compact_bytes_per_row(*compact)
                                     : double_bytes_per_row(matrix);
    // Each further column adds its b read and its x read and written.
    if (sweeps) report.bytes_per_row += (system.columns - 1) * 3.0 * sizeof(double);
    report.columns_together = system.columns;
    std::vector<detail::BlockTally> tallies(method.blocks.size());
    int granted = 1;
    const auto start = Clock::now();
    if (initial_residual > report.tolerance) {
        ConvergenceMonitor monitor(options.stopping, options.observer, options.cancel,
                                   options.monitor_interval_seconds);
        // A snapshot of interleaved columns would mean nothing to its handler.
        if (system.columns == 1) {
            monitor.keep_snapshots(x, on_snapshot, options.snapshot_interval_seconds);
        }
        std::optional<detail::Refinement> refinement;
        if (report.storage == Storage::compact) {
            refinement.emplace(matrix, *compact, system.rhs, threads, system.columns);
        }
        detail::IterationRound round{system,
                                     refinement ? refinement->start(x, report.omega)
                                                : detail::make_sweep_data(system, report.omega),
                                     x,
                                     monitor,
                                     start,
                                     initial_residual,
                                     initial_residual,
                                     options.monitor_interval_seconds,
                                     method.blocks,
                                     tallies};
        round.sweep.columns = system.columns;
        if (method.method == Method::async) {
            round.inner_sweeps = options.inner_sweeps;
            round.inner_rows = rows_in_half_a_cache(report.bytes_per_row);
        }
        if (box) {
            round.sweep.lower = box->lower.data();
            round.sweep.upper = box->upper.data();
        }
        if (sweeps) detail::aim_first(round, report.tolerance);
        iterate(method.iterate, round, report, refinement ? &*refinement : nullptr);
        granted = round.threads_granted;
    }
    if (box) {
        const AsGiven g = as_given(system, x);
        report.constrained = true;
        report.constraints = measure_constraints(g.a, g.x, g.b, *g.box, threads);
    }
    report.seconds = seconds_since(start);
    judge(report);
    tally_threads(method, tallies, granted, report);
    return report;
}

// With auto omega, an async or local attempt that diverges is repeated from
// the starting x with omega's distance from 2 doubled (backed_off_omega).
SolveReport Solver::State::attempt_backing_off(const LinearSystem& system, std::span<double> x,
                                               double initial_residual) const {
    if (!options.auto_omega || !backs_off_on_divergence(plan.method)) {
        return attempt(plan, omega, system, x, initial_residual);
    }
    const std::vector<double> start(x.begin(), x.end());
    bool first = true;
    return solve_backing_off(plan.method, omega, [&](double w) {
        if (!first) std::copy(start.begin(), start.end(), x.begin());
        first = false;
        return attempt(plan, w, system, x, initial_residual);
    });
}

// async failed: for SPD A, sequential SOR at Young's omega converges, so it
// solves again (from the failed attempt's x if that is closer); otherwise
// the report says why nothing is guaranteed.
void Solver::State::fall_back(const LinearSystem& system, std::span<double> x,
                              std::span<const double> x0, double initial_residual,
                              SolveReport& report) {
    const auto start = Clock::now();
    FallbackReport fallback;
    fallback.from = report.method;
    fallback.from_reason = report.reason;
    fallback.from_residual = report.relative_residual;
    fallback.from_sweeps = report.sweeps;
    fallback.from_seconds = report.seconds;
    const MatrixProperties& p = analysis();
    if (!detail::sequential_sor_converges(p)) {
        fallback.reason = detail::no_fallback_reason(p);
        report.seconds += seconds_since(start);
        report.fallback = std::move(fallback);
        return;
    }
    const OmegaChoice choice = choose_omega(p, Method::sor);
    if (!fallback_plan) fallback_plan = detail::plan_method(matrix, Method::sor, 1);
    double from_residual = initial_residual;
    if (std::isfinite(report.relative_residual) && report.relative_residual < initial_residual) {
        from_residual = report.relative_residual;
    } else {
        std::copy(x0.begin(), x0.end(), x.begin());
    }
    fallback.used = true;
    fallback.reason = detail::fallback_reason(choice);
    const std::vector<double> diverged_at = std::move(report.diverged_at);
    report = attempt(*fallback_plan, choice.omega, system, x, from_residual);
    report.initial_residual = initial_residual;
    report.diverged_at = diverged_at;
    report.seconds = seconds_since(start) + fallback.from_seconds;
    report.fallback = std::move(fallback);
}

// A checked in the caller's order, so that errors name the caller's rows;
// then reordered as options.reorder asks, the inverse diagonal with it.
PreparedMatrix Solver::State::prepare(CsrView a) {
    PreparedMatrix checked = prepare_matrix(a, threads);
    const auto start = Clock::now();
    order = choose_reordering(a, options.reorder);
    if (!reordered()) return checked;
    reordered_matrix = permute_symmetric(a, order.perm);
    std::vector<double> inverse_diagonal(checked.inverse_diagonal.size());
    permute_vector(checked.inverse_diagonal, order.perm, inverse_diagonal);
    order.report.seconds = seconds_since(start);
    return PreparedMatrix{reordered_matrix, std::move(inverse_diagonal)};
}

// The working vectors, the box in the methods' order, and snapshots handed
// over in the caller's.
void Solver::State::reorder_bounds_and_snapshots() {
    if (!reordered()) return;
    const auto n = static_cast<std::size_t>(matrix.rows);
    b_work.resize(n);
    x_work.resize(n);
    caller_x.resize(n);
    if (box) {
        caller_box = std::move(box);
        box = Box{std::vector<double>(caller_box->lower.size()),
                  std::vector<double>(caller_box->upper.size())};
        permute_vector(caller_box->lower, order.perm, box->lower);
        permute_vector(caller_box->upper, order.perm, box->upper);
    }
    if (options.on_snapshot) {
        snapshot_x.resize(caller_x.size());
        // A gather per snapshot, on the monitor's thread, only when one is due.
        on_snapshot = [this](const Snapshot& s) {
            unpermute_vector(s.x, order.perm, snapshot_x);
            options.on_snapshot(Snapshot{snapshot_x, s.progress});
        };
    }
}

Solver::Solver(CsrView a, const SolveOptions& options) {
    detail::check_solve_options(options);
    const auto start = Clock::now();
    state_ = std::make_unique<State>(a, options);
    State& s = *state_;
    if (!options.lower.empty() || !options.upper.empty()) {
        s.box = make_box(options.lower, options.upper, a.rows);
    }
    s.reorder_bounds_and_snapshots();
    s.plan = detail::plan_method(s.matrix, options.method, s.threads);
    if (options.method != Method::cg) {
        s.compact = compact_for(s.matrix, s.prepared.inverse_diagonal, options.storage, s.threads);
    }
    s.omega = options.omega;
    if (options.auto_omega && traits(options.method).uses_omega) {
        const auto estimate = Clock::now();
        s.properties = analyze_matrix(s.matrix);
        s.omega_choice = choose_omega(*s.properties, options.method);
        s.omega_choice->seconds = seconds_since(estimate);
        s.omega = s.omega_choice->omega;
    } else if (options.auto_omega) {
        s.omega_choice = choose_omega(MatrixProperties{}, options.method);
    }
    s.setup_seconds = seconds_since(start);
}

Solver::~Solver() = default;
Solver::Solver(Solver&&) noexcept = default;
Solver& Solver::operator=(Solver&&) noexcept = default;

SolveReport Solver::State::run(const LinearSystem& system, std::span<double> x,
                               double initial_residual) {
    const auto start = Clock::now();
    const bool may_fall_back = options.fallback && options.method == Method::async;
    const std::vector<double> x0 =
        may_fall_back ? std::vector<double>(x.begin(), x.end()) : std::vector<double>();

    SolveReport report = attempt_backing_off(system, x, initial_residual);
    if (may_fall_back && !report.converged &&
        (report.reason == StopReason::sweep_limit || report.reason == StopReason::diverged)) {
        fall_back(system, x, x0, initial_residual, report);
    }
    report.seconds = seconds_since(start);
    report.setup_seconds = setup_seconds;
    report.omega_choice = omega_choice;
    report.reordering = order.report;
    return report;
}

SolveReport Solver::solve(std::span<const double> b, std::span<double> x) {
    State& s = *state_;
    if (!s.reordered()) return s.solve_in_order(b, x);
    // Checked in the caller's order, so that errors name the caller's entries.
    s.caller_b_norm = check_rhs(b, s.matrix.rows);
    check_initial_guess(x, s.matrix.rows);
    s.caller_b = b;
    const auto start = Clock::now();
    permute_vector(b, s.order.perm, s.b_work);
    permute_vector(x, s.order.perm, s.x_work);
    SolveReport report;
    try {
        report = s.solve_in_order(s.b_work, s.x_work);
    } catch (...) {
        // An observer's exception leaves x as the workers left it, as unreordered.
        unpermute_vector(s.x_work, s.order.perm, x);
        throw;
    }
    unpermute_vector(s.x_work, s.order.perm, x);
    report.seconds = seconds_since(start);
    return report;
}

SolveReport Solver::State::solve_in_order(std::span<const double> b, std::span<double> x) {
    State& s = *this;
    const LinearSystem system = make_system(s.prepared, b);
    check_initial_guess(x, s.matrix.rows);
    if (s.box) project_onto(*s.box, x);
    // From x = 0 the residual is b itself, relative residual 1 (or 0 when
    // b = 0, the one case where rhs_norm is 1 by convention): skip a pass
    // over the matrix.
    const bool starts_at_zero = !s.box && all_zero(x);
    const double initial_residual =
        starts_at_zero ? (system.rhs_norm == 1.0 ? norm2(b) : 1.0) : s.relative_residual(system, x);
    return s.run(system, x, initial_residual);
}

// Columns first to first + k of b and x, swept together: each scaled to
// unit norm and interleaved (in the methods' order: row i is the caller's
// row `caller(i)`), so that the stacked relative residual weighs every
// column alike, and the verification requires each column to meet the
// tolerance.
std::vector<SolveReport> Solver::State::solve_together(const DenseMatrix& b, DenseMatrix& x,
                                                       Index first, int k) {
    const Index n = matrix.rows;
    const auto at = [k](Index i, int c) { return static_cast<std::size_t>(i) * k + c; };
    const auto caller = [this](Index i) { return reordered() ? order.perm[i] : i; };
    std::vector<double> scale(static_cast<std::size_t>(k));
    std::vector<std::span<const double>> b_columns(static_cast<std::size_t>(k));
    std::vector<std::span<double>> x_columns(static_cast<std::size_t>(k));
    for (int c = 0; c < k; ++c) {
        b_columns[c] = b.column(first + c);
        x_columns[c] = x.column(first + c);
        scale[c] = check_rhs(b_columns[c], n);  // ||b_c||, or 1 if b_c = 0
        check_initial_guess(x_columns[c], n);
    }
    const std::size_t size = static_cast<std::size_t>(n) * k;
    if (stacked_b.size() < size) {
        stacked_b.resize(size);
        stacked_x.resize(size);
    }
    const std::span<double> sb(stacked_b.data(), size), sx(stacked_x.data(), size);
    // Row by row, in parallel: each row's k entries are one write. The
    // scaled columns' squares cannot overflow.
    double squares[kMaxSweptColumns] = {};  // of the scaled columns: 1, or 0 for b_c = 0
    bool x_is_zero = true;
#pragma omp parallel for num_threads(threads) schedule(static) \
    reduction(+ : squares[:kMaxSweptColumns]) reduction(&& : x_is_zero)
    for (Index i = 0; i < n; ++i) {
        for (int c = 0; c < k; ++c) {
            const double bi = b_columns[c][caller(i)] / scale[c];
            const double xi = x_columns[c][caller(i)];
            sb[at(i, c)] = bi;
            sx[at(i, c)] = xi / scale[c];
            squares[c] += bi * bi;
            x_is_zero = x_is_zero && xi == 0.0;
        }
    }
    const std::vector<double> unit(static_cast<std::size_t>(k), 1.0);
    double stacked_squares = 0.0;
    for (int c = 0; c < k; ++c) stacked_squares += squares[c];
    const double stacked_norm = std::sqrt(stacked_squares);
    const LinearSystem system{
        matrix, sb, prepared.inverse_diagonal, stacked_norm > 0.0 ? stacked_norm : 1.0, k, unit};
    // Reported residuals are the columns' own, recomputed from the x given
    // and returned, not from their scaled copies: one pass over A for the k
    // columns, none from x = 0 (the residual is then b).
    const auto columns = [&](const DenseMatrix& m) {
        return std::span<const double>(m.values).subspan(static_cast<std::size_t>(first) * n,
                                                         static_cast<std::size_t>(k) * n);
    };
    const auto residuals = [&] {
        std::vector<double> r = column_residual_norms(caller_matrix, columns(x), columns(b), k,
                                                      ColumnLayout::column_major, threads);
        for (int c = 0; c < k; ++c) r[c] /= scale[c];
        return r;
    };
    std::vector<double> initial(static_cast<std::size_t>(k));
    if (x_is_zero) {
        // The residual is b: relative residual 1, or 0 for b_c = 0.
        for (int c = 0; c < k; ++c) initial[c] = squares[c] > 0.0 ? 1.0 : 0.0;
    } else {
        initial = residuals();
    }
    const SolveReport together = run(system, sx, worst_of(initial));
#pragma omp parallel for num_threads(threads) schedule(static)
    for (Index i = 0; i < n; ++i) {
        for (int c = 0; c < k; ++c) x_columns[c][caller(i)] = sx[at(i, c)] * scale[c];
    }
    const std::vector<double> final_residuals = residuals();
    std::vector<SolveReport> reports;
    for (int c = 0; c < k; ++c) {
        SolveReport r = together;
        r.initial_residual = initial[c];
        r.relative_residual = final_residuals[c];
        judge(r);
        reports.push_back(std::move(r));
    }
    return reports;
}

std::vector<SolveReport> Solver::solve(const DenseMatrix& b, DenseMatrix& x) {
    State& s = *state_;
    const Index n = s.matrix.rows;
    if (b.rows != n || x.rows != n || x.cols != b.cols) {
        throw Error(ErrorKind::input, "right-hand sides are " + std::to_string(b.rows) + " x " +
                                          std::to_string(b.cols) + " and initial guesses " +
                                          std::to_string(x.rows) + " x " + std::to_string(x.cols) +
                                          " (expected " + std::to_string(n) +
                                          " rows each, as many columns)");
    }
    // Interleaved positions of n * k entries must fit an Index.
    const bool together = s.options.method != Method::cg && !s.box &&
                          n <= std::numeric_limits<Index>::max() / kMaxSweptColumns;
    std::vector<SolveReport> reports;
    for (Index first = 0; first < b.cols;) {
        const int k =
            together ? static_cast<int>(std::min<Index>(kMaxSweptColumns, b.cols - first)) : 1;
        if (k == 1) {
            reports.push_back(solve(b.column(first), x.column(first)));
        } else {
            for (SolveReport& r : s.solve_together(b, x, first, k)) reports.push_back(std::move(r));
        }
        first += k;
        const StopReason last = reports.back().reason;
        if (last == StopReason::cancelled || last == StopReason::observer_stop) break;
    }
    return reports;
}

double Solver::setup_seconds() const noexcept { return state_->setup_seconds; }
double Solver::omega() const noexcept {
    const Method m = state_->options.method;
    return traits(m).uses_omega
               ? state_->omega
               : (m == Method::gs ? 1.0 : std::numeric_limits<double>::quiet_NaN());
}
const std::optional<OmegaChoice>& Solver::omega_choice() const noexcept {
    return state_->omega_choice;
}
const SolveOptions& Solver::options() const noexcept { return state_->options; }
CsrView Solver::matrix() const noexcept { return state_->caller_matrix; }
const ReorderingReport& Solver::reordering() const noexcept { return state_->order.report; }

}  // namespace asor
