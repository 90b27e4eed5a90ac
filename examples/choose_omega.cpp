// Choosing omega from the matrix, as `--omega auto` does: the properties
// `asor info` prints, then Young's omega from the estimate of rho(J).
#include <asor/asor.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    asor::ProblemSpec spec;  // the 5-point Laplacian on a 32 x 32 grid
    spec.kind = asor::ProblemKind::poisson2d;
    spec.size = 32;
    const asor::CsrMatrix a = asor::generate_matrix(spec);

    asor::MatrixProperties p = asor::analyze_matrix(a);  // at most 150 Lanczos steps
    std::printf("rho(J) about %.6f (%d Lanczos steps), Young's omega %.4f\n", p.jacobi_radius,
                p.lanczos_steps, p.recommended_omega);
    std::printf("async: %s\n", p.async_guarantee.c_str());

    asor::SolveOptions options;
    options.method = asor::Method::sor;
    // The third argument is the most Lanczos steps (default 150), not a thread count.
    asor::OmegaChoice choice = asor::choose_omega(a, options.method);
    options.omega = choice.omega;
    std::printf("omega %.4f: %s\n", choice.omega, choice.rule.c_str());

    std::vector<double> ones(a.rows, 1.0), b(a.rows), x(a.rows, 0.0);
    asor::multiply(a, ones, b);
    asor::SolveReport report = asor::solve(a, b, x, options);
    std::printf("sor: %llu sweeps\n", static_cast<unsigned long long>(report.sweeps));

    // The exact rho(J) of this matrix is cos(pi / 33).
    const double exact = std::cos(std::acos(-1.0) / 33);
    const bool ok = std::fabs(p.jacobi_radius - exact) < 1e-4 && choice.omega > 1.8 &&
                    choice.omega < 1.85 && report.converged && report.sweeps < 300;
    return ok ? 0 : 1;
}
