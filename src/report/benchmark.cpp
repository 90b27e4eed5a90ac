#include "asor/detail/benchmark.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "asor/detail/linear_system.hpp"
#include "asor/error.hpp"
#include "asor/solver.hpp"

namespace asor {

Summary summarize(std::vector<double> samples) {
    if (samples.empty()) throw Error(ErrorKind::usage, "no samples to summarize");
    std::sort(samples.begin(), samples.end());
    const std::size_t n = samples.size();
    const double median = n % 2 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
    return {median, samples.front(), samples.back()};
}

TrafficModel traffic_model(Method method) {
    switch (method) {
        case Method::jacobi:
            return TrafficModel::jacobi;
        case Method::cg:
            return TrafficModel::cg;
        default:
            return TrafficModel::relaxation;
    }
}

std::uint64_t sweep_bytes(TrafficModel model, Index rows, Offset nonzeros) {
    const auto n = static_cast<std::uint64_t>(rows);
    const auto matrix = static_cast<std::uint64_t>(nonzeros) * (8 + 4) + (n + 1) * 8;
    switch (model) {
        case TrafficModel::relaxation:
            return matrix + 4 * n * 8;  // b, inverse diagonal, x read, x written
        case TrafficModel::jacobi:
            return matrix + 6 * n * 8;  // the same, plus old x read and new x written
        case TrafficModel::cg:
            return matrix + 19 * n * 8;  // SpMV's p and q, 17 vector passes
    }
    return matrix;
}

namespace {
constexpr int automatic_one[] = {1};
}  // namespace

std::vector<BenchmarkCase> benchmark_cases(std::span<const Method> methods,
                                           std::span<const int> thread_counts,
                                           std::span<const Storage> storages) {
    const Storage automatic[] = {Storage::automatic};
    if (storages.empty()) storages = automatic;
    std::vector<BenchmarkCase> cases;
    const auto add = [&](BenchmarkCase c) {
        if (std::find(cases.begin(), cases.end(), c) == cases.end()) cases.push_back(c);
    };
    for (Method m : methods) {
        for (int t : traits(m).parallel ? thread_counts : std::span<const int>(automatic_one)) {
            for (Storage s : storages) add({m, t, 0.0, m == Method::cg ? Storage::automatic : s});
        }
    }
    return cases;
}

namespace {

// Rows relaxed per row on average: a thread's sweeps count for its share of
// the rows (async threads sweep at different rates). The report's sweeps
// when the blocks do not account for every row.
double sweeps_per_row(const SolveReport& r) {
    double weighted = 0.0;
    Index rows = 0;
    for (const ThreadStats& t : r.thread_stats) {
        weighted += static_cast<double>(t.sweeps) * t.rows;
        rows += t.rows;
    }
    if (rows != r.rows || rows == 0) return static_cast<double>(r.sweeps);
    return weighted / rows;
}

// The figures of one case: an observer records each estimate, and a Solver
// prepared once (its setup is not timed) solves every repeat.
class CaseRunner {
  public:
    CaseRunner(CsrView a, SolveOptions options) {
        const Observer user = std::move(options.observer);
        options.observer = [this, user](const Progress& p) {
            history_.push_back({p.elapsed_seconds, p.estimated_residual});
            return user ? user(p) : ObserverAction::proceed;
        };
        // Each method is timed as it is: a fallback would time another one.
        options.fallback = false;
        solver_.emplace(a, options);
    }
    CaseRunner(const CaseRunner&) = delete;  // the observer holds `this`
    CaseRunner& operator=(const CaseRunner&) = delete;

    /// One timed solve from x; the history runs from the start to the final
    /// true residual.
    SolveReport run(std::span<const double> b, std::span<double> x, double& seconds) {
        history_.clear();
        const auto start = std::chrono::steady_clock::now();
        SolveReport report = solver_->solve(b, x);
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        history_.insert(history_.begin(), {0.0, report.initial_residual});
        history_.push_back({report.seconds, report.relative_residual});
        return report;
    }

    std::vector<PlotPoint> take_history() { return std::move(history_); }

  private:
    std::vector<PlotPoint> history_;
    std::optional<Solver> solver_;
};

// One case across its repeats: the prepared solver, the samples so far.
struct CaseRun {
    BenchmarkResult result;
    std::optional<CaseRunner> runner;
    std::vector<double> seconds, sweeps, relaxed;
    double bytes_per_row = 0.0;
};

SolveOptions case_options(const BenchmarkCase& c, const BenchmarkOptions& options) {
    SolveOptions o = options.solve;
    o.method = c.method;
    o.threads = c.threads;
    o.storage = c.storage;
    if (c.omega > 0.0) o.omega = c.omega;
    return o;
}

// Marks the case refused for an input error (cg on a non-symmetric A, an
// unfit b); anything else propagates.
template <class Step>
void unless_refused(CaseRun& run, Step&& step) {
    if (run.result.refused()) return;
    try {
        step();
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::input) throw;
        run.result.refusal = e.what();
        run.result.converged = false;
    }
}

void record(CaseRun& run, const SolveReport& r, double elapsed) {
    BenchmarkResult& result = run.result;
    run.seconds.push_back(elapsed);
    run.sweeps.push_back(static_cast<double>(r.sweeps));
    run.relaxed.push_back(sweeps_per_row(r));
    run.bytes_per_row = r.bytes_per_row;
    result.sweeps_max = std::max(result.sweeps_max, r.sweeps_max);
    // NaN sticks: a diverged repeat must show.
    if (!std::isnan(result.relative_residual) &&
        !(r.relative_residual <= result.relative_residual)) {
        result.relative_residual = r.relative_residual;
    }
    result.converged = result.converged && r.converged;
    result.omega = r.omega;
    result.reason = r.reason;
    result.storage = r.storage;
}

// Bytes of one sweep: the storage's own bytes per row for a relaxation.
double bytes_of_sweep(CsrView a, Method method, double bytes_per_row) {
    const TrafficModel model = traffic_model(method);
    if (model == TrafficModel::cg || bytes_per_row <= 0.0) {
        return static_cast<double>(sweep_bytes(model, a.rows, a.nnz()));
    }
    const double vectors = model == TrafficModel::jacobi ? 2.0 * sizeof(double) : 0.0;
    return (bytes_per_row + vectors) * a.rows;
}

void finish(CaseRun& run, CsrView a) {
    BenchmarkResult& result = run.result;
    if (result.refused()) return;
    result.history = run.runner->take_history();
    result.seconds = summarize(run.seconds);
    result.sweeps = summarize(run.sweeps).median;
    result.sweep_bytes = bytes_of_sweep(a, result.run.method, run.bytes_per_row);
    result.bandwidth = result.sweep_bytes * summarize(run.relaxed).median / result.seconds.median;
}

}  // namespace

std::vector<BenchmarkResult> run_benchmark(CsrView a, std::span<const double> b,
                                           std::span<const double> x0,
                                           std::span<const BenchmarkCase> cases,
                                           const BenchmarkOptions& options) {
    if (options.repeats < 1) throw Error(ErrorKind::usage, "repeats must be at least 1");
    if (!x0.empty()) check_initial_guess(x0, a.rows);
    std::vector<CaseRun> runs(cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        runs[i].result.run = cases[i];
        runs[i].result.converged = true;
        unless_refused(runs[i],
                       [&] { runs[i].runner.emplace(a, case_options(cases[i], options)); });
    }
    std::vector<double> x(static_cast<std::size_t>(a.rows));
    for (int repeat = 0; repeat < options.repeats; ++repeat) {
        for (CaseRun& run : runs) {
            unless_refused(run, [&] {
                if (options.on_run) options.on_run(run.result.run, repeat);
                if (x0.empty()) {
                    std::fill(x.begin(), x.end(), 0.0);
                } else {
                    std::copy(x0.begin(), x0.end(), x.begin());
                }
                double elapsed = 0.0;
                const SolveReport r = run.runner->run(b, x, elapsed);
                record(run, r, elapsed);
            });
        }
    }
    std::vector<BenchmarkResult> results;
    for (CaseRun& run : runs) {
        finish(run, a);
        results.push_back(std::move(run.result));
    }
    compute_speedups(results);
    return results;
}

void compute_speedups(std::span<BenchmarkResult> results) {
    const auto median_of = [&](Method m) {
        for (const BenchmarkResult& r : results) {
            if (r.run.method == m && !r.refused()) return r.seconds.median;
        }
        return std::numeric_limits<double>::quiet_NaN();
    };
    const double gs = median_of(Method::gs);
    const double sor = median_of(Method::sor);
    for (BenchmarkResult& r : results) {
        if (r.refused()) continue;
        r.speedup_vs_gs = gs / r.seconds.median;
        r.speedup_vs_sor = sor / r.seconds.median;
    }
}

}  // namespace asor
