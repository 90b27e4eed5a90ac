// Processor-local SOR, as PETSc and hypre run SOR in parallel: each thread
// does one SOR sweep over its block, reading other blocks' values from the
// previous sweep, then all threads meet. The synchronous twin of async.
#include <algorithm>

#include "synchronous_sweeps.hpp"

namespace asor::detail {

StopReason iterate_local_sor(IterationRound& round) {
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
        [] {});
}

}  // namespace asor::detail
