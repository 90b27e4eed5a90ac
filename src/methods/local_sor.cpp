// Processor-local SOR on one process: the synchronous twin of async (the
// sweeps are in local_sor.hpp, shared with MPI ranks).
#include "local_sor.hpp"

namespace asor::detail {

StopReason iterate_local_sor(IterationRound& round) {
    return local_sor_sweeps(
        round, [](std::span<double>) {},
        [&round](const Progress& progress) { return round.monitor.check_and_observe(progress); });
}

}  // namespace asor::detail
