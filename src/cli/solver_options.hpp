// asor CLI: what every command that runs the solver reads and declares alike.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "asor/csr_matrix.hpp"
#include "asor/matrix_market.hpp"
#include "asor/solve.hpp"

namespace asor::cli {

/// The solver options shared by `solve` and `bench`.
struct SolverOptionValues {
    double omega = 1.0;
    bool auto_omega = false;  ///< --omega auto: choose_omega decides
    double tolerance = 1e-8;
    std::uint64_t max_sweeps = 10000;
    double time_limit_seconds = 0.0;  ///< 0: none
    double monitor_interval_ms = 1.0;
    int inner_sweeps = 1;
    std::vector<Storage> storages{Storage::automatic};  ///< --storage: one, or bench's list
    std::string rhs_choice;                             ///< --rhs: a file, "auto", or empty
    std::string reorder = "none";                       ///< --reorder: none, rcm or auto
};

/// Declares the positional arguments A.mtx and B.mtx (optional), and
/// --rhs FILE|auto as the other way to name B.mtx.
void add_system_arguments(CLI::App& cmd, std::string& matrix_path, std::string& rhs_path,
                          std::string& rhs_choice);

/// The right-hand side's path from B.mtx or --rhs (empty: b = A * ones).
/// "auto" looks beside NAME.mtx (or NAME.mtx.gz) for NAME_b.mtx or
/// NAME_b.mtx.gz, as SuiteSparse ships them, and says on stderr what it
/// found (unless `quiet`). Throws asor::Error (usage) for "auto" with a
/// matrix read from standard input.
std::string resolve_rhs(const std::string& matrix_path, const std::string& rhs_path,
                        const std::string& rhs_choice, bool quiet);

/// Declares --omega (a number or "auto"), --tol, --max-sweeps, --time-limit,
/// --monitor-interval, --inner-sweeps, --reorder and --storage (a
/// comma-separated list where `storage_list`, as bench compares them).
void add_solver_options(CLI::App& cmd, SolverOptionValues& values, bool storage_list = false);

/// The values as library options (the first storage); method, threads and
/// observer stay default.
SolveOptions to_solve_options(const SolverOptionValues& values);

/// A x = b as read from the command line's files.
struct SystemInput {
    CsrMatrix a;
    std::vector<double> b;
    std::vector<double> x0;  ///< zeros unless given
};

/// A x = b with k right-hand sides, as read from the command line's files.
struct SystemColumns {
    CsrMatrix a;
    DenseMatrix b;   ///< k columns
    DenseMatrix x0;  ///< k columns: zeros unless given (one column given is used for all)
};

/// Reads A, then B (A * ones when `rhs_path` is empty; a dense array of k
/// columns otherwise) and x0 (zeros when `x0_path` is empty; one column or
/// k). Throws asor::Error (input) naming the file when B or x0 does not have
/// n rows, or x0 neither 1 nor k columns, as the readers do for malformed files.
SystemColumns read_system_columns(const std::string& matrix_path, const std::string& rhs_path,
                                  const std::string& x0_path,
                                  const std::string& rhs_name = "right-hand side");

/// Reads A, then b (A * ones when `rhs_path` is empty) and x0 (zeros when
/// `x0_path` is empty). Throws asor::Error (input) naming the file when b or
/// x0 does not have n entries, as the readers do for malformed files.
SystemInput read_system(const std::string& matrix_path, const std::string& rhs_path,
                        const std::string& x0_path,
                        const std::string& rhs_name = "right-hand side");

/// A bound of `--lower`/`--upper`: a number (every entry; "inf" and "-inf"
/// allowed) or a vector file of n entries. Empty `spec`: no bound (empty).
/// Throws asor::Error (input) naming the file for a wrong length.
std::vector<double> read_bound(const std::string& spec, Index n, const std::string& matrix_path);

}  // namespace asor::cli
