#include "refinement.hpp"

#include <algorithm>
#include <cmath>

namespace asor::detail {

// A correction that leaves the true residual above this share of the one
// before it is not converging: what is left is the rounding of A itself.
constexpr double kLeastReduction = 0.9;

Refinement::Refinement(CsrView a, const CompactMatrix& compact, std::span<const double> b,
                       int threads, int columns)
    : matrix_(a),
      compact_(compact),
      b_(b),
      threads_(threads),
      columns_(columns),
      rhs_(compact.exact ? 0 : b.size()),
      needed_(!compact.exact) {}

void Refinement::set_needed(bool needed) {
    needed_ = needed;
    rhs_.resize(needed ? b_.size() : 0);
}

SweepData Refinement::start(std::span<const double> x, double omega) {
    // With A exact in float32 the sweeps read b itself: no copy, no
    // correction ever.
    if (!needed_) {
        SweepData data = make_sweep_data(compact_, b_, omega);
        data.columns = columns_;
        return data;
    }
    // From x = 0 the correction is b itself: no pass over A.
    if (std::all_of(x.begin(), x.end(), [](double v) { return v == 0.0; })) {
        std::copy(b_.begin(), b_.end(), rhs_.begin());
    } else {
        refine_rhs(matrix_, b_, x, rhs_, threads_, columns_);
    }
    SweepData data = make_sweep_data(compact_, rhs_, omega);
    data.columns = columns_;
    return data;
}

bool Refinement::correct(std::span<const double> x, double residual) {
    if (!(residual < kLeastReduction * residual_at_last_correction_)) return false;
    residual_at_last_correction_ = residual;
    refine_rhs(matrix_, b_, x, rhs_, threads_, columns_);
    ++corrections_;
    return true;
}

// The calibration stop comes only where it leaves at least this factor
// of reduction on either side of it (tolerance 1e-4 or below from 1).
constexpr double kLeastCalibrationSpan = 100.0;

// How far the calibrated target may move from the tolerance, either way:
// a ratio measured on a stale or mixed estimate (async, across ranks), or
// with compact storage on a residual that the rounding already dominates,
// must neither stop the sweeps far short nor run them far past; a
// verification that fails aims lower anyway. kCalibrationMargin keeps the
// aim below the tolerance, for a ratio that drifts between the two stops.
constexpr double kMostCalibration = 4.0;
constexpr double kCalibrationMargin = 0.7;

void aim_first(IterationRound& round, double tolerance) {
    const double stop = std::sqrt(tolerance);
    round.calibrating = stop >= kLeastCalibrationSpan * tolerance &&
                        round.round_start_residual >= kLeastCalibrationSpan * stop;
    round.monitor.set_target(round.calibrating ? stop : tolerance);
}

namespace {

// The final target: the tolerance, scaled by how much smaller (or larger)
// the true residual was than the estimate at the calibration stop.
double calibrated_target(double tolerance, double estimate, double true_residual) {
    if (!(estimate > 0.0) || !(true_residual > 0.0)) return tolerance;
    const double scale = kCalibrationMargin * estimate / true_residual;
    return tolerance * std::clamp(scale, 1.0 / kMostCalibration, kMostCalibration);
}

/// Whether the round sweeps a rounded A that `refinement` corrects for.
bool corrects(const IterationRound& round, const Refinement* refinement) {
    return refinement != nullptr && refinement->needed() && round.sweep.compact != nullptr;
}

}  // namespace

// With compact storage the gap is first of all A's rounding: correct the
// rounded system's right-hand side before aiming lower.
void aim_again(IterationRound& round, SolveReport& report, Refinement* refinement) {
    round.round_start_residual = report.relative_residual;
    if (round.calibrating) {
        round.calibrating = false;
        if (corrects(round, refinement)) refinement->correct(round.x, report.relative_residual);
        round.monitor.set_target(calibrated_target(
            report.tolerance, round.monitor.stopping_estimate(), report.relative_residual));
        return;
    }
    bool tighten = true;
    if (corrects(round, refinement)) {
        if (refinement->correct(round.x, report.relative_residual)) {
            tighten = refinement->corrections() > 1;
        } else {
            const SweepData rounded = round.sweep;
            round.sweep = make_sweep_data(round.system, rounded.omega);
            round.sweep.columns = rounded.columns;
            round.sweep.lower = rounded.lower;
            round.sweep.upper = rounded.upper;
            report.storage_fell_back = true;
        }
    }
    if (tighten) {
        round.monitor.set_target(
            tighter_target(round.monitor.target(), report.tolerance, report.relative_residual));
    }
}

}  // namespace asor::detail
