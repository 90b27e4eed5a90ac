// asor CLI: exit codes, the same for every command.
#pragma once

#include "asor/solve.hpp"

namespace asor::cli {

enum ExitCode : int {
    kConverged = 0,     ///< the true residual met the tolerance
    kNotConverged = 1,  ///< a sweep or time limit, or a stop, came first; x is still written
    kBadInput = 2,      ///< bad usage or bad input
    kDiverged = 3,      ///< NaN/Inf or growth past 1e8 times the initial residual
    /// Across MPI ranks: a rank sent no heartbeat for --rank-timeout seconds
    /// (stopped, hung, cut off); the rank that noticed ends the job.
    kRankSilent = 4,
};

inline int exit_code_for(const SolveReport& report) {
    if (report.converged) return kConverged;
    return report.reason == StopReason::diverged ? kDiverged : kNotConverged;
}

}  // namespace asor::cli
