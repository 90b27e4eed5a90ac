// asor (internal): mixed-precision iterative refinement for compact storage.
//
// The sweeps relax the rounded system A_f x = c, A_f = float(A). Its
// solution is not A's: each correction c = b - (A - A_f) x makes the fixed
// point of the sweeps the x with A_f x' = b - (A - A_f) x, whose true
// residual is (A - A_f)(x - x'), smaller by about |A_f^-1 (A - A_f)| (float
// rounding times the condition number) than before. The iteration goes on
// from the corrected iterate; no restart from zero.
#pragma once

#include <limits>
#include <span>
#include <vector>

#include "asor/detail/compact_matrix.hpp"
#include "iteration.hpp"

namespace asor::detail {

class Refinement {
  public:
    /// For A (double), its compact form and b (`columns` right-hand sides,
    /// interleaved); all must outlive this.
    Refinement(CsrView a, const CompactMatrix& compact, std::span<const double> b, int threads,
               int columns = 1);

    /// The sweeps of the rounded system with the right-hand side corrected
    /// for x. The returned data points into this object.
    SweepData start(std::span<const double> x, double omega);

    /// After a verification found the true relative residual `residual` of x
    /// above the tolerance: corrects the right-hand side for x and returns
    /// true, unless the previous correction failed to reduce the true
    /// residual by a tenth (the rounding outweighs A's conditioning: the
    /// sweeps should go on in double) and then returns false.
    bool correct(std::span<const double> x, double residual);

    /// Whether corrections can change anything: not when A is exact in
    /// float32 (CompactMatrix::exact; across MPI ranks, on every rank).
    [[nodiscard]] bool needed() const noexcept { return needed_; }
    /// Across MPI ranks, before start(): whether A is exact in float32 on
    /// every rank, so that all ranks decide alike.
    void set_needed(bool needed);

    /// Corrections made by `correct`.
    [[nodiscard]] int corrections() const noexcept { return corrections_; }

  private:
    CsrView matrix_;
    const CompactMatrix& compact_;
    std::span<const double> b_;
    int threads_;
    int columns_;
    std::vector<double> rhs_;
    bool needed_;
    double residual_at_last_correction_ = std::numeric_limits<double>::infinity();
    int corrections_ = 0;
};

/// Sets the estimate's first target, for a relaxation whose round starts
/// at round.round_start_residual and must bring the true relative residual
/// under `tolerance`: a calibration stop at the square root of the
/// tolerance where that lies far between the two (round.calibrating then
/// set), else the tolerance. The sweeps' estimate is not the true residual
/// (it is taken row by row during the sweep), and their ratio settles
/// early; measured once at the calibration stop, it aims the final target
/// (aim_again), so that the solve neither runs sweeps past the tolerance
/// nor stops short of it. With compact storage the stop is also where the
/// first correction pays best: the rounded system's right-hand side is
/// then corrected long before the sweeps reach its rounding floor.
void aim_first(IterationRound& round, double tolerance);

/// After the estimate met its target and the verification found x's true
/// relative residual (report.relative_residual) above the tolerance: at
/// the calibration stop (round.calibrating, then cleared), aims at the
/// tolerance scaled by the ratio of the estimate to the true residual
/// found there, and with compact storage corrects the rounded system's
/// right-hand side. Otherwise, with compact storage (round.sweep.compact
/// set and a refinement), corrects the right-hand side and keeps the
/// target for the first correction, aims lower from the second on; once a
/// correction stops paying, makes the sweeps read the double A
/// (report.storage_fell_back). Otherwise aims lower. `refinement` may be null. round.x must be
/// consistent (across MPI ranks: ghosts equal to their owners' entries),
/// and every rank must see the same residual, so that all decide alike.
void aim_again(IterationRound& round, SolveReport& report, Refinement* refinement);

}  // namespace asor::detail
