// Reverse Cuthill-McKee: a matrix whose numbering lost its locality (a grid
// renumbered at random, as a mesh numbered without care) is solved with its
// unknowns renumbered once, at setup; b, x0 and x stay in the caller's order.
#include <asor/asor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <vector>

int main() {
    asor::ProblemSpec spec;
    spec.kind = asor::ProblemKind::poisson2d;
    spec.size = 100;
    const asor::CsrMatrix grid = asor::generate_matrix(spec);
    std::vector<asor::Index> shuffle(static_cast<std::size_t>(grid.rows));
    std::iota(shuffle.begin(), shuffle.end(), 0);
    std::shuffle(shuffle.begin(), shuffle.end(), std::mt19937(1));
    const asor::CsrMatrix a = asor::permute_symmetric(grid, shuffle);

    // The ordering on its own: perm[new] = old, row k of the reordered
    // matrix is row perm[k] of A.
    const std::vector<asor::Index> perm = asor::rcm_ordering(a);
    const asor::Spread given = asor::measure_spread(a);
    const asor::Spread rcm = asor::measure_spread(a, perm);  // of permute_symmetric(a, perm)
    std::printf("bandwidth %d -> %d, mean |i - j| %.0f -> %.1f\n", given.bandwidth, rcm.bandwidth,
                given.mean_distance, rcm.mean_distance);

    // The prepared solver applies it: A is reordered once, vectors at each solve.
    asor::SolveOptions options;
    options.method = asor::Method::sor;
    options.auto_omega = true;
    options.reorder = asor::Reorder::rcm;  // automatic: only where RCM shrinks the mean |i - j|
    asor::Solver solver(a, options);
    std::vector<double> solution(a.rows), b(a.rows), x(a.rows, 0.0);
    for (asor::Index i = 0; i < a.rows; ++i) solution[i] = 1.0 + 0.001 * (i % 100);
    asor::multiply(a, solution, b);
    asor::SolveReport report = solver.solve(b, x);  // x in a's order, as b
    std::printf("%s; residual %.2e\n", report.reordering.rule.c_str(), report.relative_residual);

    double error = 0.0;
    for (asor::Index i = 0; i < a.rows; ++i) error = std::max(error, std::abs(x[i] - solution[i]));
    return report.converged && report.reordering.applied && error < 1e-3 ? 0 : 1;
}
