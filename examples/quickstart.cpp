// Quick start: write a matrix to a Matrix Market file, read it back and solve
// A x = b by asynchronous SOR on two threads.
#include <asor/asor.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

int main() {
    const auto dir = std::filesystem::temp_directory_path() / "asor_example_quickstart";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "A.mtx").string();
    asor::ProblemSpec spec;  // the 5-point Laplacian, 50 x 50 grid
    spec.kind = asor::ProblemKind::poisson2d;
    spec.size = 50;
    asor::write_matrix(path, asor::generate_matrix(spec));

    asor::CsrMatrix a = asor::read_matrix(path);  // throws asor::Error on a bad file
    std::vector<double> ones(a.rows, 1.0), b(a.rows);
    asor::multiply(a, ones, b);          // b = A * ones: x = ones solves it
    std::vector<double> x(a.rows, 0.0);  // initial guess in, solution out

    asor::SolveOptions options;  // method async, tol 1e-8
    options.threads = 2;
    options.omega = 1.5;
    asor::SolveReport report = asor::solve(a, b, x, options);

    std::printf("%s after %llu sweeps, residual %.2e (recomputed from x)\n",
                report.converged ? "converged" : "not converged",
                static_cast<unsigned long long>(report.sweeps), report.relative_residual);
    const std::string json = asor::to_json(report);  // the report as `asor solve --json` writes it

    double error = 0.0;
    for (double xi : x) error = std::fmax(error, std::fabs(xi - 1.0));
    std::filesystem::remove_all(dir);
    return report.converged && error < 1e-5 && json.find("\"converged\": true") != std::string::npos
               ? 0
               : 1;
}
