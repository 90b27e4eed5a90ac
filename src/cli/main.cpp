// asor: the command line, a thin layer over the library.
#include <cstdio>
#include <exception>
#include <new>
#include <vector>

#include <CLI/CLI.hpp>

#include "asor/error.hpp"
#include "bench_command.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "generate_command.hpp"
#include "info_command.hpp"
#include "solve_command.hpp"

int main(int argc, char** argv) {
    CLI::App app{
        "asor: asynchronous SOR for sparse linear systems A x = b and complementarity problems"};
    app.set_version_flag("--version", std::string("asor ") + ASOR_VERSION);
    app.require_subcommand(1);
    app.footer(
        "Run 'asor COMMAND --help' for a command's options; 'asor solve --help' lists the exit\n"
        "codes.\n"
        "Environment: OMP_NUM_THREADS (the default --threads), OMP_PROC_BIND and OMP_PLACES\n"
        "(pinning threads to cores), OMP_WAIT_POLICY (how OpenMP threads wait at barriers),\n"
        "ASOR_MEMORY_LIMIT (bytes, or e.g. 16G: the memory a matrix is checked against).");
    const std::vector<asor::cli::Command> commands = {
        asor::cli::setup_solve_command(app),    asor::cli::setup_lcp_command(app),
        asor::cli::setup_generate_command(app), asor::cli::setup_bench_command(app),
        asor::cli::setup_info_command(app),
    };

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
        for (const asor::cli::Command& command : commands) {
            if (command.app->parsed()) return command.run();
        }
    } catch (const asor::Error& e) {
        std::fprintf(stderr, "asor: %s\n", e.what());
        return asor::cli::kBadInput;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "asor: out of memory\n");
        return asor::cli::kBadInput;
    } catch (const std::exception& e) {
        // Not the library's documented error (e.g. a thread that could not be
        // started): still one line and exit 2, never an abort.
        std::fprintf(stderr, "asor: %s\n", e.what());
        return asor::cli::kBadInput;
    }
    return asor::cli::kBadInput;
}
