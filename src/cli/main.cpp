// asor: the command line, a thin layer over the library.
#include <cstdio>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "asor/distributed.hpp"
#include "asor/error.hpp"
#include "bench_command.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "generate_command.hpp"
#include "info_command.hpp"
#include "solve_command.hpp"

namespace {

// One rank's view of an error. Errors of the library's distributed solve
// are thrown alike on every rank: rank 0 says it once, every rank exits 2.
// Any other failure may be one rank's alone, while the others wait for it
// in a collective call: that one ends them all.
int report_error(const asor::MpiSession& mpi, const char* what, bool same_on_every_rank,
                 int exit_code = asor::cli::kBadInput) {
    if (mpi.rank() == 0 || !same_on_every_rank) std::fprintf(stderr, "asor: %s\n", what);
    if (mpi.ranks() > 1 && !same_on_every_rank) mpi.abort_all_ranks(exit_code);
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    std::optional<asor::MpiSession> started;
    try {
        started.emplace(&argc, &argv);
    } catch (const asor::Error& e) {
        std::fprintf(stderr, "asor: %s\n", e.what());
        return asor::cli::kBadInput;
    }
    const asor::MpiSession& mpi = *started;
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
        asor::cli::setup_solve_command(app, mpi), asor::cli::setup_lcp_command(app, mpi),
        asor::cli::setup_generate_command(app),   asor::cli::setup_bench_command(app),
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
    } catch (const asor::RankSilentError& e) {
        // Noticed by one rank, the silent one's watcher: it says so and ends
        // the job (MPI_Abort), as the others may still wait for the silent one.
        const std::string what = std::string(e.what()) + "; ending the job (--rank-timeout)";
        return report_error(mpi, what.c_str(), false, asor::cli::kRankSilent);
    } catch (const asor::Error& e) {
        return report_error(mpi, e.what(), true);
    } catch (const std::bad_alloc&) {
        return report_error(mpi, "out of memory", false);
    } catch (const std::exception& e) {
        // Not the library's documented error (e.g. a thread that could not be
        // started): still one line and exit 2, never an abort on one process.
        return report_error(mpi, e.what(), false);
    }
    return asor::cli::kBadInput;
}
