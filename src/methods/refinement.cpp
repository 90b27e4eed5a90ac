#include "refinement.hpp"

#include <algorithm>

namespace asor::detail {

// A correction that leaves the true residual above this share of the one
// before it is not converging: what is left is the rounding of A itself.
constexpr double kLeastReduction = 0.9;

Refinement::Refinement(CsrView a, const CompactMatrix& compact, std::span<const double> b,
                       int threads, int columns)
    : matrix_(a), compact_(compact), b_(b), threads_(threads), columns_(columns), rhs_(b.size()) {}

SweepData Refinement::start(std::span<const double> x, double omega) {
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

// With compact storage the gap is first of all A's rounding: correct the
// rounded system's right-hand side before aiming lower.
void aim_again(IterationRound& round, SolveReport& report, Refinement* refinement) {
    bool tighten = true;
    if (refinement != nullptr && round.sweep.compact != nullptr) {
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
    round.round_start_residual = report.relative_residual;
}

}  // namespace asor::detail
