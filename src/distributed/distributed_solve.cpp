// solve_distributed: the rows split among MPI ranks, asynchronous SOR on
// each, rounds ended by a verification on a frozen x, x gathered on rank 0.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "asor/distributed.hpp"
#include "asor/error.hpp"
#include "methods/method_plan.hpp"
#include "methods/refinement.hpp"
#include "mpi_messages.hpp"
#include "rank_round.hpp"
#include "rank_stats.hpp"
#include "watchdog.hpp"

namespace asor {

namespace {

using detail::Clock;
using detail::GlobalFigures;
using detail::seconds_since;

// The communication thread's sleep between polls: mpi.md measured 20 us
// against 200 us with more threads than cores (2.5 s against 1.99 s); a
// spinning thread starved the halos (15.8 s).
constexpr double kPollSeconds = 200e-6;

void check_distributed_options(const SolveOptions& o) {
    detail::check_solve_options(o);
    const auto refuse = [](const std::string& what) {
        throw Error(ErrorKind::usage, what + " across MPI ranks: not implemented yet");
    };
    if (o.method != Method::async && o.method != Method::local) {
        refuse("method " + std::string(to_string(o.method)));
    }
    if (!o.lower.empty() || !o.upper.empty()) refuse("bounds");
    if (o.reorder != Reorder::none) refuse("reordering");
    if (o.auto_omega) refuse("omega auto");
    if (o.inner_sweeps != 1) refuse("inner sweeps");
    if (o.observer) refuse("an observer");
}

// The rounds: iterate until the ranks stop together, verify, resume while
// the estimate met its target and x did not: with compact storage after
// correcting each rank's right-hand side for the verified x (its ghosts
// exchanged), as on one process (aim_again); the residual and so every
// decision is the same on every rank. A round paused for a snapshot goes
// on after it.
void iterate_rounds(detail::RankRound& r, SolveReport& report, detail::Refinement* refinement) {
    for (;;) {
        report.reason = report.method == Method::local ? detail::run_local_rank_round(r)
                                                       : detail::run_rank_round(r);
        if (r.paused) {
            detail::take_snapshot(r);
            continue;
        }
        const GlobalFigures g = detail::verify_rank_round(r);
        ++report.verifications;
        report.relative_residual = std::sqrt(g.residual_sq);
        report.sweeps = static_cast<std::uint64_t>(g.sweeps_min);
        report.sweeps_max = static_cast<std::uint64_t>(g.sweeps_max);
        if (!std::isfinite(report.relative_residual)) report.reason = StopReason::diverged;
        if (report.reason != StopReason::converged ||
            report.relative_residual <= report.tolerance ||
            !std::isfinite(report.relative_residual)) {
            return;
        }
        const StoppingCriteria& limits = r.round.monitor.criteria();
        if (g.sweeps_min >= static_cast<double>(limits.max_sweeps)) {
            report.reason = StopReason::sweep_limit;
            return;
        }
        if (g.elapsed >= limits.time_limit_seconds) {
            report.reason = StopReason::time_limit;
            return;
        }
        detail::aim_again(r.round, report, refinement);
    }
}

// Collective: the bytes a sweep moves per row over all ranks' rows, as on
// one process (each rank's own rows in its storage).
double global_bytes_per_row(const detail::LocalSystem& local, const CompactMatrix* compact,
                            detail::Watchdog& watchdog) {
    const double rows = local.matrix.rows;
    double bytes = rows * (compact != nullptr ? compact_bytes_per_row(*compact)
                                              : double_bytes_per_row(local.matrix));
    double total = 0.0;
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Iallreduce(&bytes, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &request);
    watchdog.wait_all(std::span(&request, 1));
    return local.global_rows > 0 ? total / local.global_rows : 0.0;
}

// The session's watchdog when it watches the ranks (MpiSession::watch_ranks),
// else one of this solve's own, started before the setup's first wait.
detail::Watchdog& solve_watchdog(std::optional<detail::Watchdog>& own, double timeout_seconds) {
    if (detail::Watchdog* session = detail::session_watchdog()) return *session;
    return own.emplace(timeout_seconds);
}

void tally_rank_threads(const detail::RankRound& r, const std::vector<detail::RowBlock>& blocks,
                        SolveReport& report) {
    report.threads = std::min(r.round.threads_granted, report.blocks);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const detail::RowBlock& block = blocks[b];
        const Index first = r.local.first_row;
        report.thread_stats.push_back({first + block.first_row, first + block.end_row, block.rows,
                                       block.nonzeros, r.round.tallies[b].sweeps,
                                       r.round.tallies[b].busy_seconds});
    }
}

}  // namespace

DistributedSolution solve_distributed(const std::string& matrix_path, const std::string& rhs_path,
                                      const SolveOptions& options,
                                      const DistributedOptions& distributed) {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
        throw Error(ErrorKind::usage, "solve_distributed needs MPI (an MpiSession under mpirun)");
    }
    check_distributed_options(options);
    detail::check_rank_timeout(distributed.rank_timeout_seconds);
    const auto setup = Clock::now();
    std::optional<detail::Watchdog> own_watchdog;
    detail::Watchdog& watchdog = solve_watchdog(own_watchdog, distributed.rank_timeout_seconds);
    const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
    const detail::LocalSystem local = detail::distribute_system(
        matrix_path, rhs_path, threads, watchdog, distributed, options.storage);
    // Each rank's own rows; its ghost columns lie beyond them, so the rows
    // that reach them take 32-bit columns (or a stencil if the offsets fit).
    std::optional<CompactMatrix> compact;
    std::vector<detail::RowBlock> blocks;
    watchdog.serve_while([&] {
        if (local.compact)
            compact = make_compact_matrix(local.matrix, local.inverse_diagonal, threads);
        blocks = detail::plan_method(local.matrix, options.method, threads).blocks;
    });
    const detail::HaloPlan plan = detail::plan_halo(local, watchdog);
    // The communication thread reads the rows other ranks need while the
    // workers sweep, which plan_method cannot see: every row through atomics.
    for (detail::RowBlock& block : blocks) block.alone = {};
    const int ranks = static_cast<int>(local.row_bounds.size()) - 1;

    SolveReport report;
    report.method = options.method;
    report.rows = local.global_rows;
    report.nonzeros = local.global_nonzeros;
    report.blocks = static_cast<int>(blocks.size());
    report.omega = ranks > 1 ? std::min(options.omega, kMostOmegaAcrossRanks) : options.omega;
    report.tolerance = options.stopping.tolerance;
    report.storage = compact ? Storage::compact : Storage::double_precision;
    report.bytes_per_row = global_bytes_per_row(local, compact ? &*compact : nullptr, watchdog);
    report.setup_seconds = seconds_since(setup);

    std::vector<double> x(static_cast<std::size_t>(local.matrix.cols), 0.0);
    std::copy(local.x0.begin(), local.x0.end(), x.begin());
    const LinearSystem system{local.matrix,   local.rhs, local.inverse_diagonal,
                              local.rhs_norm, 1,         {}};
    ConvergenceMonitor monitor(options.stopping, {}, nullptr, options.monitor_interval_seconds);
    std::vector<detail::BlockTally> tallies(blocks.size());
    const auto start = Clock::now();
    detail::IterationRound round{system, detail::make_sweep_data(system, report.omega),
                                 x,      monitor,
                                 start,  0.0,
                                 0.0,    options.monitor_interval_seconds,
                                 blocks, tallies};
    detail::HaloExchange halo(plan, x, local.matrix.rows, watchdog);
    detail::FiguresReduction reduction(watchdog);
    // Rank 0's snapshots, every snapshot_interval_seconds from the start.
    const bool snapshots = detail::world_rank() == 0 && options.on_snapshot;
    detail::RankRound r{round,
                        local,
                        halo,
                        reduction,
                        watchdog,
                        options.cancel,
                        kPollSeconds,
                        threads,
                        snapshots ? &options.on_snapshot : nullptr,
                        options.snapshot_interval_seconds,
                        start,
                        false,
                        {}};

    if (!local.x0.empty()) halo.exchange_once();  // the ghosts of x0
    // The rounded system's right-hand side, corrected for x0 with its ghosts.
    std::optional<detail::Refinement> refinement;
    if (compact) {
        refinement.emplace(local.matrix, *compact, local.rhs, threads);
        // Exact on every rank, or corrected on all: the ranks decide alike.
        int exact = compact->exact ? 1 : 0, everywhere = 0;
        MPI_Request request = MPI_REQUEST_NULL;
        MPI_Iallreduce(&exact, &everywhere, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD, &request);
        watchdog.wait_all(std::span(&request, 1));
        refinement->set_needed(everywhere == 0);
        round.sweep = refinement->start(x, report.omega);
    }
    report.initial_residual = std::sqrt(detail::true_figures(r).residual_sq);
    report.relative_residual = report.initial_residual;
    round.initial_residual = round.round_start_residual = report.initial_residual;
    detail::aim_first(round, report.tolerance);
    report.reason = StopReason::converged;
    if (report.initial_residual > report.tolerance) {
        iterate_rounds(r, report, refinement ? &*refinement : nullptr);
    }
    if (refinement) report.refinements = refinement->corrections();
    report.seconds = seconds_since(start);
    detail::judge(report);
    tally_rank_threads(r, blocks, report);
    std::vector<double> whole = detail::gather_x(r);
    std::vector<RankStats> rank_stats =
        detail::gather_rank_stats(halo, local, report.thread_stats, tallies, watchdog);
    // Last, a reduction: no rank leaves before every rank has reached it,
    // so that each is still watched while any other waits (when this solve's
    // own watchdog stops with it).
    std::uint64_t sent = halo.messages_sent(), messages = 0;
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Iallreduce(&sent, &messages, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD, &request);
    watchdog.wait_all(std::span(&request, 1));
    return {report, std::move(whole), ranks, local.row_bounds, messages, std::move(rank_stats)};
}

}  // namespace asor
