// asor (internal): processor-local SOR with its hooks, for one process and
// for MPI ranks.
#pragma once

#include <algorithm>
#include <span>
#include <vector>

#include "synchronous_sweeps.hpp"

namespace asor::detail {

/// Processor-local SOR, as PETSc and hypre run SOR in parallel: each thread
/// does one SOR sweep over its block, reading other blocks' values from the
/// previous sweep, then all threads meet. After each sweep, one thread runs
/// `between_sweeps(previous)`, with `previous` the copy of x the next sweep
/// reads outside each block (across ranks: the halo exchange, whose ghosts
/// go there too), then `decide(progress)` says whether to stop.
template <class BetweenSweeps, class Decide>
StopReason local_sor_sweeps(IterationRound& round, BetweenSweeps&& between_sweeps,
                            Decide&& decide) {
    std::vector<double> previous(round.x.begin(), round.x.end());
    double* x = round.x.data();
    const auto& blocks = round.blocks;
    // With several right-hand sides, x is interleaved: row r's entries sit
    // at r * k to (r + 1) * k.
    const Index k = round.sweep.columns;
    return sweep_synchronously(
        round,
        [&](int thread, int team) {
            double residual_sq = 0.0;
            for (std::size_t b = thread; b < blocks.size(); b += team) {
                const BlockLocalView view{x, previous.data(), blocks[b].first_row * k,
                                          blocks[b].end_row * k};
                residual_sq +=
                    sweep_rows(round.sweep, view, blocks[b].first_row, blocks[b].end_row);
            }
#pragma omp barrier
            // Everyone has swept: publish the own blocks for the next sweep.
            for (std::size_t b = thread; b < blocks.size(); b += team) {
                std::copy(x + blocks[b].first_row * k, x + blocks[b].end_row * k,
                          previous.data() + blocks[b].first_row * k);
            }
            return residual_sq;
        },
        [&] { between_sweeps(std::span<double>(previous)); }, decide);
}

}  // namespace asor::detail
