// asor CLI: the `info` subcommand.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "command.hpp"

namespace asor::cli {

/// Everything `asor info` is told on the command line.
struct InfoCommandOptions {
    std::string matrix_path;
    bool json = false;
};

/// Declares the subcommand and its options on `app`.
Command setup_info_command(CLI::App& app);

/// Reads the matrix and prints its properties (or their JSON); returns 0.
/// Throws asor::Error for bad input, which main() reports with exit code 2.
int run_info_command(const InfoCommandOptions& options);

}  // namespace asor::cli
