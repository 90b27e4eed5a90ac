// asor (internal): Eigen's conjugate gradient behind the common solve().
#pragma once

#include <memory>

#include "iteration.hpp"

namespace asor::detail {

/// Eigen's ConjugateGradient with its diagonal (Jacobi) preconditioner on a
/// row-major copy of A, so that Eigen's OpenMP matrix-vector product uses the
/// threads. Built once per solve; each round runs Eigen's solver from the
/// current x to the monitor's target, in one call: no restart, so no Krylov
/// history is lost.
class ConjugateGradient {
  public:
    /// Throws asor::Error (input) unless A is symmetric (checked numerically,
    /// entry by entry, to a relative 1e-12), and (input) if A has more
    /// non-zeros than Eigen's 32-bit indices hold.
    ConjugateGradient(CsrView a, int threads);
    ~ConjugateGradient();
    ConjugateGradient(const ConjugateGradient&) = delete;
    ConjugateGradient& operator=(const ConjugateGradient&) = delete;

    /// One call of Eigen's solver with the remaining iteration budget. Inside
    /// Eigen's loop, once per monitor interval, the monitor judges the
    /// iterate (cancel flag, limits, divergence, observer, snapshots) and may
    /// end the call there; x is then that iterate.
    StopReason iterate(IterationRound& round);

  private:
    struct EigenState;
    std::unique_ptr<EigenState> eigen_;
    int threads_;
};

}  // namespace asor::detail
