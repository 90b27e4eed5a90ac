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

void add_solver_options(CLI::App& cmd, SolverOptionValues& v, bool storage_list) {
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
           "(Young's formula, estimated once per solver; async and local back\n"
           "off toward 1 if they diverge; 1 for non-symmetric A; the weight for\n"
           "jacobi: see asor info); gs uses 1")
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
                   "Longest time in milliseconds between the async monitor's checks (it\n"
                   "sleeps in between; small problems are checked every few sweeps);\n"
                   "for the other methods, between observer calls")
        ->check(CLI::Range(0.01, 3.6e6))
        ->capture_default_str();
    cmd.add_option_function<std::string>(
           "--inner-sweeps",
           [&v](const std::string& text) {
               int count = 0;
               const char* last = text.data() + text.size();
               const auto [end, error] = std::from_chars(text.data(), last, count);
               if (text == "auto") {
                   v.inner_sweeps = 0;
               } else if (error != std::errc() || end != last || count < 1 || count > 64) {
                   throw CLI::ValidationError("--inner-sweeps",
                                              "expected 1 to 64 or 'auto', got '" + text + "'");
               } else {
                   v.inner_sweeps = count;
               }
           },
           "async: relax each cache-sized sub-block of a worker's rows this many\n"
           "times before the next (1: plain sweeps; auto: adapted per block, 1 to 8)")
        ->default_str("1");
    cmd.add_option_function<std::string>(
           "--storage",
           [&v, storage_list](const std::string& text) {
               v.storages.clear();
               std::string_view rest = text;
               while (true) {
                   const std::size_t comma = storage_list ? rest.find(',') : rest.npos;
                   try {
                       v.storages.push_back(parse_storage(rest.substr(0, comma)));
                   } catch (const Error& e) {
                       throw CLI::ValidationError("--storage", e.what());
                   }
                   if (comma == rest.npos) break;
                   rest.remove_prefix(comma + 1);
               }
           },
           std::string("How the sweeps store A: double, compact (float32 values, 16-bit\n"
                       "column offsets where they fit, refined to the double residual), or\n"
                       "auto: compact for a matrix of 16 MiB or more whose columns mostly fit\n"
                       "16 bits and that survives the rounding") +
               (storage_list ? "\n(comma-separated: each one a case of its own)" : ""))
        ->default_str("auto");
    char factor[16];
    std::snprintf(factor, sizeof factor, "%gx", kAutoReorderFactor);
    const std::string reorder_help =
        "Renumber the unknowns at setup: rcm (reverse Cuthill-McKee, so that a row's\n"
        "reads of x lie close together), auto (rcm where it shrinks the mean |i - j|\n"
        "by " +
        std::string(factor) + " or more), none; x, b, x0 and bounds stay in the files' order";
    cmd.add_option("--reorder", v.reorder, reorder_help)
        ->check(CLI::IsMember({"none", "rcm", "auto"}))
        ->capture_default_str();
}

SolveOptions to_solve_options(const SolverOptionValues& v) {
    SolveOptions options;
    options.omega = v.omega;
    options.stopping.tolerance = v.tolerance;
    options.stopping.max_sweeps = v.max_sweeps;
    if (v.time_limit_seconds > 0.0) options.stopping.time_limit_seconds = v.time_limit_seconds;
    options.monitor_interval_seconds = v.monitor_interval_ms * 1e-3;
    options.storage = v.storages.front();
    options.inner_sweeps = v.inner_sweeps;
    options.reorder = parse_reorder(v.reorder);
    return options;
}

namespace {

void check_length(std::size_t length, Index n, const std::string& path, const std::string& what,
                  const std::string& matrix_path, const char* unit = "entries") {
    if (length != static_cast<std::size_t>(n)) {
        throw Error(ErrorKind::input, path + ": " + what + " has " + std::to_string(length) + " " +
                                          unit + " (expected " + std::to_string(n) +
                                          ", the size of " + matrix_path + ")");
    }
}

void check_rows(const DenseMatrix& m, Index n, const std::string& path, const std::string& what,
                const std::string& matrix_path) {
    check_length(static_cast<std::size_t>(m.rows), n, path, what, matrix_path,
                 m.cols == 1 ? "entries" : "rows");
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
        check_length(s.b.size(), s.a.rows, rhs_path, rhs_name, matrix_path);
    }
    if (x0_path.empty()) {
        s.x0.assign(static_cast<std::size_t>(s.a.cols), 0.0);
    } else {
        s.x0 = read_vector(x0_path);
        check_length(s.x0.size(), s.a.rows, x0_path, "initial guess", matrix_path);
    }
    return s;
}

SystemColumns read_system_columns(const std::string& matrix_path, const std::string& rhs_path,
                                  const std::string& x0_path, const std::string& rhs_name) {
    SystemColumns s;
    s.a = read_matrix(matrix_path);
    const auto n = static_cast<std::size_t>(s.a.rows);
    if (rhs_path.empty()) {
        s.b = DenseMatrix{s.a.rows, 1, rhs_for_ones_solution(s.a)};
    } else {
        s.b = read_dense_matrix(rhs_path);
        check_rows(s.b, s.a.rows, rhs_path, rhs_name, matrix_path);
    }
    s.x0 = DenseMatrix{s.a.rows, s.b.cols, std::vector<double>(n * s.b.cols, 0.0)};
    if (x0_path.empty()) return s;
    const DenseMatrix given = read_dense_matrix(x0_path);
    check_rows(given, s.a.rows, x0_path, "initial guess", matrix_path);
    if (given.cols != 1 && given.cols != s.b.cols) {
        throw Error(ErrorKind::input, x0_path + ": initial guess has " +
                                          std::to_string(given.cols) + " columns (expected 1 or " +
                                          std::to_string(s.b.cols) + ", as " + rhs_path + ")");
    }
    for (Index j = 0; j < s.b.cols; ++j) {
        const auto from = given.column(given.cols == 1 ? 0 : j);
        std::copy(from.begin(), from.end(), s.x0.column(j).begin());
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
    check_length(bound.size(), n, spec, "bound", matrix_path);
    return bound;
}

}  // namespace asor::cli
