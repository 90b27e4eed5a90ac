// asor: the command line, a thin layer over the library.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "asor/distributed.hpp"
#include "asor/error.hpp"
#include "bench_command.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "generate_command.hpp"
#include "info_command.hpp"
#include "interrupts.hpp"
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

// Runs the command parsed; every error is one line, and ends the job when
// the other ranks could be left waiting.
int run_command(const std::vector<asor::cli::Command>& commands, const asor::MpiSession& mpi) {
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

// The time mpirun takes to end the job once a rank exited with a non-zero
// code (measured: 1.7 s with Open MPI 4.1, its SIGKILL coming a second after
// its SIGTERM), and a margin: the other ranks' timers wait this much longer
// than rank 0's, so that one rank says it.
constexpr double kLauncherEndSeconds = 3.0;

// MPI_Finalize waits for every rank inside the MPI runtime, where no
// heartbeat is served: a rank stopped after the last watched wait would
// hang the others there forever. While it runs, a timer ends the process
// with the stopped-rank error and exit code 4 if it takes more than the
// rank timeout (rank 0; the others later, see kLauncherEndSeconds), and
// mpirun then ends the job; silently with 128 + the signal if a SIGINT or
// SIGTERM came first.
class FinalizeTimer {
  public:
    FinalizeTimer(double rank_timeout_seconds, int rank)
        : thread_([this, rank_timeout_seconds, rank] {
              const double wait = rank == 0 ? rank_timeout_seconds
                                            : rank_timeout_seconds + std::max(rank_timeout_seconds,
                                                                              kLauncherEndSeconds);
              std::unique_lock lock(mutex_);
              if (done_changed_.wait_for(lock, std::chrono::duration<double>(wait),
                                         [this] { return done_; })) {
                  return;
              }
              // A SIGTERM came first: mpirun is ending the job (after an
              // interrupt, or another rank's MPI_Abort, which also resumed
              // a stopped rank with SIGCONT), so nobody is to blame here.
              if (const int signal = asor::cli::interrupting_signal()) std::_Exit(128 + signal);
              std::fprintf(stderr,
                           "asor: rank %d waited %.1f s in MPI_Finalize: another rank stopped, "
                           "hung or cut off from the others; ending the job (--rank-timeout)\n",
                           rank, wait);
              std::_Exit(asor::cli::kRankSilent);
          }) {}
    ~FinalizeTimer() {
        {
            const std::lock_guard lock(mutex_);
            done_ = true;
        }
        done_changed_.notify_one();
        thread_.join();
    }
    FinalizeTimer(const FinalizeTimer&) = delete;
    FinalizeTimer& operator=(const FinalizeTimer&) = delete;

  private:
    std::mutex mutex_;
    std::condition_variable done_changed_;
    bool done_ = false;
    std::thread thread_;  // last: started once the rest is built
};

// Ends MPI, under a FinalizeTimer when the ranks were watched.
int end_session(asor::MpiSession& mpi, int exit_code) {
    const double timeout = mpi.rank_timeout_seconds();
    if (timeout > 0.0) {
        asor::cli::stop_here_for_tests("finalize", mpi.rank());
        const FinalizeTimer timer(timeout, mpi.rank());
        mpi.finalize();
    }
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
    asor::MpiSession& mpi = *started;
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

    return end_session(mpi, run_command(commands, mpi));
}
