// asor: choosing omega from the matrix (`--omega auto`).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/matrix_properties.hpp"
#include "asor/method.hpp"

namespace asor {

/// The omega chosen for a method, and why.
struct OmegaChoice {
    /// In (0, 2): at least 1 but for the jacobi weight; 1 where no rule applies.
    double omega = 1.0;
    /// The estimate of rho(J) the choice rests on (NaN when none was made).
    double jacobi_radius = 0.0;
    /// One line for a user: the rule applied and its inputs, or why omega 1.
    std::string rule;
    /// Wall time of the estimate, in seconds (0 when given the properties).
    double seconds = 0.0;
};

/// The omega for `method` on a matrix with properties `p`:
/// - sor, multicolor, async, local: Young's optimum 2 / (1 + sqrt(1 - rho^2))
///   from the estimate rho of rho(J), exact for consistently ordered
///   matrices (the 5- and 7-point grids in natural or red-black order).
///   async and local are not given a smaller omega up front: on the
///   standard suite no smaller omega made async faster by more than the
///   run-to-run spread, on 2, 4 and 8 threads (bench/README.md, "omega
///   auto"). Their caution is the back-off instead (SolveOptions::auto_omega).
/// - symmetric positive definite A with rho(J) >= 1 (SOR converges, Jacobi
///   does not): the same with rho taken as 1 - spectrum_low, which is
///   rho(J) wherever J's spectrum is symmetric about 0.
/// - jacobi: the weight 2 / (spectrum_low + spectrum_bound): optimal for SPD
///   A when Gershgorin's bound is sharp (the Laplacians), and convergent
///   whenever the estimate of the low end is.
/// - gs, cg, and any matrix without an estimate (not symmetric, or a
///   diagonal entry <= 0), not positive definite or nearly singular: omega
///   1. Young's formula needs real Jacobi eigenvalues, which a non-symmetric
///   matrix need not have (SuiteSparse pde900 diverges at omega 1.5).
/// Pure; throws nothing but std::bad_alloc.
OmegaChoice choose_omega(const MatrixProperties& p, Method method);

/// Estimates the properties choose_omega needs (analyze_matrix with at most
/// `lanczos_steps` steps) and chooses; `seconds` is the time taken: a
/// symmetry check plus one product with A per Lanczos step (10 to 150
/// steps, fewer the farther rho(J) is from 1), on OpenMP's threads. Throws
/// nothing but std::bad_alloc.
OmegaChoice choose_omega(CsrView a, Method method, int lanczos_steps = 150);

/// The omega to try after async or local diverged at `omega`: its distance
/// from 2 doubled, never below 1 (1.99, 1.98, 1.96, 1.92, ...).
double backed_off_omega(double omega) noexcept;

/// At most this many back-offs after the first attempt.
inline constexpr int kMaxBackoffs = 4;

/// True for the methods whose attempts back off after a divergence with
/// auto omega (async and local). Never throws.
bool backs_off_on_divergence(Method method) noexcept;

}  // namespace asor
