// asor: symmetric SOR sweeps as a preconditioner for Krylov methods.
#pragma once

#include <span>
#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// z = M^-1 r approximated by `sweeps` symmetric SOR sweeps on A z = r from
/// z = 0, each a forward pass over the rows followed by a backward one (one
/// sweep is the classic SSOR preconditioner; omega 1 is symmetric
/// Gauss-Seidel). The map r -> z is linear, and for symmetric positive
/// definite A and 0 < omega < 2 it is symmetric positive definite too
/// (z = (I - G^k) A^-1 r, G the SSOR iteration matrix, whose A-norm is below
/// 1), so that conjugate gradient may use it. Sequential: a preconditioner
/// is applied once per Krylov iteration, between the products with A.
class SsorPreconditioner {
  public:
    /// Checks A as prepare_matrix does (square, every diagonal entry present
    /// and non-zero, no NaN, Inf or entry above 1e150: asor::Error, input),
    /// `sweeps` >= 1 and omega in (0, 2) (asor::Error, usage), and computes
    /// the inverse diagonal. Refers to `a` without copying it: it must
    /// outlive the preconditioner and not change.
    SsorPreconditioner(const CsrMatrix& a, int sweeps = 1, double omega = 1.0);

    /// z = M^-1 r. r and z have n entries (asor::Error, input, otherwise)
    /// and do not overlap (not checked). Allocates nothing; const, so
    /// several threads may apply one preconditioner to different vectors.
    void apply(std::span<const double> r, std::span<double> z) const;

    [[nodiscard]] int sweeps() const noexcept { return sweeps_; }
    [[nodiscard]] double omega() const noexcept { return omega_; }
    [[nodiscard]] Index rows() const noexcept { return a_->rows; }

  private:
    const CsrMatrix* a_;
    std::vector<double> inverse_diagonal_;
    int sweeps_;
    double omega_;
};

}  // namespace asor
