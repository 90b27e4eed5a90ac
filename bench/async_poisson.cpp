// Asynchronous SOR against sequential SOR on a shifted 2D Poisson problem:
// 1000 x 1000 grid (n = 1,000,000, about 5 million non-zeros), A + 0.5 I,
// b = A * ones, tol 1e-8, omega 1.2. Runs are interleaved (sor, async, sor,
// async, ...) so that both methods see the same machine state, and the
// figure is the ratio of medians.
//
// Usage: bench_async_poisson [grid=1000] [repeats=5] [threads=2]
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "asor/detail/linear_system.hpp"
#include "asor/solve.hpp"
#include "bench_common.hpp"

using namespace asor;

namespace {

CsrMatrix shifted_poisson2d(Index n, double shift) {
    bench::CsrRowBuilder a(n * n, 5);
    for (Index j = 0; j < n; ++j) {
        for (Index i = 0; i < n; ++i) {
            const Index k = j * n + i;
            if (j > 0) a.add(k - n, -1.0);
            if (i > 0) a.add(k - 1, -1.0);
            a.add(k, 4.0 + shift);
            if (i + 1 < n) a.add(k + 1, -1.0);
            if (j + 1 < n) a.add(k + n, -1.0);
            a.end_row();
        }
    }
    return a.finish();
}

struct Run {
    double seconds;
    SolveReport report;
};

Run run(const CsrMatrix& a, const std::vector<double>& b, Method method, int threads) {
    SolveOptions options;
    options.method = method;
    options.omega = 1.2;
    options.threads = threads;
    options.stopping.tolerance = 1e-8;
    options.stopping.max_sweeps = 100000;
    std::vector<double> x(b.size(), 0.0);  // allocated and touched outside the timing
    const auto start = std::chrono::steady_clock::now();
    SolveReport report = solve(a, b, x, options);
    return {bench::seconds_since(start), report};
}

}  // namespace

int main(int argc, char** argv) {
    const Index grid = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
    const CsrMatrix a = shifted_poisson2d(grid, 0.5);
    const std::vector<double> b = rhs_for_ones_solution(a);
    std::printf("machine: %s\n", bench::machine_description().c_str());
    std::printf("problem: 2D Poisson %d x %d + 0.5 I, n = %d, nnz = %lld, omega 1.2, tol 1e-8\n",
                grid, grid, a.rows, static_cast<long long>(a.nnz()));

    std::vector<double> sor_times, async_times;
    Run last_sor{}, last_async{};
    for (int r = 0; r < repeats; ++r) {
        last_sor = run(a, b, Method::sor, 1);
        last_async = run(a, b, Method::async, threads);
        sor_times.push_back(last_sor.seconds);
        async_times.push_back(last_async.seconds);
        std::printf(
            "repeat %d: sor %.3f s (%llu sweeps, residual %.2e), async/%d %.3f s "
            "(%llu-%llu sweeps, residual %.2e)\n",
            r + 1, last_sor.seconds, (unsigned long long)last_sor.report.sweeps,
            last_sor.report.relative_residual, threads, last_async.seconds,
            (unsigned long long)last_async.report.sweeps,
            (unsigned long long)last_async.report.sweeps_max, last_async.report.relative_residual);
        std::fflush(stdout);
    }
    const auto s = bench::summarize(sor_times);
    const auto q = bench::summarize(async_times);
    std::printf("sor (1 thread):   median %.3f s (min %.3f, max %.3f)\n", s.median, s.min, s.max);
    std::printf("async (%d threads): median %.3f s (min %.3f, max %.3f)\n", threads, q.median,
                q.min, q.max);
    std::printf("speedup of async over sor (ratio of medians): %.2fx\n", s.median / q.median);
    const bool all_converged = last_sor.report.converged && last_async.report.converged;
    return all_converged ? 0 : 1;
}
