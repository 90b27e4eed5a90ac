// asor: the one place where a running solve is judged.
#pragma once

#include <atomic>
#include <optional>

#include "asor/observer.hpp"
#include "asor/stopping.hpp"

namespace asor {

/// Combines the stopping criteria, the caller's observer and cancel flag.
/// Methods only sweep and report Progress; the monitor decides. Not
/// thread-safe: one thread at a time calls it (the monitor thread for
/// `async`, the solving thread for sequential methods).
class ConvergenceMonitor {
  public:
    ConvergenceMonitor(const StoppingCriteria& criteria, Observer observer,
                       const std::atomic<bool>* cancel, double observer_interval_seconds);

    /// The residual the estimate must reach; tightened by solve() when a
    /// verification finds the true residual above the tolerance.
    void set_target(double target) noexcept { target_ = target; }
    [[nodiscard]] double target() const noexcept { return target_; }

    /// Criteria and cancel flag only: cheap enough to call after every sweep.
    [[nodiscard]] std::optional<StopReason> check(const Progress& progress) const noexcept;

    /// Criteria, cancel flag, then the observer if at least the observer
    /// interval has passed since its last call (or `force_observer`).
    [[nodiscard]] std::optional<StopReason> check_and_observe(const Progress& progress,
                                                              bool force_observer = false);

    [[nodiscard]] const StoppingCriteria& criteria() const noexcept { return criteria_; }

  private:
    StoppingCriteria criteria_;
    Observer observer_;
    const std::atomic<bool>* cancel_;
    double observer_interval_;
    double target_;
    double last_observed_ = -1.0;
};

}  // namespace asor
