// Each rank's communication thread is its only MPI caller while the
// workers sweep: it moves boundary values, keeps one reduction of the
// residual estimates in flight, and stops the workers when the reduced
// figures say so: the same figures on every rank, so the same decision.
#include "rank_round.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <optional>
#include <thread>

#include "asor/detail/residual.hpp"
#include "methods/async_workers.hpp"
#include "methods/local_sor.hpp"

namespace asor::detail {

namespace {

// Whether this rank's estimate can count towards convergence: it must be
// a sum over sweeps of the round (not the round's starting residual), and
// made after every neighbour's values arrived at least once in the round.
class Freshness {
  public:
    void observe(const HaloExchange& halo, const AsyncShared& shared) {
        if (heard_all_ || !halo.heard_from_all()) return;
        heard_all_ = true;
        sweeps_when_heard_ = slowest_block_sweeps(shared);
    }
    [[nodiscard]] bool stale(bool estimate_of_the_round, std::uint64_t sweeps_min) const {
        return !estimate_of_the_round || !heard_all_ || sweeps_min <= sweeps_when_heard_;
    }

  private:
    bool heard_all_ = false;
    std::uint64_t sweeps_when_heard_ = 0;
};

double cancel_figure(const RankRound& r) {
    return r.cancel != nullptr && r.cancel->load(std::memory_order_acquire) ? 1.0 : 0.0;
}

// This rank's contribution from what its sweeps published.
GlobalFigures figures_of(const RankRound& r, const Progress& p) {
    GlobalFigures f;
    f.snapshot =
        r.on_snapshot != nullptr && seconds_since(r.last_snapshot) >= r.snapshot_interval_seconds
            ? 1.0
            : 0.0;
    f.residual_sq = p.estimated_residual * p.estimated_residual;
    f.sweeps_min = static_cast<double>(p.sweeps_min);
    f.sweeps_max = static_cast<double>(p.sweeps_max);
    f.elapsed = p.elapsed_seconds;
    f.cancel = cancel_figure(r);
    return f;
}

GlobalFigures local_figures(const RankRound& r, const AsyncShared& shared,
                            const Freshness& freshness) {
    bool of_the_round = false;
    const Progress p = gather(r.round, shared, &of_the_round);
    GlobalFigures f = figures_of(r, p);
    f.stale = freshness.stale(of_the_round, p.sweeps_min) ? 1.0 : 0.0;
    return f;
}

Progress progress_of(const RankRound& r, const GlobalFigures& g) {
    Progress p;
    p.elapsed_seconds = g.elapsed;
    p.estimated_residual = std::sqrt(g.residual_sq);
    p.initial_residual = r.round.initial_residual;
    p.sweeps_min = static_cast<std::uint64_t>(g.sweeps_min);
    p.sweeps_max = static_cast<std::uint64_t>(g.sweeps_max);
    return p;
}

// The criteria on the reduced figures: a pure function of them, so every
// rank decides alike. A stale estimate can stop nothing but by a limit.
// Without a stop, a snapshot due pauses the round: it ends like a stop
// (the reason returned then means nothing), with `paused` raised. Not on a
// stale estimate: each round judges at least one fresh estimate first, so
// that however short the interval, pauses never keep a converged x from
// being noticed.
std::optional<StopReason> decide(RankRound& r, const GlobalFigures& g) {
    r.last = g;
    if (g.cancel > 0.0) return StopReason::cancelled;
    const double unreachable = -1.0;
    const Progress progress = progress_of(r, g);
    const auto reason =
        check_criteria(r.round.monitor.criteria(),
                       g.stale > 0.0 ? unreachable : r.round.monitor.target(), progress);
    if (reason) r.round.monitor.note_stopping_estimate(progress.estimated_residual);
    if (reason || g.snapshot == 0.0 || g.stale > 0.0) return reason;
    r.paused = true;
    return StopReason::cancelled;
}

// The communication thread: polls, never spins (it sleeps poll_seconds
// between two looks, so that it leaves the core to the workers even with
// more threads than cores), and calls no collective but the reduction.
// Each poll serves the watchdog, which throws RankSilentError when the
// watched rank fell silent: the workers are then stopped and the error
// rethrown by run_rank_round.
StopReason communicate(RankRound& r, AsyncShared& shared) {
    Freshness freshness;
    r.halo.forget_heard();
    const auto pause = std::chrono::duration<double>(r.poll_seconds);
    for (;;) {
        r.watchdog.service();
        if (r.halo.poll(slowest_block_sweeps(shared)))
            shared.halo_arrivals.fetch_add(1, std::memory_order_relaxed);
        freshness.observe(r.halo, shared);
        if (!r.reduction.in_flight()) {
            r.reduction.start(local_figures(r, shared, freshness));
        } else if (const auto figures = r.reduction.test()) {
            if (const auto reason = decide(r, *figures)) {
                shared.stop.store(true, std::memory_order_release);
                return *reason;
            }
        }
        std::this_thread::sleep_for(pause);
    }
}

}  // namespace

StopReason run_rank_round(RankRound& r) {
    r.halo.start_round();
    AsyncShared shared(r.round);
    shared.fed_by_halos = true;
    StopReason reason = StopReason::cancelled;
    std::exception_ptr error;
    std::thread communication([&] {
        try {
            reason = communicate(r, shared);
        } catch (...) {
            error = std::current_exception();
            shared.stop.store(true, std::memory_order_release);
        }
    });
    run_async_workers(r.round, shared);
    communication.join();
    if (error) std::rethrow_exception(error);
    return reason;
}

StopReason run_local_rank_round(RankRound& r) {
    const auto own = static_cast<std::size_t>(r.local.matrix.rows);
    return local_sor_sweeps(
        r.round,
        [&r, own](std::span<double> previous) {
            r.halo.exchange_once();
            std::copy(r.round.x.begin() + own, r.round.x.end(), previous.begin() + own);
        },
        [&r](const Progress& p) { return decide(r, r.reduction.all_reduce(figures_of(r, p))); });
}

GlobalFigures true_figures(RankRound& r) {
    const double relative =
        residual_norm(r.local.matrix, r.round.x, r.local.rhs, r.threads) / r.local.rhs_norm;
    GlobalFigures f;
    f.residual_sq = relative * relative;
    f.sweeps_min = static_cast<double>(UINT64_MAX);
    for (const BlockTally& t : r.round.tallies) {
        f.sweeps_min = std::min(f.sweeps_min, static_cast<double>(t.sweeps));
        f.sweeps_max = std::max(f.sweeps_max, static_cast<double>(t.sweeps));
    }
    f.elapsed = seconds_since(r.round.start);
    f.cancel = cancel_figure(r);
    return r.reduction.all_reduce(f);
}

std::vector<double> gather_x(const RankRound& r) {
    const LocalSystem& local = r.local;
    const int ranks = static_cast<int>(local.row_bounds.size()) - 1;
    std::vector<int> counts(static_cast<std::size_t>(ranks)), at(counts.size());
    for (int k = 0; k < ranks; ++k) {
        at[k] = local.row_bounds[k];
        counts[k] = local.row_bounds[k + 1] - local.row_bounds[k];
    }
    const bool root = world_rank() == 0;
    std::vector<double> whole(root ? static_cast<std::size_t>(local.global_rows) : 0);
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Igatherv(r.round.x.data(), local.matrix.rows, MPI_DOUBLE, whole.data(), counts.data(),
                 at.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD, &request);
    r.watchdog.wait_all(std::span(&request, 1));
    return whole;
}

void take_snapshot(RankRound& r) {
    r.paused = false;
    r.halo.quiesce();
    const std::vector<double> whole = gather_x(r);
    on_root_collectively(
        [&] {
            (*r.on_snapshot)(Snapshot{whole, progress_of(r, r.last)});
            r.last_snapshot = Clock::now();
        },
        r.watchdog);
    // The next round's estimate until its blocks publish their own.
    r.round.round_start_residual = std::sqrt(r.last.residual_sq);
}

GlobalFigures verify_rank_round(RankRound& r) {
    r.halo.quiesce();
    r.halo.exchange_once();
    return true_figures(r);
}

}  // namespace asor::detail
