// asor (internal): one round of asynchronous SOR on one rank, and the
// verification that ends it, both collective.
#pragma once

#include <atomic>

#include "global_figures.hpp"
#include "halo_exchange.hpp"
#include "local_system.hpp"
#include "methods/iteration.hpp"

namespace asor::detail {

/// What a rank iterates with. round.x holds the own entries then the
/// ghosts; round.monitor only holds the criteria and the target (the
/// decisions are taken on reduced figures, never on local ones alone).
struct RankRound {
    IterationRound& round;
    const LocalSystem& local;
    HaloExchange& halo;
    FiguresReduction& reduction;
    Watchdog& watchdog;               ///< served by the communication thread in each poll
    const std::atomic<bool>* cancel;  ///< may be null
    double poll_seconds;              ///< the communication thread's sleep between polls
    int threads;                      ///< for the residual
    /// Rank 0's SolveOptions::on_snapshot (null elsewhere, or none), called
    /// every snapshot_interval_seconds of rank 0's clock, from last_snapshot.
    const SnapshotHandler* on_snapshot = nullptr;
    double snapshot_interval_seconds = 0.0;
    Clock::time_point last_snapshot{};
    /// Set by the decision that ended a round for a snapshot, not a stop:
    /// the caller then calls take_snapshot and runs the next round.
    bool paused = false;
    GlobalFigures last;  ///< the figures of the latest decision
};

/// Runs the workers on OpenMP threads and the communication thread beside
/// them until the ranks decide, together, to stop; returns why. On every
/// rank the same reason after the same reduction.
StopReason run_rank_round(RankRound& r);

/// Processor-local SOR across ranks, the synchronous baseline: each rank
/// sweeps its rows once (block Jacobi between its threads as between
/// ranks), then a blocking halo exchange and a reduction on which every rank
/// decides alike, after every sweep.
StopReason run_local_rank_round(RankRound& r);

/// Collective: the true relative residual of x once every rank stopped
/// (sends completed, ghosts made equal to their owners' entries), with the
/// sweeps and elapsed time of all ranks.
GlobalFigures verify_rank_round(RankRound& r);

/// Collective: the figures of x as it is, whose ghosts must hold their
/// owners' values (x = 0 at the start, or after verify_rank_round).
GlobalFigures true_figures(RankRound& r);

/// Collective: every rank's own entries of x gathered on rank 0 (empty
/// elsewhere), in a wait served by the watchdog.
std::vector<double> gather_x(const RankRound& r);

/// Collective, after a round that ended paused: completes the messages in
/// flight (x is then frozen on every rank, each entry as its owner left
/// it), gathers x on rank 0, which hands it to on_snapshot with the latest
/// figures, and clears `paused`. What the handler throws as asor::Error is
/// thrown on every rank.
void take_snapshot(RankRound& r);

}  // namespace asor::detail
