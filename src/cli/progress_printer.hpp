// asor CLI: the observers behind --progress and --history.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "asor/observer.hpp"

namespace asor::cli {

/// A live status line on stderr: estimated residual, sweeps, sweeps per
/// second, elapsed time and an ETA from the observed rate of decrease of the
/// residual's logarithm. Redraws at most ten times a second.
class ProgressLine {
  public:
    explicit ProgressLine(double tolerance) : tolerance_(tolerance) {}
    void update(const Progress& progress);
    /// Erases the line, so that the summary starts on a clean one.
    void clear();

  private:
    /// Seconds to the tolerance at the rate of decrease of log(residual)
    /// over the last few seconds; NaN while unknown or not decreasing.
    [[nodiscard]] double eta_seconds() const;

    struct Sample {
        double seconds;
        double log_residual;
    };
    double tolerance_;
    double last_drawn_ = -1.0;
    std::deque<Sample> recent_;  ///< one sample per quarter second, the last two seconds
    bool drawn_ = false;
};

/// Rows of time, estimated residual and sweeps (min and max over threads),
/// written as CSV at the end.
class History {
  public:
    void record(const Progress& progress);
    void write(const std::string& path) const;

  private:
    std::vector<Progress> rows_;
};

}  // namespace asor::cli
