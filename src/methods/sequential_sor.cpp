#include <cmath>

#include "iteration.hpp"

namespace asor::detail {

SweepData make_sweep_data(const LinearSystem& system, double omega) {
    CsrView a = system.matrix;
    return SweepData{a.row_offsets.data(),           a.col_indices.data(), a.values.data(),
                     system.inverse_diagonal.data(), system.rhs.data(),    omega};
}

SweepData make_sweep_data(const CompactMatrix& compact, std::span<const double> rhs, double omega) {
    SweepData data{nullptr, nullptr, nullptr, nullptr, rhs.data(), omega};
    data.compact = &compact;
    return data;
}

StopReason iterate_sequential_sor(IterationRound& round) {
    const RowBlock& block = round.blocks.front();
    BlockTally& stats = round.tallies.front();
    double* x = round.x.data();
    for (;;) {
        const auto sweep_start = Clock::now();
        const double residual_sq =
            sweep_rows(round.sweep, ExclusiveView{x}, block.first_row, block.end_row);
        stats.busy_seconds += seconds_since(sweep_start);
        ++stats.sweeps;
        const Progress progress{seconds_since(round.start),
                                std::sqrt(residual_sq) / round.system.rhs_norm,
                                round.initial_residual, stats.sweeps, stats.sweeps};
        if (auto reason = round.monitor.check_and_observe(progress)) return *reason;
    }
}

}  // namespace asor::detail
