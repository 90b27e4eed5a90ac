#include "progress_printer.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>

#include "asor/atomic_file.hpp"

namespace asor::cli {

namespace {

std::string eta_text(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0.0) return "?";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1fs", seconds);
    return buf;
}

}  // namespace

void ProgressLine::update(const Progress& p) {
    if (last_drawn_ >= 0.0 && p.elapsed_seconds - last_drawn_ < 0.1) return;
    const double log_r = std::log(p.estimated_residual);
    // Measure the rate over the last few seconds: early transients say little.
    if (reference_time_ < 0.0 || p.elapsed_seconds - reference_time_ > 5.0) {
        if (reference_time_ >= 0.0 || p.sweeps_min > 0) {
            reference_time_ = p.elapsed_seconds;
            reference_log_residual_ = log_r;
        }
    }
    double eta = NAN;
    const double dt = p.elapsed_seconds - reference_time_;
    if (reference_time_ >= 0.0 && dt > 0.05) {
        const double slope = (log_r - reference_log_residual_) / dt;
        if (slope < 0.0) eta = (std::log(tolerance_) - log_r) / slope;
    }
    const double rate = p.elapsed_seconds > 0.0 ? p.sweeps_max / p.elapsed_seconds : 0.0;
    std::fprintf(stderr,
                 "\r\033[K  residual %.3e  sweeps %llu-%llu  %.0f sweeps/s  elapsed %.1fs  ETA %s",
                 p.estimated_residual, static_cast<unsigned long long>(p.sweeps_min),
                 static_cast<unsigned long long>(p.sweeps_max), rate, p.elapsed_seconds,
                 eta_text(eta).c_str());
    std::fflush(stderr);
    last_drawn_ = p.elapsed_seconds;
    drawn_ = true;
}

void ProgressLine::clear() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
}

void History::record(const Progress& progress) { rows_.push_back(progress); }

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
