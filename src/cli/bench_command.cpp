#include "bench_command.hpp"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "asor/detail/atomic_file.hpp"
#include "asor/detail/bandwidth.hpp"
#include "asor/detail/benchmark.hpp"
#include "asor/detail/residual_plot.hpp"
#include "asor/error.hpp"
#include "asor/lcp.hpp"
#include "asor/matrix_properties.hpp"
#include "asor/omega_choice.hpp"
#include "asor/reordering.hpp"
#include "asor/report.hpp"

namespace asor::cli {

Command setup_bench_command(CLI::App& app) {
    auto opt = std::make_shared<BenchCommandOptions>();
    CLI::App* cmd = app.add_subcommand(
        "bench", "Time every method and thread count on one system, side by side");
    cmd->footer(
        "Prints one row per method and thread count: sweeps (iterations for cg), median,\n"
        "min and max seconds of solve(), speedups against gs and sor (ratios of medians;\n"
        "'-' when that baseline did not run or this case did not converge),\n"
        "effective bandwidth under the CSR traffic model (docs/benchmarks.md), the recomputed "
        "residual\n"
        "(the worst repeat) and whether every repeat converged. gs and sor run once, on\n"
        "1 thread. Exit codes: 0 every case converged, 1 a case refused the matrix or did\n"
        "not converge, 2 bad usage or input.");
    add_system_arguments(*cmd, opt->matrix_path, opt->rhs_path, opt->rhs_choice);
    cmd->add_option("--methods", opt->methods, "Comma-separated methods, as for solve --method")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--threads", opt->threads,
                    "Comma-separated thread counts (default: 1 and OpenMP's default)")
        ->delimiter(',')
        ->check(CLI::Range(1, 4096));
    cmd->add_option("--repeat", opt->repeats, "Runs of each case, each from the same x0")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    add_solver_options(*cmd, *opt, true);
    cmd->add_option("--x0", opt->x0_path, "Initial guess vector (default: zeros)");
    cmd->add_option("--lcp", opt->lcp_path,
                    "Time the LCP z >= 0, A z + q >= 0, z'(A z + q) = 0 with q from this\n"
                    "file instead (as asor lcp: projected methods, cg left out)")
        ->excludes("B.mtx")
        ->excludes("--rhs");
    cmd->add_flag("--stream", opt->stream,
                  "Measure the memory read bandwidth first; show each case's share of it");
    cmd->add_option("--csv", opt->csv_path, "Write one CSV row per case here ('-': stdout)");
    cmd->add_option("--json", opt->json_path, "Write the results as JSON here ('-': stdout)");
    cmd->add_option("--plot", opt->plot_path, "Write residual against time as SVG here");
    return {cmd, [opt] { return run_bench_command(*opt); }};
}

namespace {

std::string format(const char* spec, double v) {
    if (!std::isfinite(v)) return "-";
    char buf[48];
    std::snprintf(buf, sizeof buf, spec, v);
    return buf;
}

std::string case_name(const BenchmarkCase& c) {
    return std::string(to_string(c.method)) + ", " + std::to_string(c.threads) +
           (c.threads == 1 ? " thread" : " threads") +
           (c.storage == Storage::automatic ? "" : ", " + std::string(to_string(c.storage)));
}

// Which case and repeat is running, on stderr when it is a terminal.
class BenchProgress {
  public:
    BenchProgress(int repeats, std::size_t cases) : repeats_(repeats), cases_(cases) {}
    // The cases alternate: repeat 1 of each, then repeat 2 of each, ...
    void start(const BenchmarkCase& c, int repeat) {
        if (repeat != repeat_) case_ = 0;
        repeat_ = repeat;
        ++case_;
        std::snprintf(prefix_, sizeof prefix_, "  bench %zu/%zu: %s, repeat %d/%d", case_, cases_,
                      case_name(c).c_str(), repeat + 1, repeats_);
        draw(nullptr);
    }
    void update(const Progress& p) {
        if (p.elapsed_seconds - last_drawn_ >= 0.1 || p.elapsed_seconds < last_drawn_) draw(&p);
    }
    void clear() { std::fputs("\r\033[K", stderr); }

  private:
    void draw(const Progress* p) {
        std::fprintf(stderr, "\r\033[K%s", prefix_);
        if (p)
            std::fprintf(stderr, "  residual %.2e  %.1fs", p->estimated_residual,
                         p->elapsed_seconds);
        std::fflush(stderr);
        last_drawn_ = p ? p->elapsed_seconds : 0.0;
    }
    int repeats_;
    std::size_t cases_;
    std::size_t case_ = 0;
    int repeat_ = 0;
    char prefix_[160] = "";
    double last_drawn_ = 0.0;
};

std::vector<int> thread_counts(const std::vector<int>& given) {
    if (!given.empty()) return given;
    const int most = omp_get_max_threads();
    return most > 1 ? std::vector<int>{1, most} : std::vector<int>{1};
}

std::vector<int> distinct_threads(const std::vector<BenchmarkCase>& cases) {
    std::vector<int> t;
    for (const BenchmarkCase& c : cases) t.push_back(c.threads);
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    return t;
}

void print_stream(const std::vector<ReadBandwidth>& stream, std::size_t bytes) {
    std::printf("memory read bandwidth (sum over %zu MiB, best of 5):", bytes >> 20);
    for (std::size_t i = 0; i < stream.size(); ++i) {
        std::printf("%s %d thread%s %.1f GB/s", i ? "," : "", stream[i].threads,
                    stream[i].threads == 1 ? "" : "s", stream[i].bytes_per_second / 1e9);
    }
    std::printf("\n");
}

using Row = std::vector<std::string>;

// A speedup means nothing for a run that did not converge: "-".
Row table_row(const BenchmarkResult& r, const std::vector<ReadBandwidth>& stream) {
    Row row = {std::string(to_string(r.run.method)), std::to_string(r.run.threads)};
    if (r.refused()) return row;
    row.push_back(r.run.method == Method::cg ? "-" : std::string(to_string(r.storage)));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    row.insert(row.end(), {format("%.0f", r.sweeps), format("%#.3g", r.seconds.median),
                           format("%#.3g", r.seconds.min), format("%#.3g", r.seconds.max),
                           format("%#.3g", r.converged ? r.speedup_vs_gs : nan),
                           format("%#.3g", r.converged ? r.speedup_vs_sor : nan),
                           format("%#.3g", r.bandwidth / 1e9)});
    if (!stream.empty()) row.push_back(format("%.0f%%", 100.0 * stream_fraction(r, stream)));
    row.insert(row.end(), {format("%.2e", r.relative_residual),
                           r.converged ? "yes" : "no (" + std::string(to_string(r.reason)) + ")"});
    return row;
}

// Columns padded to their widest cell; a refused case gives its reason
// after the method and thread count.
void print_table(const std::vector<BenchmarkResult>& results,
                 const std::vector<ReadBandwidth>& stream) {
    Row header = {"method", "threads", "storage", "sweeps", "median s",
                  "min s",  "max s",   "vs gs",   "vs sor", "GB/s"};
    if (!stream.empty()) header.push_back("of stream");
    header.insert(header.end(), {"residual", "converged"});
    std::vector<Row> rows = {header};
    for (const BenchmarkResult& r : results) rows.push_back(table_row(r, stream));
    std::vector<std::size_t> width(header.size(), 0);
    for (const Row& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string line;
        for (std::size_t c = 0; c < rows[i].size(); ++c) {
            // Text columns left-aligned, figures right-aligned.
            const std::string pad(width[c] - rows[i][c].size(), ' ');
            line += (c ? "  " : "") +
                    (c == 0 || c + 1 == header.size() ? rows[i][c] + pad : pad + rows[i][c]);
        }
        if (i > 0 && results[i - 1].refused()) line += "  refused: " + results[i - 1].refusal;
        while (!line.empty() && line.back() == ' ') line.pop_back();
        std::printf("%s\n", line.c_str());
    }
}

// One line per method: its run with the most threads.
std::vector<PlotSeries> plot_series(const std::vector<BenchmarkResult>& results) {
    std::vector<PlotSeries> series;
    std::vector<Method> seen;
    for (std::size_t i = results.size(); i-- > 0;) {
        const BenchmarkResult* best = &results[i];
        if (std::find(seen.begin(), seen.end(), best->run.method) != seen.end()) continue;
        for (const BenchmarkResult& r : results) {
            if (r.run.method == best->run.method && r.run.threads > best->run.threads) best = &r;
        }
        seen.push_back(best->run.method);
        const std::string name = !traits(best->run.method).parallel
                                     ? std::string(to_string(best->run.method))
                                     : case_name(best->run);
        series.push_back({best->refused() ? name + " (refused)" : name, best->history});
    }
    std::reverse(series.begin(), series.end());
    return series;
}

void write_text(const std::string& path, const std::string& text) {
    write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

void write_files(const BenchCommandOptions& o, const std::vector<BenchmarkResult>& results,
                 const std::vector<ReadBandwidth>& stream) {
    if (!o.csv_path.empty()) write_text(o.csv_path, benchmark_csv(results, stream));
    if (!o.json_path.empty()) {
        const ReportFields inputs = {{"matrix", o.matrix_path},
                                     {"rhs", !o.lcp_path.empty()  ? "-q (LCP) from " + o.lcp_path
                                             : o.rhs_path.empty() ? "A * ones"
                                                                  : o.rhs_path}};
        write_text(o.json_path, benchmark_json(results, stream, inputs));
    }
    if (!o.plot_path.empty()) {
        PlotOptions plot;
        plot.title =
            "Residual against time: " + std::filesystem::path(o.matrix_path).filename().string();
        plot.tolerance = o.tolerance;
        write_text(o.plot_path, residual_plot_svg(plot_series(results), plot));
    }
}

std::vector<BenchmarkResult> run_with_progress(const SystemInput& input,
                                               const std::vector<BenchmarkCase>& cases,
                                               const BenchCommandOptions& o,
                                               std::span<const double> lower) {
    BenchmarkOptions options;
    options.repeats = o.repeats;
    options.solve = to_solve_options(o);
    options.solve.lower = lower;
    std::optional<BenchProgress> progress;
    if (isatty(STDERR_FILENO)) {
        progress.emplace(o.repeats, cases.size());
        options.on_run = [&](const BenchmarkCase& c, int repeat) { progress->start(c, repeat); };
        options.solve.observer = [&](const Progress& p) {
            progress->update(p);
            return ObserverAction::proceed;
        };
    }
    try {
        auto results = run_benchmark(input.a, input.b, input.x0, cases, options);
        if (progress) progress->clear();
        return results;
    } catch (...) {
        if (progress) progress->clear();
        throw;
    }
}

std::string number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

// --omega auto: each case gets the omega choose_omega picks for its method,
// from one estimate (not inside the timed solves), without the back-off of
// solve --omega auto. Returns what the header line says of omega.
std::string choose_omegas(const CsrMatrix& a, std::vector<BenchmarkCase>& cases) {
    const auto start = std::chrono::steady_clock::now();
    const MatrixProperties properties = analyze_matrix(a);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string text = "auto (";
    std::vector<Method> said;
    for (BenchmarkCase& c : cases) {
        c.omega = choose_omega(properties, c.method).omega;
        if (c.method == Method::cg || c.method == Method::gs ||
            std::find(said.begin(), said.end(), c.method) != said.end()) {
            continue;
        }
        said.push_back(c.method);
        text += std::string(to_string(c.method)) + " " + number(c.omega) + ", ";
    }
    char estimate[96];
    std::snprintf(estimate, sizeof estimate, "estimated in %.3g s, not in the times below)",
                  seconds);
    return text + estimate;
}

// --reorder: what each case's solver does at setup (not timed), chosen once
// more here for the header line; empty for none.
std::string reordering_text(const CsrMatrix& a, const std::string& asked) {
    const Reorder reorder = parse_reorder(asked);
    if (reorder == Reorder::none) return {};
    return "; reorder " + asked + ": " + choose_reordering(a, reorder).report.rule;
}

}  // namespace

int run_bench_command(const BenchCommandOptions& given) {
    BenchCommandOptions resolved = given;
    resolved.rhs_path = resolve_rhs(given.matrix_path, given.rhs_path, given.rhs_choice, false);
    const BenchCommandOptions& o = resolved;
    const bool lcp = !o.lcp_path.empty();
    std::vector<Method> methods;
    for (const std::string& name : o.methods) {
        const Method method = parse_method(name);
        // cg has no projected form: left out of an LCP unless asked for alone.
        if (!(lcp && method == Method::cg && o.methods.size() > 1)) methods.push_back(method);
    }
    for (const std::string* path : {&o.csv_path, &o.json_path, &o.plot_path}) {
        if (!path->empty()) check_writable(*path);
    }
    SystemInput input = read_system(o.matrix_path, lcp ? o.lcp_path : o.rhs_path, o.x0_path,
                                    lcp ? "q" : "right-hand side");
    std::vector<double> lower;
    if (lcp) {
        try {
            LcpAsBox box = lcp_as_box(input.a, input.b);
            input.b = std::move(box.b);
            lower = std::move(box.lower);
        } catch (const Error& e) {
            throw Error(ErrorKind::input, o.matrix_path + ": " + e.what());
        }
    }
    std::vector<BenchmarkCase> cases =
        benchmark_cases(methods, thread_counts(o.threads), o.storages);
    const std::string omega_text = o.auto_omega ? choose_omegas(input.a, cases) : number(o.omega);
    const std::string reorder_text = reordering_text(input.a, o.reorder);
    const std::size_t stream_bytes = default_stream_bytes();
    std::vector<ReadBandwidth> stream;
    if (o.stream) stream = measure_read_bandwidth(distinct_threads(cases), stream_bytes, 5);
    const std::vector<BenchmarkResult> results = run_with_progress(input, cases, o, lower);

    // Printed at the end, so that an error leaves no half table.
    std::printf(
        "asor bench: %s%s%s, n %d, nnz %lld; omega %s, tol %g; %d repeat%s from x0 = %s%s\n",
        lcp ? "LCP of " : "", o.matrix_path.c_str(), lcp ? (" and q = " + o.lcp_path).c_str() : "",
        input.a.rows, static_cast<long long>(input.a.nnz()), omega_text.c_str(), o.tolerance,
        o.repeats, o.repeats == 1 ? "" : "s", o.x0_path.empty() ? "0" : o.x0_path.c_str(),
        reorder_text.c_str());
    if (o.stream) print_stream(stream, stream_bytes);
    print_table(results, stream);
    std::fflush(stdout);
    write_files(o, results, stream);
    const bool all_converged = std::all_of(results.begin(), results.end(),
                                           [](const BenchmarkResult& r) { return r.converged; });
    return all_converged ? 0 : 1;
}

}  // namespace asor::cli
