// asor CLI: the `solve` subcommand.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "asor/distributed.hpp"
#include "asor/solve.hpp"
#include "command.hpp"
#include "solver_options.hpp"

namespace asor::cli {

/// Everything `asor solve` is told on the command line.
struct SolveCommandOptions : SolverOptionValues {
    std::string matrix_path;
    std::string rhs_path;  ///< empty: b = A * ones
    std::string x0_path;
    std::string output_path;
    std::string json_path;
    std::string history_path;
    std::string checkpoint_path;
    double checkpoint_every_seconds = 60.0;
    std::string resume_path;
    std::string lower;  ///< a number or a vector file; empty: no lower bound
    std::string upper;
    bool lcp = false;  ///< `asor lcp`: A is M, the right-hand side is q

    std::string method = "async";
    int threads = 0;
    bool progress = false;
    bool stats = false;
    bool quiet = false;
    bool no_fallback = false;            ///< --no-fallback
    double rank_timeout_seconds = 30.0;  ///< --rank-timeout, across MPI ranks
};

/// Declares the subcommand and its options on `app`. Under mpirun with more
/// than one rank (`mpi`, which must outlive the command), the solve runs
/// across the ranks (solve_distributed).
Command setup_solve_command(CLI::App& app, MpiSession& mpi);

/// Declares `asor lcp M.mtx q.mtx`: the options of solve but the bounds, run
/// by the same code.
Command setup_lcp_command(CLI::App& app, MpiSession& mpi);

/// Runs it; returns the exit code (0 converged, 1 not converged, 3 diverged).
/// Throws asor::Error for bad input, which main() reports with exit code 2.
int run_solve_command(const SolveCommandOptions& options, MpiSession& mpi);

}  // namespace asor::cli
