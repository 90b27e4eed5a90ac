// asor CLI: the `bench` subcommand.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.hpp"
#include "solver_options.hpp"

namespace asor::cli {

/// Everything `asor bench` is told on the command line.
struct BenchCommandOptions : SolverOptionValues {
    std::string matrix_path;
    std::string rhs_path;  ///< empty: b = A * ones
    std::string x0_path;
    std::vector<std::string> methods = {"gs",    "sor",   "jacobi", "multicolor",
                                        "local", "async", "cg"};
    std::vector<int> threads;  ///< empty: 1 and OpenMP's default
    int repeats = 5;
    bool stream = false;
    std::string csv_path;
    std::string json_path;
    std::string plot_path;
    std::string lcp_path;  ///< q of an LCP with M = the matrix: projected methods
};

/// Declares the subcommand and its options on `app`.
Command setup_bench_command(CLI::App& app);

/// Runs every method and thread count, prints the table on stdout and writes
/// the files asked for; returns 0 when every case converged in every repeat,
/// 1 otherwise (a case refused or not converged). Throws asor::Error for bad
/// input or usage (an unknown method), which main() reports with exit code 2.
int run_bench_command(const BenchCommandOptions& options);

}  // namespace asor::cli
