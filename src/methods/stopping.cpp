#include "asor/stopping.hpp"

#include <cmath>

namespace asor {

std::string_view to_string(StopReason reason) noexcept {
    switch (reason) {
        case StopReason::converged:
            return "converged";
        case StopReason::sweep_limit:
            return "sweep_limit";
        case StopReason::time_limit:
            return "time_limit";
        case StopReason::diverged:
            return "diverged";
        case StopReason::observer_stop:
            return "observer_stop";
        case StopReason::cancelled:
            return "cancelled";
    }
    return "unknown";
}

std::optional<StopReason> check_criteria(const StoppingCriteria& criteria, double target,
                                         const Progress& progress) noexcept {
    const double r = progress.estimated_residual;
    if (!std::isfinite(r)) return StopReason::diverged;
    if (r <= target) return StopReason::converged;
    const double start = progress.initial_residual > 0.0 ? progress.initial_residual : 1.0;
    if (r > criteria.divergence_factor * start) return StopReason::diverged;
    if (progress.sweeps_min >= criteria.max_sweeps) return StopReason::sweep_limit;
    if (progress.elapsed_seconds >= criteria.time_limit_seconds) return StopReason::time_limit;
    return std::nullopt;
}

}  // namespace asor
