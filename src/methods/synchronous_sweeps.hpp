// asor (internal): the driver shared by the synchronous parallel methods.
#pragma once

#include <omp.h>

#include <cmath>
#include <exception>
#include <optional>
#include <vector>

#include "iteration.hpp"

namespace asor::detail {

/// A value in a cache line of its own, so that threads writing neighbouring
/// slots do not invalidate each other's lines.
struct alignas(64) PaddedDouble {
    double value = 0.0;
};

/// Runs synchronous sweeps on up to round.blocks.size() OpenMP threads
/// until `decide` says stop. In each sweep every thread calls
/// `part(thread, team)`, its share of the sweep, which returns its share of
/// the squared residual and may hold barriers of its own; then all threads
/// meet, and one of them runs `between()` (e.g. swapping buffers), sums the
/// shares and asks `decide(progress)` (an optional StopReason); all act on
/// its answer. What `between` or `decide` throws ends the sweeps and is
/// rethrown once the threads have left the parallel region. Unlike async, every sweep ends at a
/// barrier: a thread that loses its core holds up the rest.
template <class Part, class Between, class Decide>
StopReason sweep_synchronously(IterationRound& round, Part&& part, Between&& between,
                               Decide&& decide) {
    const int team = static_cast<int>(round.blocks.size());
    std::vector<PaddedDouble> residual_sq(static_cast<std::size_t>(team));
    std::vector<PaddedDouble> busy(static_cast<std::size_t>(team));
    std::uint64_t sweeps = round.tallies.front().sweeps;
    int granted_team = 1;
    std::optional<StopReason> decision;
    std::exception_ptr error;
#pragma omp parallel num_threads(team)
    {
        const int thread = omp_get_thread_num();
        const int granted = omp_get_num_threads();
#pragma omp single
        granted_team = granted;
        while (!decision) {
            const auto start = Clock::now();
            residual_sq[thread].value = part(thread, granted);
            busy[thread].value += seconds_since(start);
#pragma omp barrier
#pragma omp single
            {
                double sum = 0.0;
                for (int t = 0; t < granted; ++t) sum += residual_sq[t].value;
                ++sweeps;
                const Progress progress{seconds_since(round.start),
                                        std::sqrt(sum) / round.system.rhs_norm,
                                        round.initial_residual, sweeps, sweeps};
                try {
                    between();
                    decision = decide(progress);
                } catch (...) {
                    error = std::current_exception();
                    decision = StopReason::cancelled;
                }
            }  // the single's barrier publishes `decision` to every thread
        }
    }
    if (error) std::rethrow_exception(error);
    for (int t = 0; t < team; ++t) {
        round.tallies[t].sweeps = sweeps;
        round.tallies[t].busy_seconds += busy[t].value;
    }
    round.threads_granted = std::max(round.threads_granted, granted_team);
    return *decision;
}

/// The same, deciding by the round's monitor.
template <class Part, class Between>
StopReason sweep_synchronously(IterationRound& round, Part&& part, Between&& between) {
    return sweep_synchronously(round, part, between, [&round](const Progress& progress) {
        return round.monitor.check_and_observe(progress);
    });
}

}  // namespace asor::detail
