// Multicolour SOR: rows of one colour are not coupled, so they are relaxed in
// parallel; colours follow each other, separated by barriers.
#include "synchronous_sweeps.hpp"

namespace asor::detail {

namespace {

// Thread `thread`'s contiguous share of the rows of one colour.
std::pair<Offset, Offset> share_of(const RowColoring& coloring, int color, int thread, int team) {
    const Offset begin = coloring.color_offsets[color];
    const Offset count = coloring.color_offsets[color + 1] - begin;
    return {begin + count * thread / team, begin + count * (thread + 1) / team};
}

}  // namespace

std::vector<RowBlock> color_shares(CsrView a, const RowColoring& coloring, int team) {
    std::vector<RowBlock> shares(static_cast<std::size_t>(team));
    for (int t = 0; t < team; ++t) {
        RowBlock& s = shares[t];
        for (int c = 0; c < coloring.colors(); ++c) {
            const auto [begin, end] = share_of(coloring, c, t, team);
            s.rows += static_cast<Index>(end - begin);
            for (Offset k = begin; k < end; ++k) {
                const Index row = coloring.rows[k];
                s.nonzeros += a.row_offsets[row + 1] - a.row_offsets[row];
            }
        }
    }
    return shares;
}

StopReason iterate_multicolor_sor(IterationRound& round, const RowColoring& coloring) {
    // Within a colour no row reads another's value: plain access is race-free.
    const ExclusiveView x{round.x.data()};
    return sweep_synchronously(
        round,
        [&](int thread, int team) {
            double residual_sq = 0.0;
            for (int c = 0; c < coloring.colors(); ++c) {
                const auto [begin, end] = share_of(coloring, c, thread, team);
                residual_sq += sweep_row_list(round.sweep, x, coloring.rows.data() + begin,
                                              static_cast<Index>(end - begin));
#pragma omp barrier
            }
            return residual_sq;
        },
        [] {});
}

}  // namespace asor::detail
