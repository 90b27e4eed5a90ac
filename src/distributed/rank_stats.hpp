// asor (internal): every rank's figures, gathered on rank 0.
#pragma once

#include <span>
#include <vector>

#include "asor/distributed.hpp"
#include "halo_exchange.hpp"
#include "local_system.hpp"
#include "methods/iteration.hpp"
#include "watchdog.hpp"

namespace asor::detail {

/// Collective: this rank's traffic (from `halo`), rows and row blocks
/// (`threads`, with the halo ages of `tallies`, one per block) gathered on
/// rank 0, which returns one RankStats per rank; the others return nothing.
/// Its waits serve `watchdog`.
std::vector<RankStats> gather_rank_stats(const HaloExchange& halo, const LocalSystem& local,
                                         const std::vector<ThreadStats>& threads,
                                         std::span<const BlockTally> tallies, Watchdog& watchdog);

}  // namespace asor::detail
