// Copies of x while a solve runs: the snapshot handler is where a program
// writes its own checkpoints.
#include <asor/asor.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

int main() {
    const auto dir = std::filesystem::temp_directory_path() / "asor_example_snapshots";
    std::filesystem::create_directories(dir);
    const std::string checkpoint = (dir / "x_checkpoint.mtx").string();

    asor::ProblemSpec spec;
    spec.kind = asor::ProblemKind::poisson2d;
    spec.size = 100;
    const asor::CsrMatrix a = asor::generate_matrix(spec);
    std::vector<double> ones(a.rows, 1.0), b(a.rows), x(a.rows, 0.0);
    asor::multiply(a, ones, b);

    int snapshots = 0;
    asor::SolveOptions options;
    options.threads = 2;
    options.omega = 1.8;
    options.snapshot_interval_seconds = 0.02;
    options.on_snapshot = [&](const asor::Snapshot& s) {  // on the monitor's thread
        asor::write_vector(checkpoint, s.x, "sweeps " + std::to_string(s.progress.sweeps_min));
        ++snapshots;
    };
    asor::SolveReport report = asor::solve(a, b, x, options);

    // The last snapshot is a complete Matrix Market vector: a start for a later solve.
    std::vector<double> x0 = asor::read_vector(checkpoint);
    std::printf("%s; %d snapshots, the last one read back with %zu entries\n",
                std::string(asor::to_string(report.reason)).c_str(), snapshots, x0.size());
    bool finite = true;
    for (double v : x0) finite = finite && std::isfinite(v);
    std::filesystem::remove_all(dir);
    return report.converged && snapshots > 0 && x0.size() == b.size() && finite ? 0 : 1;
}
