// Several right-hand sides swept together against one: the prepared solver
// solves k = 1, 2 and 4 columns of B on the shifted 2D Poisson problem
// (1000 x 1000 grid + 0.5 I, omega 1.2, tol 1e-8, x0 = 0), the cases
// alternating repeat by repeat. Column c of B is A v_c with v_c(i) =
// 1 + 0.5 sin((c + 1) pi (i + 1) / (n + 1)): smooth, different, and of
// similar difficulty, so that a group waits little for its slowest column.
// Issue 17's target is k = 4 in at most 2.2x the time of k = 1.
//
// Usage: bench_several_rhs [grid=1000] [repeats=5] [threads=2] [storage=auto] [method=async]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <vector>

#include "asor/generators.hpp"
#include "asor/matrix_market.hpp"
#include "asor/solver.hpp"
#include "bench_common.hpp"

using namespace asor;

namespace {

DenseMatrix right_hand_sides(const CsrMatrix& a, Index k) {
    const auto n = static_cast<std::size_t>(a.rows);
    DenseMatrix b{a.rows, k, std::vector<double>(n * static_cast<std::size_t>(k))};
    std::vector<double> v(n);
    for (Index c = 0; c < k; ++c) {
        for (std::size_t i = 0; i < n; ++i) {
            v[i] = 1.0 + 0.5 * std::sin(static_cast<double>(c + 1) * std::numbers::pi *
                                        static_cast<double>(i + 1) / static_cast<double>(n + 1));
        }
        multiply(a, v, b.column(c));
    }
    return b;
}

DenseMatrix first_columns(const DenseMatrix& b, Index k) {
    const auto n = static_cast<std::size_t>(b.rows);
    return DenseMatrix{b.rows, k,
                       std::vector<double>(b.values.begin(),
                                           b.values.begin() + static_cast<std::ptrdiff_t>(n * k))};
}

struct Case {
    Index columns;
    DenseMatrix b;
    DenseMatrix x;
    std::vector<double> seconds;
    std::uint64_t sweeps = 0;
    double worst_residual = 0.0;
    bool converged = true;
};

void run(Solver& solver, Case& c) {
    std::fill(c.x.values.begin(), c.x.values.end(), 0.0);  // outside the timing
    const auto start = std::chrono::steady_clock::now();
    const std::vector<SolveReport> reports = solver.solve(c.b, c.x);
    c.seconds.push_back(bench::seconds_since(start));
    c.worst_residual = 0.0;
    for (const SolveReport& r : reports) {
        c.sweeps = r.sweeps;
        c.worst_residual = std::max(c.worst_residual, r.relative_residual);
        c.converged = c.converged && r.converged;
    }
    c.converged = c.converged && reports.size() == static_cast<std::size_t>(c.columns);
}

}  // namespace

int main(int argc, char** argv) {
    const Index grid = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
    const std::string storage = argc > 4 ? argv[4] : "auto";
    const std::string method = argc > 5 ? argv[5] : "async";

    ProblemSpec spec;
    spec.kind = ProblemKind::poisson2d;
    spec.size = grid;
    spec.shift = 0.5;
    const CsrMatrix a = generate_matrix(spec);
    SolveOptions options;
    options.method = parse_method(method);
    options.omega = 1.2;
    options.threads = threads;
    options.storage = parse_storage(storage);
    options.stopping.tolerance = 1e-8;
    options.stopping.max_sweeps = 100000;
    Solver solver(a, options);

    const DenseMatrix b = right_hand_sides(a, 4);
    std::vector<Case> cases;
    for (Index k : {1, 2, 4}) {
        cases.push_back(Case{k, first_columns(b, k), first_columns(b, k), {}});
    }
    std::printf("machine: %s\n", bench::machine_description().c_str());
    std::printf(
        "problem: 2D Poisson %d x %d + 0.5 I, n = %d, nnz = %lld; %s on %d threads, storage %s, "
        "omega 1.2, tol 1e-8, %d repeats\n",
        grid, grid, a.rows, static_cast<long long>(a.nnz()), method.c_str(), threads,
        storage.c_str(), repeats);
    for (int r = 0; r < repeats; ++r) {
        for (Case& c : cases) run(solver, c);
    }
    const double one = bench::summarize(cases.front().seconds).median;
    std::printf(
        "columns  median s  min s  max s  vs 1 column  per extra column  sweeps  worst residual  "
        "converged\n");
    bool all_converged = true;
    for (const Case& c : cases) {
        const auto s = bench::summarize(c.seconds);
        const double ratio = s.median / one;
        const double extra =
            c.columns > 1 ? (ratio - 1.0) / static_cast<double>(c.columns - 1) : 0.0;
        std::printf("%7d  %8.3f  %5.3f  %5.3f  %10.2fx  %15.2fx  %6llu  %14.2e  %9s\n", c.columns,
                    s.median, s.min, s.max, ratio, extra, static_cast<unsigned long long>(c.sweeps),
                    c.worst_residual, c.converged ? "yes" : "no");
        all_converged = all_converged && c.converged;
    }
    return all_converged ? 0 : 1;
}
