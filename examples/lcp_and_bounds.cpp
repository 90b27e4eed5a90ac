// Constrained problems: a linear complementarity problem with a known
// solution, solved by projected SOR, and a box-constrained solve.
#include <asor/asor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    asor::ProblemSpec spec;  // M: the 5-point Laplacian on a 30 x 30 grid (SPD, an M-matrix)
    spec.kind = asor::ProblemKind::poisson2d;
    spec.size = 30;
    const asor::CsrMatrix m = asor::generate_matrix(spec);
    const std::size_t n = static_cast<std::size_t>(m.rows);

    // A known solution: z* > 0 on even rows (there w* = 0), z* = 0 and w* = 1
    // on odd rows; q = w* - M z*.
    std::vector<double> z_star(n), w_star(n), mz(n), q(n);
    for (std::size_t i = 0; i < n; ++i) {
        z_star[i] = i % 2 == 0 ? 0.5 + 0.001 * static_cast<double>(i % 7) : 0.0;
        w_star[i] = i % 2 == 0 ? 0.0 : 1.0;
    }
    asor::multiply(m, z_star, mz);
    for (std::size_t i = 0; i < n; ++i) q[i] = w_star[i] - mz[i];

    // z >= 0, w = M z + q >= 0, z'w = 0
    asor::SolveOptions options;
    options.omega = 1.5;
    options.threads = 2;
    options.stopping.tolerance = 1e-12;
    std::vector<double> z(n, 0.0);
    asor::SolveReport lcp = asor::solve_lcp(m, q, z, options);
    std::printf("LCP: %s, natural residual %.2e, z'w %.2e\n", lcp.converged ? "converged" : "not",
                lcp.relative_residual, lcp.constraints.complementarity_gap);

    // min 1/2 x'Ax - b'x over 0 <= x <= 0.8: the same kernel, each update projected.
    std::vector<double> ones(n, 1.0), b(n), x(n, 0.0);
    asor::multiply(m, ones, b);  // unconstrained solution: all ones, above the box
    std::vector<double> lower(n, 0.0), upper(n, 0.8);
    asor::SolveOptions boxed = options;
    boxed.lower = lower;
    boxed.upper = upper;
    asor::SolveReport box = asor::solve(m, b, x, boxed);
    std::printf("box: %s, bound violation %.1e\n", box.converged ? "converged" : "not",
                box.constraints.bound_violation);

    double error = 0.0;
    for (std::size_t i = 0; i < n; ++i) error = std::max(error, std::fabs(z[i] - z_star[i]));
    const bool box_ok = box.converged && box.constraints.bound_violation == 0.0 &&
                        *std::max_element(x.begin(), x.end()) <= 0.8;
    return lcp.converged && error < 1e-8 && box_ok ? 0 : 1;
}
