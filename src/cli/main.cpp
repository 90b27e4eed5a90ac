// asor: the command line, a thin layer over the library.
#include <omp.h>

#include <cstdio>
#include <exception>
#include <new>

#include <CLI/CLI.hpp>

#include "asor/error.hpp"
#include "exit_codes.hpp"
#include "solve_command.hpp"

int main(int argc, char** argv) {
    CLI::App app{"asor: asynchronous SOR for sparse linear systems A x = b"};
    app.set_version_flag("--version", std::string("asor ") + ASOR_VERSION);
    app.require_subcommand(1);
    app.footer("Run 'asor solve --help' for the solver's options and exit codes.");
    const auto solve_options = asor::cli::setup_solve_command(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return asor::cli::kBadInput;
    }

    try {
        if (app.got_subcommand("solve")) return asor::cli::run_solve_command(*solve_options);
    } catch (const asor::Error& e) {
        std::fprintf(stderr, "asor: %s\n", e.what());
        return asor::cli::kBadInput;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "asor: out of memory\n");
        return asor::cli::kBadInput;
    }
    return asor::cli::kBadInput;
}
