// asor: the linear complementarity problem, by projected SOR.
//
// Find z with z >= 0, w = M z + q >= 0 and z^T w = 0. For symmetric M with a
// positive diagonal this is the optimality condition of
// min 1/2 z^T M z + q^T z over z >= 0, and projected SOR,
// z_i <- max(0, z_i - omega (M z + q)_i / m_ii), is solve() with bounds
// [0, +inf) and b = -q: the same methods, engine, monitor and report.
#pragma once

#include <span>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/solve.hpp"

namespace asor {

/// Solves the LCP (M, q) starting from z (projected onto z >= 0 first),
/// leaving the final iterate in z. The report's residuals are
/// ||min(z, M z + q)||_2 / ||q||_2, recomputed from the returned z; its
/// constraints give max_i max(-w_i, 0) as gradient_violation and z^T w (over
/// w_i >= 0) as complementarity_gap. Throws asor::Error (input) unless M is
/// square with a positive diagonal (naming the first bad row) and q has n
/// finite entries, and as solve() does (z of the wrong length, entries above
/// 1e150); asor::Error (usage) as solve() does, and for bounds in `options`
/// (the LCP brings its own) or Method::cg. Holds two vectors of n entries
/// besides solve()'s. Thread-safety as solve().
SolveReport solve_lcp(CsrView m, std::span<const double> q, std::span<double> z,
                      const SolveOptions& options = {});

/// The LCP (M, q) as the box-constrained system that Solver and solve()
/// take: b = -q and the bound z >= 0 (set options.lower to `lower`).
struct LcpAsBox {
    std::vector<double> b;      ///< -q
    std::vector<double> lower;  ///< n zeros
};

/// Checks M and q as solve_lcp does (square M with a positive diagonal, q of
/// n entries; asor::Error, input) and returns the box form.
LcpAsBox lcp_as_box(CsrView m, std::span<const double> q);

/// Throws asor::Error (input) unless `m` is square and every diagonal entry
/// is present and positive (not NaN), naming the first row that is not
/// (1-based). Thread-safe.
void check_positive_diagonal(CsrView m);

}  // namespace asor
