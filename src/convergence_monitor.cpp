#include "asor/convergence_monitor.hpp"

#include <utility>

namespace asor {

ConvergenceMonitor::ConvergenceMonitor(const StoppingCriteria& criteria, Observer observer,
                                       const std::atomic<bool>* cancel,
                                       double observer_interval_seconds)
    : criteria_(criteria),
      observer_(std::move(observer)),
      cancel_(cancel),
      observer_interval_(observer_interval_seconds),
      target_(criteria.tolerance) {}

std::optional<StopReason> ConvergenceMonitor::check(const Progress& progress) const noexcept {
    if (cancel_ != nullptr && cancel_->load(std::memory_order_acquire)) {
        return StopReason::cancelled;
    }
    return check_criteria(criteria_, target_, progress);
}

std::optional<StopReason> ConvergenceMonitor::check_and_observe(const Progress& progress,
                                                                bool force_observer) {
    if (auto reason = check(progress)) return reason;
    if (!observer_) return std::nullopt;
    if (!force_observer && last_observed_ >= 0.0 &&
        progress.elapsed_seconds - last_observed_ < observer_interval_) {
        return std::nullopt;
    }
    last_observed_ = progress.elapsed_seconds;
    if (observer_(progress) == ObserverAction::stop) return StopReason::observer_stop;
    return std::nullopt;
}

}  // namespace asor
