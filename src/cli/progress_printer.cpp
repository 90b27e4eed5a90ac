#include "progress_printer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "asor/detail/atomic_file.hpp"

namespace asor::cli {

namespace {

std::string eta_text(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0.0) return "?";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1fs", seconds);
    return buf;
}

}  // namespace

double ProgressLine::eta_seconds() const {
    if (recent_.size() < 2) return NAN;
    const Sample& first = recent_.front();
    const Sample& last = recent_.back();
    const double slope = (last.log_residual - first.log_residual) / (last.seconds - first.seconds);
    return slope < 0.0 ? (std::log(tolerance_) - last.log_residual) / slope : NAN;
}

void ProgressLine::update(const Progress& p) {
    // The rate is measured over the last two seconds only: early transients
    // and a stagnating tail say little about what comes next.
    if (recent_.empty() || p.elapsed_seconds - recent_.back().seconds >= 0.25) {
        recent_.push_back({p.elapsed_seconds, std::log(p.estimated_residual)});
        if (recent_.size() > 9) recent_.pop_front();
    }
    if (last_drawn_ >= 0.0 && p.elapsed_seconds - last_drawn_ < 0.1) return;
    const double rate = p.elapsed_seconds > 0.0 ? p.sweeps_max / p.elapsed_seconds : 0.0;
    std::fprintf(stderr,
                 "\r\033[K  residual %.3e  sweeps %llu-%llu  %.0f sweeps/s  elapsed %.1fs  ETA %s",
                 p.estimated_residual, static_cast<unsigned long long>(p.sweeps_min),
                 static_cast<unsigned long long>(p.sweeps_max), rate, p.elapsed_seconds,
                 eta_text(eta_seconds()).c_str());
    std::fflush(stderr);
    last_drawn_ = p.elapsed_seconds;
    drawn_ = true;
}

void ProgressLine::clear() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
}

void History::record(const Progress& progress) {
    // Every check at first, then sparser as the solve goes on (at most one
    // row in a thousandth of the elapsed time, and one a second), so that an
    // hours-long solve keeps thousands of rows, not millions.
    const double gap = std::min(1.0, progress.elapsed_seconds / 1000.0);
    if (!rows_.empty() && progress.elapsed_seconds - rows_.back().elapsed_seconds < gap) return;
    rows_.push_back(progress);
}

void History::write(const std::string& path) const {
    write_file_atomically(path, [this](std::ostream& out) {
        out << "seconds,estimated_residual,sweeps_min,sweeps_max\n";
        char line[128];
        for (const Progress& p : rows_) {
            std::snprintf(line, sizeof line, "%.6f,%.6e,%llu,%llu\n", p.elapsed_seconds,
                          p.estimated_residual, static_cast<unsigned long long>(p.sweeps_min),
                          static_cast<unsigned long long>(p.sweeps_max));
            out << line;
        }
    });
}

}  // namespace asor::cli
