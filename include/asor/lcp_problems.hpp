// asor: linear complementarity problems generated in code, with what is
// known about their solutions (`asor generate obstacle2d`, `asor generate lcp`).
#pragma once

#include <cstdint>
#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// An LCP (M, q): z >= 0, w = M z + q >= 0, z^T w = 0.
struct LcpProblem {
    CsrMatrix m;            ///< square, positive diagonal
    std::vector<double> q;  ///< m.rows entries
    /// The exact solution z* where it is known by construction, else empty.
    std::vector<double> solution;
    /// obstacle2d only: the obstacle psi at the grid points (u = z + psi).
    std::vector<double> obstacle;
};

/// A membrane over the unit square, held at 0 on the boundary, pulled down by
/// a uniform load f = -10 onto the obstacle psi(x, y) = 0.5 - 4 ((x - 1/2)^2
/// + (y - 1/2)^2) from below: -Laplace(u) >= f, u >= psi, with equality in
/// one or the other at every point. On the N x N interior grid (h = 1/(N+1))
/// with the 5-point Laplacian A (diagonal 4, off-diagonals -1) and
/// z = u - psi: M = A, q = A psi - h^2 f. N >= 1; N^2 must fit in Index
/// (N <= 46340). Throws asor::Error (usage) for a bad N, std::bad_alloc if
/// it does not fit. The solution is not known in closed form (`solution`
/// empty). Deterministic; thread-safe.
LcpProblem obstacle_problem_2d(std::int64_t n);

/// A random symmetric LCP of n rows with a known solution: M = L + I for a
/// random graph Laplacian L of average degree 10 (SPD, positive diagonal, as
/// `asor generate randspd`), z* with about half its entries in (0, 1] and the
/// rest 0, w* in (0, 1] exactly where z* is 0, and q = w* - M z*. The same
/// for the same seed on every platform. n >= 1 (at most 2^31 - 1); throws
/// asor::Error (usage) otherwise, std::bad_alloc if it does not fit.
/// Thread-safe.
LcpProblem random_lcp(std::int64_t n, std::uint64_t seed);

}  // namespace asor
