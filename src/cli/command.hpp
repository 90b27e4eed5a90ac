// asor CLI: what every subcommand gives main().
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace asor::cli {

/// A declared subcommand and the function that runs it once parsed. `run`
/// returns the exit code and may throw asor::Error (reported with exit 2).
struct Command {
    CLI::App* app;
    std::function<int()> run;
};

}  // namespace asor::cli
