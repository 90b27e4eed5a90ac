#include "solver_options.hpp"

#include <charconv>
#include <cstdio>
#include <string_view>
#include <system_error>

#include "asor/detail/checkpoint.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/error.hpp"
#include "asor/matrix_market.hpp"

namespace asor::cli {

void add_system_arguments(CLI::App& cmd, std::string& matrix_path, std::string& rhs_path,
                          std::string& rhs_choice) {
    cmd.add_option("A.mtx", matrix_path,
                   "Matrix, Matrix Market, plain or gzip-compressed ('-' for stdin)")
        ->required();
    CLI::Option* positional =
        cmd.add_option("B.mtx", rhs_path, "Right-hand side vector (default: A * ones)");
    cmd.add_option("--rhs", rhs_choice,
                   "Right-hand side: a file (as B.mtx), or 'auto': NAME_b.mtx (or .mtx.gz)\n"
                   "beside NAME.mtx when present, as SuiteSparse ships them, else A * ones")
        ->excludes(positional);
}

std::string resolve_rhs(const std::string& matrix_path, const std::string& rhs_path,
                        const std::string& rhs_choice, bool quiet) {
    if (rhs_choice.empty()) return rhs_path;
    if (rhs_choice != "auto") return rhs_choice;
    if (matrix_path == "-") {
        throw Error(ErrorKind::usage, "--rhs auto needs the matrix's file name, not '-'");
    }
    std::string stem = matrix_path;
    for (const std::string_view suffix : {".gz", ".mtx"}) {
        if (stem.ends_with(suffix)) stem.resize(stem.size() - suffix.size());
    }
    for (const std::string& candidate : {stem + "_b.mtx", stem + "_b.mtx.gz"}) {
        if (file_size_or_zero(candidate) > 0) {
            if (!quiet)
                std::fprintf(stderr, "rhs:               %s (found beside the matrix)\n",
                             candidate.c_str());
            return candidate;
        }
    }
    if (!quiet) {
        std::fprintf(stderr, "rhs:               b = A * ones (no %s_b.mtx beside the matrix)\n",
                     stem.c_str());
    }
    return {};
}

void add_solver_options(CLI::App& cmd, SolverOptionValues& v) {
    cmd.add_option_function<std::string>(
           "--omega",
           [&v](const std::string& text) {
               v.auto_omega = text == "auto";
               if (v.auto_omega) return;
               const char* last = text.data() + text.size();
               const auto [end, error] = std::from_chars(text.data(), last, v.omega);
               if (error != std::errc() || end != last) {
                   throw CLI::ValidationError("--omega",
                                              "expected a number or 'auto', got '" + text + "'");
               }
           },
           "Relaxation factor in (0, 2), or 'auto': from an estimate of rho(J)\n"
           "(Young's formula; more cautious for async and local; 1 for\n"
           "non-symmetric A; the weight for jacobi: see asor info); gs uses 1")
        ->default_str("1");
    cmd.add_option("--tol", v.tolerance,
                   "Tolerance on the relative residual ||b - A x|| / ||b|| (with bounds,\n"
                   "the natural residual; for lcp ||min(z, M z + q)|| / ||q||)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd.add_option("--max-sweeps", v.max_sweeps, "Sweep limit, on the slowest thread for async")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd.add_option("--time-limit", v.time_limit_seconds, "Time limit in seconds (default: none)")
        ->check(CLI::PositiveNumber);
    cmd.add_option("--monitor-interval", v.monitor_interval_ms,
                   "Milliseconds between the monitor's checks (it sleeps in between)")
        ->check(CLI::Range(0.01, 3.6e6))
        ->capture_default_str();
}

SolveOptions to_solve_options(const SolverOptionValues& v) {
    SolveOptions options;
    options.omega = v.omega;
    options.stopping.tolerance = v.tolerance;
    options.stopping.max_sweeps = v.max_sweeps;
    if (v.time_limit_seconds > 0.0) options.stopping.time_limit_seconds = v.time_limit_seconds;
    options.monitor_interval_seconds = v.monitor_interval_ms * 1e-3;
    return options;
}

namespace {

void check_length(const std::vector<double>& v, Index n, const std::string& path,
                  const std::string& what, const std::string& matrix_path) {
    if (v.size() != static_cast<std::size_t>(n)) {
        throw Error(ErrorKind::input, path + ": " + what + " has " + std::to_string(v.size()) +
                                          " entries (expected " + std::to_string(n) +
                                          ", the size of " + matrix_path + ")");
    }
}

}  // namespace

SystemInput read_system(const std::string& matrix_path, const std::string& rhs_path,
                        const std::string& x0_path, const std::string& rhs_name) {
    SystemInput s;
    s.a = read_matrix(matrix_path);
    if (rhs_path.empty()) {
        s.b = rhs_for_ones_solution(s.a);
    } else {
        s.b = read_vector(rhs_path);
        check_length(s.b, s.a.rows, rhs_path, rhs_name, matrix_path);
    }
    if (x0_path.empty()) {
        s.x0.assign(static_cast<std::size_t>(s.a.cols), 0.0);
    } else {
        s.x0 = read_vector(x0_path);
        check_length(s.x0, s.a.rows, x0_path, "initial guess", matrix_path);
    }
    return s;
}

std::vector<double> read_bound(const std::string& spec, Index n, const std::string& matrix_path) {
    if (spec.empty()) return {};
    double value = 0.0;
    const char* first = spec.data() + (spec.starts_with("+") ? 1 : 0);
    const char* last = spec.data() + spec.size();
    const auto [end, error] = std::from_chars(first, last, value);
    if (error == std::errc() && end == last) {
        return std::vector<double>(static_cast<std::size_t>(n), value);
    }
    std::vector<double> bound = read_vector(spec);
    check_length(bound, n, spec, "bound", matrix_path);
    return bound;
}

}  // namespace asor::cli
