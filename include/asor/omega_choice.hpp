// asor: choosing omega from the matrix (`--omega auto`).
#pragma once

#include <string>

#include "asor/csr_matrix.hpp"
#include "asor/matrix_properties.hpp"

namespace asor {

enum class Method;

/// The omega chosen for a method, and why.
struct OmegaChoice {
    /// In (0, 2); 1 where no rule applies.
    double omega = 1.0;
    /// The estimate of rho(J) the choice rests on (NaN when none was made).
    double jacobi_radius = 0.0;
    /// One line for a user: the rule applied and its inputs, or why omega 1.
    std::string rule;
    /// async and local: the rows of the smallest thread block, which caps
    /// omega (0 for the other methods).
    Index block_rows = 0;
    /// Wall time of the estimate, in seconds (0 when given the properties).
    double seconds = 0.0;
};

/// The omega for `method` on a matrix with properties `p`:
/// - sor, multicolor: Young's optimum 2 / (1 + sqrt(1 - rho^2)) from the
///   estimate rho of rho(J), exact for consistently ordered matrices (the
///   5- and 7-point grids in natural or red-black order).
/// - async, local: cautious, Young's omega but at most
///   2 - kAsyncDelayMargin / block_rows (and at least 1). A thread reads its
///   neighbours' values late by some time, a larger part of a sweep the
///   smaller its block, and over-relaxation close to 2 turns such delays
///   into divergence. Measured (bench/README.md, "omega auto"): on every
///   matrix of the standard suite async needed no more sweeps at Young's
///   omega than at any smaller one (2, 4 and 8 threads), so the cap leaves
///   them alone; on SuiteSparse 1138_bus (569 rows per thread) async
///   diverged at Young's 1.9931 and at 1.9824 and converged at 1.97.
/// - symmetric positive definite A with rho(J) >= 1 (SOR converges, Jacobi
///   not): the same rules with rho taken as 1 - spectrum_low, which is
///   rho(J) wherever J's spectrum is symmetric about 0.
/// - jacobi: the weight 2 / (spectrum_low + spectrum_bound): optimal for SPD
///   A when Gershgorin's bound is sharp (the Laplacians), and convergent
///   whenever the estimate of the low end is.
/// - gs, cg, and any matrix without an estimate (not symmetric, or a
///   diagonal entry <= 0) or not positive definite: omega 1. Young's formula
///   needs real Jacobi eigenvalues, which a non-symmetric matrix need not
///   have (SuiteSparse pde900 diverges at omega 1.5).
/// Pure; throws nothing but std::bad_alloc.
OmegaChoice choose_omega(const MatrixProperties& p, Method method, Index block_rows = 0);

/// Estimates the properties choose_omega needs (analyze_matrix with at most
/// `lanczos_steps` steps, and for async and local the smallest block of the
/// partition into `threads` blocks, 0 meaning OpenMP's default, as solve()
/// makes it) and chooses; `seconds` is the time taken. The cost is a
/// symmetry check plus one product with A per Lanczos step (10 to 150 steps:
/// fewer the farther rho(J) is from 1), on OpenMP's threads. Throws nothing
/// but std::bad_alloc.
OmegaChoice choose_omega(const CsrMatrix& a, Method method, int threads = 0,
                         int lanczos_steps = 150);

/// The rows-times-(2 - omega) margin of async and local: omega at most
/// 2 - kAsyncDelayMargin / block_rows. Sized on 1138_bus (see above); with
/// it the cap binds on none of the standard suite's matrices on 2 to 8
/// threads.
inline constexpr double kAsyncDelayMargin = 20.0;

}  // namespace asor
