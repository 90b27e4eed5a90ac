#include "asor/detail/convergence_monitor.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <utility>

namespace asor {

namespace {

// Copying x costs about a tenth of a sweep. Keeping the last finite iterate
// copies it at most once per this many copy durations: under 2% of the time.
constexpr double kElapsedPerCopyTime = 50.0;

// Copies x, which workers may be writing, into `out`; false if an entry is
// not finite.
bool copy_iterate(std::span<double> x, std::vector<double>& out) {
    bool finite = true;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double v = std::atomic_ref<double>(x[i]).load(std::memory_order_relaxed);
        out[i] = v;
        finite &= std::isfinite(v);
    }
    return finite;
}

}  // namespace

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
    if (auto reason = check(progress)) {
        stopping_estimate_ = progress.estimated_residual;
        return reason;
    }
    const bool observer_due =
        observer_ && (force_observer || last_observed_ < 0.0 ||
                      progress.elapsed_seconds - last_observed_ >= observer_interval_);
    if (observer_due) {
        last_observed_ = progress.elapsed_seconds;
        if (observer_(progress) == ObserverAction::stop) return StopReason::observer_stop;
    }
    take_snapshot_if_due(progress);
    return std::nullopt;
}

void ConvergenceMonitor::keep_snapshots(std::span<double> x, SnapshotHandler handler,
                                        double interval_seconds) {
    x_ = x;
    snapshot_handler_ = std::move(handler);
    snapshot_interval_ = interval_seconds;
    copy_.assign(x.size(), 0.0);
    last_finite_.resize(x.size());
    copy_iterate(x, last_finite_);
    last_finite_sweeps_ = 0;
    last_handled_ = last_copied_ = copy_seconds_ = 0.0;
    copy_pending_ = false;
}

void ConvergenceMonitor::take_snapshot_if_due(const Progress& progress) {
    if (x_.empty()) return;
    if (copy_pending_) {
        if (!copier_->complete()) return;
        copy_pending_ = false;
        copy_seconds_ = copier_->seconds();
        const bool finite =
            std::all_of(copy_.begin(), copy_.end(), [](double v) { return std::isfinite(v); });
        keep_copy(finite, pending_progress_, pending_handler_due_);
        return;
    }
    const double now = progress.elapsed_seconds;
    const bool handler_due = snapshot_handler_ && now - last_handled_ >= snapshot_interval_;
    const bool keeping_due = now - last_copied_ >= kElapsedPerCopyTime * copy_seconds_;
    if (!handler_due && !keeping_due) return;
    last_copied_ = now;
    if (copier_ != nullptr) {
        copy_pending_ = true;
        pending_progress_ = progress;
        pending_handler_due_ = handler_due;
        copier_->request(copy_);
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    const bool finite = copy_iterate(x_, copy_);
    copy_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    keep_copy(finite, progress, handler_due);
}

void ConvergenceMonitor::keep_copy(bool finite, const Progress& progress, bool handler_due) {
    // A copy with a NaN or Inf is neither kept nor handed out: the solve is
    // about to stop as diverged, and the last finite copy is what is left.
    if (!finite) return;
    copy_.swap(last_finite_);
    last_finite_sweeps_ = progress.sweeps_min;
    if (handler_due) {
        last_handled_ = progress.elapsed_seconds;
        snapshot_handler_(Snapshot{last_finite_, progress});
    }
}

}  // namespace asor
