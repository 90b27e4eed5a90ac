// asor: when a solve stops, as data rather than an if chain in each method.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace asor {

/// Why a solve stopped. The CLI maps it to an exit code.
enum class StopReason {
    converged,      ///< the residual reached the tolerance
    sweep_limit,    ///< max_sweeps reached without convergence
    time_limit,     ///< time_limit reached without convergence
    diverged,       ///< NaN/Inf, or growth past divergence_factor times the start
    observer_stop,  ///< the observer asked the solve to stop
    cancelled,      ///< the caller's cancel flag was raised
};

/// Lower-case name used in reports ("converged", "sweep_limit", ...);
/// "unknown" for a value that is no enumerator.
std::string_view to_string(StopReason reason) noexcept;

/// What the monitor knows at one check. Residuals are relative to ||b||_2.
struct Progress {
    double elapsed_seconds = 0.0;  ///< wall time since the solve started, setup included
    /// An estimate while iterating (from the sweeps' own row residuals, which
    /// come from different moments); drives decisions, never reports.
    double estimated_residual = 0.0;
    double initial_residual = 0.0;  ///< true relative residual of x0
    std::uint64_t sweeps_min = 0;   ///< sweeps completed by the slowest thread
    std::uint64_t sweeps_max = 0;   ///< sweeps completed by the fastest thread
};

/// The limits every method honours.
struct StoppingCriteria {
    double tolerance = 1e-8;  ///< on ||b - A x||_2 / ||b||_2, > 0 and finite
    /// Sweep limit, judged on the slowest thread (every row relaxed this
    /// often); >= 1. Iterations for cg.
    std::uint64_t max_sweeps = 10000;
    /// Wall-clock limit in seconds since the start, > 0 (infinity: none).
    double time_limit_seconds = std::numeric_limits<double>::infinity();
    /// Diverged when the residual exceeds this many times the initial one
    /// (or this many times 1 from an initial residual of 0); > 1.
    double divergence_factor = 1e8;
};

/// Applies the criteria to one observation, with `target` the residual the
/// estimate must reach (the tolerance, or tighter after a failed
/// verification). Returns no value while the solve should go on; otherwise,
/// in this order of precedence: diverged for a NaN or Inf estimate,
/// converged at or below `target`, diverged past the divergence factor,
/// sweep_limit when sweeps_min reaches max_sweeps, time_limit. The criteria
/// are not checked here (solve() checks them). Pure; thread-safe.
std::optional<StopReason> check_criteria(const StoppingCriteria& criteria, double target,
                                         const Progress& progress) noexcept;

}  // namespace asor
