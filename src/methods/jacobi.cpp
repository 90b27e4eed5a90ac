// Synchronous weighted Jacobi: every row is updated from the previous
// iterate, so all rows are independent and each thread takes a block.
#include <algorithm>
#include <utility>

#include "synchronous_sweeps.hpp"

namespace asor::detail {

namespace {

/// Reads the previous iterate, writes the next one: relax_row then computes
/// x_next_i = x_i + omega r_i / a_ii with r from the previous iterate only.
struct JacobiView {
    const double* previous;
    double* next;
    double load(Index i) const noexcept { return previous[i]; }
    void store(Index i, double v) const noexcept { next[i] = v; }
};

}  // namespace

StopReason iterate_jacobi(IterationRound& round) {
    std::vector<double> other(round.x.size());
    double* current = round.x.data();
    double* next = other.data();
    const auto& blocks = round.blocks;
    const StopReason reason = sweep_synchronously(
        round,
        [&](int thread, int team) {
            double residual_sq = 0.0;
            for (std::size_t b = thread; b < blocks.size(); b += team) {
                residual_sq += sweep_rows(round.sweep, JacobiView{current, next},
                                          blocks[b].first_row, blocks[b].end_row);
            }
            return residual_sq;
        },
        [&] {
            std::swap(current, next);
            round.monitor.move_iterate({current, round.x.size()});
        });
    if (current != round.x.data()) std::copy(other.begin(), other.end(), round.x.begin());
    round.monitor.move_iterate(round.x);
    return reason;
}

}  // namespace asor::detail
