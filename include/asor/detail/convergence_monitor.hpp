// asor: the one place where a running solve is judged.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "asor/observer.hpp"
#include "asor/snapshot.hpp"
#include "asor/stopping.hpp"

namespace asor {

/// Copies x for a snapshot when the monitor may not read it itself: async
/// workers write some entries of x with plain stores (the rows of their
/// block no other thread touches), which only their own worker may read
/// while they sweep. The monitor asks, the workers copy their blocks between
/// sweeps, and a later check collects the copy.
class IterateCopier {
  public:
    /// Asks for a copy of x into `out` (of x's size; the monitor keeps it
    /// until complete() or until it stops copying through this copier).
    /// Returns at once.
    virtual void request(std::span<double> out) noexcept = 0;
    /// True once every part of the copy asked for last is in `out`.
    [[nodiscard]] virtual bool complete() const noexcept = 0;
    /// Seconds the slowest part of the last complete copy took to copy.
    [[nodiscard]] virtual double seconds() const noexcept = 0;

  protected:
    ~IterateCopier() = default;
};

/// Combines the stopping criteria, the caller's observer and cancel flag.
/// Methods only sweep and report Progress; the monitor decides. Not
/// thread-safe: one thread at a time calls it (the monitor thread or worker
/// 0 for `async`, the solving thread for gs, sor and cg, one thread of the OpenMP
/// team between two sweeps for jacobi, multicolor and local).
class ConvergenceMonitor {
  public:
    /// `criteria` are copied and not checked (solve() checks them first). The
    /// observer may be empty; `cancel` may be null, else it must outlive the
    /// monitor. The observer is called at most once per
    /// `observer_interval_seconds` unless forced. The target starts at the
    /// tolerance. Throws nothing but std::bad_alloc.
    ConvergenceMonitor(const StoppingCriteria& criteria, Observer observer,
                       const std::atomic<bool>* cancel, double observer_interval_seconds);

    /// The relative residual the estimate must reach; tightened by solve() when
    /// a verification finds the true residual above the tolerance.
    void set_target(double target) noexcept { target_ = target; }
    [[nodiscard]] double target() const noexcept { return target_; }

    /// The estimated residual of the last check that found a reason to stop
    /// (NaN before one did): what the true residual of the verification
    /// after it is compared with, to aim the next target. Methods that check
    /// the criteria without check_and_observe record it with
    /// note_stopping_estimate.
    [[nodiscard]] double stopping_estimate() const noexcept { return stopping_estimate_; }
    void note_stopping_estimate(double estimate) noexcept { stopping_estimate_ = estimate; }

    /// Cancel flag (first), then check_criteria against target(): cheap enough
    /// to call after every sweep. No value while the solve should go on.
    [[nodiscard]] std::optional<StopReason> check(const Progress& progress) const noexcept;

    /// check(), then the observer if at least the observer interval has passed
    /// since its last call (always the first time, or with `force_observer`),
    /// then a snapshot if one is due (see keep_snapshots). Rethrows whatever
    /// the observer or the snapshot handler throws.
    [[nodiscard]] std::optional<StopReason> check_and_observe(const Progress& progress,
                                                              bool force_observer = false);

    /// From now on, check_and_observe also copies `x` when it finds no reason
    /// to stop: for `handler` (if any) at least `interval_seconds` apart, and
    /// on its own as often as keeps the copying under about 2% of the
    /// elapsed time, to keep the last iterate whose entries were all finite
    /// (x as it is now, to begin with). Other threads may write x meanwhile:
    /// it is read through std::atomic_ref. `x` must outlive the monitor's
    /// use; `interval_seconds` is in seconds, > 0 (not checked). Costs two
    /// vectors of x's size; throws nothing but std::bad_alloc.
    void keep_snapshots(std::span<double> x, SnapshotHandler handler, double interval_seconds);

    /// From now on (until called again), snapshots are asked of `copier`
    /// instead of copied by the monitor: a check asks, a later check that
    /// finds the copy complete keeps it and calls the handler. Null: the
    /// monitor copies x itself, at once. A copy asked for and not complete
    /// is dropped.
    void copy_through(IterateCopier* copier) noexcept {
        copier_ = copier;
        copy_pending_ = false;
    }

    /// For methods that alternate between two buffers: the iterate now lives
    /// in `x` (of the same size as the one given to keep_snapshots).
    void move_iterate(std::span<double> x) noexcept {
        if (!x_.empty()) x_ = x;
    }

    /// The last copy of x with every entry finite (empty before
    /// keep_snapshots), and the sweeps of the slowest thread when it was taken.
    /// The span is valid until the next check_and_observe or keep_snapshots.
    [[nodiscard]] std::span<const double> last_finite_iterate() const noexcept {
        return last_finite_;
    }
    [[nodiscard]] std::uint64_t last_finite_sweeps() const noexcept { return last_finite_sweeps_; }

    [[nodiscard]] const StoppingCriteria& criteria() const noexcept { return criteria_; }

  private:
    void take_snapshot_if_due(const Progress& progress);
    /// The copy in copy_, taken at `progress`, becomes the last finite one
    /// (if it is) and goes to the handler (if due).
    void keep_copy(bool finite, const Progress& progress, bool handler_due);

    StoppingCriteria criteria_;
    Observer observer_;
    const std::atomic<bool>* cancel_;
    double observer_interval_;
    double target_;
    double stopping_estimate_ = std::numeric_limits<double>::quiet_NaN();
    double last_observed_ = -1.0;

    std::span<double> x_;
    SnapshotHandler snapshot_handler_;
    double snapshot_interval_ = 0.0;
    double last_handled_ = 0.0;  ///< elapsed seconds at the handler's last call
    double last_copied_ = 0.0;   ///< elapsed seconds at the last copy
    double copy_seconds_ = 0.0;  ///< how long the last copy took
    std::vector<double> copy_;   ///< the copy being taken
    std::vector<double> last_finite_;
    std::uint64_t last_finite_sweeps_ = 0;
    IterateCopier* copier_ = nullptr;
    bool copy_pending_ = false;  ///< copier_ is copying into copy_
    Progress pending_progress_;  ///< the check that asked for it
    bool pending_handler_due_ = false;
};

}  // namespace asor
