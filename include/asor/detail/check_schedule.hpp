// asor: when the monitor of asynchronous SOR looks at the workers next.
#pragma once

#include <algorithm>
#include <cstdint>

namespace asor::detail {

/// The monitor of `async` waits between checks, and after the
/// workers converge they sweep on until its next check. This decides how
/// long it waits: first kFloorSeconds, then about kSweepsBetweenChecks
/// sweeps of the slowest block at the pace measured since the last check at
/// which that block had progressed, never less than kFloorSeconds (unless
/// the ceiling is less) and never more than the ceiling, the caller's
/// SolveOptions::monitor_interval_seconds. While the slowest block completes
/// no sweep the wait doubles, up to the ceiling. So a problem whose sweeps
/// take microseconds is judged every few sweeps, and a large one once per
/// ceiling as before. Plain arithmetic on what the monitor passes in; not
/// thread-safe (one monitor owns it).
class CheckSchedule {
  public:
    /// The shortest wait: a wake-up costs the monitor a few microseconds of
    /// a core that a worker might use.
    static constexpr double kFloorSeconds = 50e-6;
    /// Sweeps of the slowest block between two checks: about the most that
    /// run after convergence before a check sees it.
    static constexpr double kSweepsBetweenChecks = 4.0;

    /// `ceiling_seconds` > 0; the round starts at `elapsed_seconds` with the
    /// slowest block at `sweeps`.
    CheckSchedule(double ceiling_seconds, double elapsed_seconds, std::uint64_t sweeps) noexcept
        : ceiling_(ceiling_seconds),
          floor_(std::min(kFloorSeconds, ceiling_seconds)),
          wait_(floor_),
          anchor_seconds_(elapsed_seconds),
          anchor_sweeps_(sweeps) {}

    /// Seconds to sleep before the next check.
    [[nodiscard]] double wait() const noexcept { return wait_; }

    /// A check at `elapsed_seconds` found the slowest block at `sweeps`.
    void checked(double elapsed_seconds, std::uint64_t sweeps) noexcept {
        if (sweeps <= anchor_sweeps_) {
            wait_ = std::min(2.0 * wait_, ceiling_);
            return;
        }
        const double per_sweep =
            (elapsed_seconds - anchor_seconds_) / static_cast<double>(sweeps - anchor_sweeps_);
        wait_ = std::clamp(kSweepsBetweenChecks * per_sweep, floor_, ceiling_);
        anchor_seconds_ = elapsed_seconds;
        anchor_sweeps_ = sweeps;
    }

  private:
    double ceiling_;
    double floor_;
    double wait_;
    double anchor_seconds_;  ///< elapsed seconds when the slowest block last progressed
    std::uint64_t anchor_sweeps_;
};

}  // namespace asor::detail
