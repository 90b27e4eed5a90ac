// asor: a solver prepared once for a matrix, then applied to any number of
// right-hand sides.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/matrix_market.hpp"
#include "asor/omega_choice.hpp"
#include "asor/reordering.hpp"
#include "asor/solve.hpp"

namespace asor {

/// Asynchronous SOR (or another Method) prepared for one matrix and one set
/// of options, as Eigen's iterative solvers are prepared by compute(A):
///
///     asor::Solver solver(a, options);      // checks, inverse diagonal, blocks, omega
///     for (auto& [b, x] : systems) {
///         asor::SolveReport r = solver.solve(b, x);
///     }
///
/// The setup checks the options (asor::Error, usage) and A (asor::Error,
/// input: not square, a zero or missing diagonal entry, an entry above
/// 1e150, NaN or Inf; bad bounds, see make_box; for cg, a matrix that is not
/// symmetric), computes the inverse diagonal, the row blocks, the colouring
/// for multicolor, Eigen's copy of A for cg, with options.auto_omega the
/// omega estimate, and with options.reorder the reordered copy of A (the
/// solver then iterates on it; every vector it takes or hands out stays in
/// the caller's order). Its time is setup_seconds(), reported apart in every
/// SolveReport. The solver refers to A's arrays (a CsrMatrix's, or any
/// others through a CsrView) and to the options' bounds without copying
/// them: they must outlive it and not change. Only options.reorder
/// (P A P^T), compact storage (A in float32, SolveOptions::storage) and cg
/// (Eigen's copy of A) make copies of A, which the solver owns; every other
/// method and option reads A's arrays in place. One solve at a time
/// per Solver; distinct Solvers may solve concurrently (but cg sets Eigen's
/// process-wide thread count while it runs).
/// The back-off of auto omega (SolveOptions::auto_omega), as Solver runs it:
/// calls `attempt(w)`, which solves from the same starting x at omega w and
/// returns its SolveReport, first at `omega`; while an attempt of a method
/// that backs off (backs_off_on_divergence: async, local) diverges, tries
/// again at backed_off_omega(w), at most kMaxBackoffs times and never below
/// omega 1. Returns the last report, its `seconds` summed over the attempts
/// and `diverged_at` listing the omegas that diverged.
template <class Attempt>
SolveReport solve_backing_off(Method method, double omega, Attempt&& attempt) {
    std::vector<double> diverged_at;
    double seconds = 0.0;
    for (int tries = 0;; ++tries) {
        SolveReport report = attempt(omega);
        seconds += report.seconds;
        if (!backs_off_on_divergence(method) || report.reason != StopReason::diverged ||
            tries == kMaxBackoffs || omega <= 1.0) {
            report.seconds = seconds;
            report.diverged_at = std::move(diverged_at);
            return report;
        }
        diverged_at.push_back(omega);
        omega = backed_off_omega(omega);
    }
}

class Solver {
  public:
    explicit Solver(CsrView a, const SolveOptions& options = {});
    /// Refused: the solver would refer to a temporary matrix's arrays.
    explicit Solver(CsrMatrix&& a, const SolveOptions& options = {}) = delete;
    ~Solver();
    Solver(Solver&&) noexcept;
    Solver& operator=(Solver&&) noexcept;
    Solver(const Solver&) = delete;
    Solver& operator=(const Solver&) = delete;

    /// Solves A x = b from the x given (n entries; zeros for no guess),
    /// leaving the final iterate in x whatever the outcome, or for a
    /// diverged solve the last finite iterate (SolveReport::restored_last_finite).
    /// With options.auto_omega, async and local back off after a divergence;
    /// with options.fallback, a failed async solve is repeated by sequential
    /// SOR where A is SPD (SolveOptions::fallback). Throws asor::Error (input)
    /// for a b or x of the wrong length or with NaN, Inf or entries above
    /// 1e150 (see check_rhs, check_initial_guess); std::bad_alloc if the
    /// working vectors do not fit; rethrows what the observer or the
    /// snapshot handler throws. Does not throw for non-convergence or
    /// divergence: the report says so. x must not overlap b or the bounds.
    SolveReport solve(std::span<const double> b, std::span<double> x);

    /// Solves A X = B for every column of B (n rows, k columns), each from
    /// the same column of X and left there, as solve(b, x) would, but for a
    /// method that relaxes rows (every one but cg) and no bounds, up to 4
    /// columns are swept together: each row of A is then read once for all
    /// of them. Each column is scaled to unit norm for the sweeps (so that
    /// the monitor's estimate weighs them alike) and must meet the tolerance
    /// on its own. One report per column: the columns of a group share its
    /// sweeps, seconds, threads and fallback, and SolveReport::columns_together
    /// says how many; the residuals and `converged` are the column's own. The
    /// observer sees the group's estimate; no snapshot is taken of a group.
    /// Stops after a group the observer or the cancel flag stopped: the
    /// reports are then fewer than the columns, and the rest of X is left
    /// as given. Throws as solve(b, x), and asor::Error (input) unless B and
    /// X have n rows and as many columns. The solver keeps the interleaved
    /// copies of a group (16 bytes per row and column) for the next call.
    std::vector<SolveReport> solve(const DenseMatrix& b, DenseMatrix& x);

    /// Seconds spent preparing, once, in the constructor.
    [[nodiscard]] double setup_seconds() const noexcept;
    /// The omega of the first attempt of every solve (1 for gs, NaN for cg).
    [[nodiscard]] double omega() const noexcept;
    /// How omega was chosen, with options.auto_omega.
    [[nodiscard]] const std::optional<OmegaChoice>& omega_choice() const noexcept;
    [[nodiscard]] const SolveOptions& options() const noexcept;
    /// A as given: a view of the caller's arrays (not of the reordered copy).
    [[nodiscard]] CsrView matrix() const noexcept;
    /// What options.reorder did at setup.
    [[nodiscard]] const ReorderingReport& reordering() const noexcept;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace asor
