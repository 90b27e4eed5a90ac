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

}  // namespace asor::detail
