// Reading and solving: writes a generated problem as Matrix Market files,
// reads them back, solves with asynchronous SOR and checks the residual that
// the report recomputed from the returned x. Exits 0 when it converged.
#include <asor/asor.hpp>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace {

int read_and_solve(const fs::path& dir) {
    // The 5-point Laplacian on a 40 x 40 grid, and b = A * ones.
    asor::ProblemSpec spec;
    spec.kind = asor::ProblemKind::poisson2d;
    spec.size = 40;
    const asor::CsrMatrix generated = asor::generate_matrix(spec);
    const std::vector<double> ones(static_cast<std::size_t>(generated.cols), 1.0);
    std::vector<double> rhs(ones.size());
    asor::multiply(generated, ones, rhs);

    const std::string a_path = (dir / "A.mtx").string();
    const std::string b_path = (dir / "b.mtx").string();
    asor::MatrixWriteOptions write_options;
    write_options.symmetric = true;  // poisson2d is; the file keeps one triangle
    asor::write_matrix(a_path, generated, write_options);
    asor::write_vector(b_path, rhs);

    const asor::CsrMatrix a = asor::read_matrix(a_path);
    const std::vector<double> b = asor::read_vector(b_path);
    std::vector<double> x(b.size(), 0.0);

    asor::SolveOptions options;  // async by default
    options.omega = 1.8;
    options.threads = 2;
    options.stopping.tolerance = 1e-8;
    const asor::SolveReport report = asor::solve(a, b, x, options);
    std::printf("%s: %s after %llu sweeps, residual %.3e (recomputed from x)\n",
                std::string(asor::to_string(options.method)).c_str(),
                std::string(asor::to_string(report.reason)).c_str(),
                static_cast<unsigned long long>(report.sweeps), report.relative_residual);
    return report.converged && report.relative_residual <= options.stopping.tolerance ? 0 : 1;
}

}  // namespace

int main() {
    const fs::path dir =
        fs::temp_directory_path() /
        ("asor_read_and_solve_" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    int status = 1;
    try {
        fs::create_directories(dir);
        status = read_and_solve(dir);
    } catch (const asor::Error& e) {
        std::fprintf(stderr, "read_and_solve: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "read_and_solve: %s\n", e.what());
    }
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return status;
}
