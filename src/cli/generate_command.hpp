// asor CLI: the `generate` subcommand.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "asor/generators.hpp"
#include "command.hpp"

namespace asor::cli {

/// Everything `asor generate` is told on the command line.
struct GenerateCommandOptions {
    std::string kind;
    ProblemSpec spec;  ///< all but `kind`, which is parsed from the string above
    std::string output_path;
    std::string rhs_path;       ///< empty: no right-hand side (for the LCP kinds, q) written
    std::string obstacle_path;  ///< obstacle2d: psi
    std::string solution_path;  ///< lcp: the known solution z*
    bool quiet = false;
};

/// Declares the subcommand and its options on `app`.
Command setup_generate_command(CLI::App& app);

/// Generates and writes the matrix (and b = A * ones); returns 0. Throws
/// asor::Error for a bad kind, parameter or path, which main() reports with
/// exit code 2.
int run_generate_command(const GenerateCommandOptions& options);

}  // namespace asor::cli
