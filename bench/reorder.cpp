// Reverse Cuthill-McKee (SolveOptions::reorder) against the order given:
// sor on 1 thread and async on `threads`, each with a Solver prepared in
// the given order and one prepared with Reorder::rcm. Solves alternate
// (sor none, sor rcm, async none, async rcm, ...) from x0 = 0 with
// b = A * ones, so that all four see the same machine state; the figures
// are medians and ratios of medians. Only Solver::solve is timed; the
// setups (the reordering's included) are printed apart, with what
// Reorder::automatic would decide. With a shuffle seed, A is first
// renumbered at random (a mesh numbered without care, or a matrix whose
// locality was lost), within consecutive windows of `shuffle_window` rows
// (0: all of them), which leaves locality between the two.
//
// Usage: bench_reorder A.mtx [repeats=5] [threads=2] [omega=1.2] [shuffle_seed=0: none]
//                      [shuffle_window=0: all rows]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "asor/detail/linear_system.hpp"
#include "asor/matrix_market.hpp"
#include "asor/reordering.hpp"
#include "asor/solver.hpp"
#include "bench_common.hpp"

using namespace asor;

namespace {

CsrMatrix shuffled(const CsrMatrix& a, unsigned seed, Index window) {
    std::vector<Index> perm(static_cast<std::size_t>(a.rows));
    std::iota(perm.begin(), perm.end(), 0);
    std::mt19937_64 rng(seed);
    if (window <= 0) window = a.rows;
    for (Index first = 0; first < a.rows; first += window) {
        std::shuffle(perm.begin() + first, perm.begin() + std::min(a.rows, first + window), rng);
    }
    return permute_symmetric(a, perm);
}

struct Case {
    const char* name;
    Method method;
    Reorder reorder;
    int threads;
    std::vector<double> seconds;
    std::vector<double> sweeps;
    double setup_seconds = 0.0;
    double worst_residual = 0.0;
    bool converged = true;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s A.mtx [repeats] [threads] [omega] [shuffle_seed]\n",
                     argv[0]);
        return 2;
    }
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
    const double omega = argc > 4 ? std::atof(argv[4]) : 1.2;
    const unsigned seed = argc > 5 ? static_cast<unsigned>(std::atoi(argv[5])) : 0;
    const Index window = argc > 6 ? std::atoi(argv[6]) : 0;
    CsrMatrix a = read_matrix(argv[1]);
    if (seed != 0) a = shuffled(a, seed, window);
    const std::vector<double> b = rhs_for_ones_solution(a);
    std::printf("machine: %s\n", bench::machine_description().c_str());
    const std::string how = seed == 0     ? ""
                            : window <= 0 ? " shuffled (seed " + std::to_string(seed) + ")"
                                          : " shuffled in windows of " + std::to_string(window) +
                                                " rows (seed " + std::to_string(seed) + ")";
    std::printf("problem: %s%s, n = %d, nnz = %lld, omega %g, tol 1e-8, b = A * ones\n", argv[1],
                how.c_str(), a.rows, static_cast<long long>(a.nnz()), omega);
    const ReorderingChoice automatic = choose_reordering(a, Reorder::automatic);
    std::printf("auto: %s (%.3f s)\n", automatic.report.rule.c_str(), automatic.report.seconds);

    std::vector<Case> cases(4);
    cases[0] = {"sor none", Method::sor, Reorder::none, 1, {}, {}};
    cases[1] = {"sor rcm", Method::sor, Reorder::rcm, 1, {}, {}};
    cases[2] = {"async none", Method::async, Reorder::none, threads, {}, {}};
    cases[3] = {"async rcm", Method::async, Reorder::rcm, threads, {}, {}};
    std::vector<Solver> solvers;
    for (Case& c : cases) {
        SolveOptions o;
        o.method = c.method;
        o.omega = omega;
        o.threads = c.threads;
        o.reorder = c.reorder;
        o.fallback = false;  // each method timed as it is
        o.stopping.max_sweeps = 100000;
        solvers.emplace_back(a, o);
        c.setup_seconds = solvers.back().setup_seconds();
    }
    std::vector<double> x(b.size());
    for (int r = 0; r < repeats; ++r) {
        for (std::size_t k = 0; k < cases.size(); ++k) {
            std::fill(x.begin(), x.end(), 0.0);
            const auto start = std::chrono::steady_clock::now();
            const SolveReport report = solvers[k].solve(b, x);
            cases[k].seconds.push_back(bench::seconds_since(start));
            cases[k].sweeps.push_back(static_cast<double>(report.sweeps));
            cases[k].worst_residual = std::max(cases[k].worst_residual, report.relative_residual);
            cases[k].converged = cases[k].converged && report.converged;
        }
    }
    std::printf("%-11s %7s %9s %8s %8s %9s %10s %s\n", "case", "sweeps", "median s", "min s",
                "max s", "setup s", "residual", "converged");
    for (const Case& c : cases) {
        const Summary s = bench::summarize(c.seconds);
        std::printf("%-11s %7.0f %9.4g %8.4g %8.4g %9.4g %10.3g %s\n", c.name,
                    bench::summarize(c.sweeps).median, s.median, s.min, s.max, c.setup_seconds,
                    c.worst_residual, c.converged ? "yes" : "no");
    }
    for (std::size_t k = 0; k < cases.size(); k += 2) {
        std::printf("%s: none / rcm (ratio of medians) %.2fx\n",
                    std::string(to_string(cases[k].method)).c_str(),
                    bench::summarize(cases[k].seconds).median /
                        bench::summarize(cases[k + 1].seconds).median);
    }
    const bool converged =
        std::all_of(cases.begin(), cases.end(), [](const Case& c) { return c.converged; });
    return converged ? 0 : 1;
}
