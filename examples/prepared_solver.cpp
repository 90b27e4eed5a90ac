// A prepared solver: the setup (validation, inverse diagonal, row partition,
// colouring, omega estimate) is paid once, then any number of right-hand
// sides are solved with it.
#include <asor/asor.hpp>

#include <cstdio>
#include <vector>

int main() {
    asor::ProblemSpec spec;
    spec.kind = asor::ProblemKind::poisson2d;
    spec.size = 100;
    const asor::CsrMatrix a = asor::generate_matrix(spec);

    asor::SolveOptions options;
    options.method = asor::Method::sor;
    options.auto_omega = true;        // omega chosen from A at setup (Young's, from Lanczos)
    asor::Solver solver(a, options);  // throws asor::Error for a matrix unfit for SOR
    std::printf("setup: %.4f s\n", solver.setup_seconds());

    bool all_converged = true;
    for (int k = 1; k <= 3; ++k) {
        std::vector<double> solution(a.rows, static_cast<double>(k)), b(a.rows);
        asor::multiply(a, solution, b);
        std::vector<double> x(a.rows, 0.0);  // initial guess in, solution out
        asor::SolveReport report = solver.solve(b, x);
        std::printf("b%d: %llu sweeps, residual %.2e, omega %.4f\n", k,
                    static_cast<unsigned long long>(report.sweeps), report.relative_residual,
                    report.omega);
        all_converged = all_converged && report.converged;
    }
    return all_converged ? 0 : 1;
}
