// asor: symmetric SOR sweeps as a preconditioner for Krylov methods, in
// order (SsorPreconditioner) or by asynchronous threads
// (AsyncSsorPreconditioner).
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
    /// the inverse diagonal. Refers to A's arrays without copying them: they
    /// must outlive the preconditioner and not change.
    SsorPreconditioner(CsrView a, int sweeps = 1, double omega = 1.0);
    /// Refused: the preconditioner would refer to a temporary matrix's arrays.
    SsorPreconditioner(CsrMatrix&& a, int sweeps = 1, double omega = 1.0) = delete;

    /// z = M^-1 r. r and z have n entries (asor::Error, input, otherwise)
    /// and do not overlap (not checked). Allocates nothing; const, so
    /// several threads may apply one preconditioner to different vectors.
    void apply(std::span<const double> r, std::span<double> z) const;

    [[nodiscard]] int sweeps() const noexcept { return sweeps_; }
    [[nodiscard]] double omega() const noexcept { return omega_; }
    [[nodiscard]] Index rows() const noexcept { return a_.rows; }

  private:
    CsrView a_;
    std::vector<double> inverse_diagonal_;
    int sweeps_;
    double omega_;
};

/// The asynchronous variant: z from `sweeps` symmetric SOR sweeps on
/// A z = r from z = 0, the rows split into contiguous blocks, one per
/// thread, balanced by non-zeros (RowPartition). Each thread sweeps its own
/// block forward then backward, `sweeps` times, with no barrier between
/// sweeps, reading the other blocks' entries of z as their threads leave
/// them (relaxed atomics, as the async method). One sweep costs one
/// sequential sweep's work divided among the threads.
///
/// Not a fixed operator: what a thread reads of another block depends on how
/// far that thread has got, so two applications to the same r may give
/// different z (within each block the sweeps are SSOR's; with one thread
/// it is SsorPreconditioner exactly), and the map is neither symmetric nor
/// exactly linear. Conjugate gradient's theory does not cover it; a
/// flexible Krylov method does (flexible GMRES keeps the preconditioned
/// vectors, so any M^-1 r it was handed is used consistently), and plain
/// GMRES, which recomputes the true residual at each restart, still
/// converges in practice when the operators it is handed are all close to
/// one good preconditioner, as they are here: every one of them is the
/// same number of sweeps of a convergent iteration.
class AsyncSsorPreconditioner {
  public:
    /// Checks A, sweeps and omega as SsorPreconditioner does, and threads
    /// >= 0 (0: OpenMP's default, read now; asor::Error, usage); computes
    /// the inverse diagonal and the blocks. Refers to A's arrays without
    /// copying them: they must outlive the preconditioner and not change.
    AsyncSsorPreconditioner(CsrView a, int sweeps = 1, double omega = 1.0, int threads = 0);
    /// Refused: the preconditioner would refer to a temporary matrix's arrays.
    AsyncSsorPreconditioner(CsrMatrix&& a, int sweeps = 1, double omega = 1.0,
                            int threads = 0) = delete;

    /// z = M^-1 r, as above, on threads() OpenMP threads (fewer if OpenMP
    /// grants fewer: a thread then sweeps several blocks in turn). r and z
    /// have n entries (asor::Error, input, otherwise) and do not overlap
    /// (not checked). Allocates nothing; const, so several threads may
    /// apply one preconditioner to different vectors.
    void apply(std::span<const double> r, std::span<double> z) const;

    [[nodiscard]] int sweeps() const noexcept { return sweeps_; }
    [[nodiscard]] double omega() const noexcept { return omega_; }
    [[nodiscard]] Index rows() const noexcept { return a_.rows; }
    /// The row blocks, one per thread (fewer for a matrix of fewer rows).
    [[nodiscard]] int threads() const noexcept { return static_cast<int>(bounds_.size()) - 1; }

  private:
    CsrView a_;
    std::vector<double> inverse_diagonal_;
    std::vector<Index> bounds_;  ///< block b is rows [bounds_[b], bounds_[b + 1])
    int sweeps_;
    double omega_;
};

}  // namespace asor
