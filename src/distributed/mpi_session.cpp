// MPI started only under mpirun, so that the same binary runs alone as if
// MPI were not there (an MPI singleton would start Open MPI's runtime).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "asor/distributed.hpp"
#include "asor/error.hpp"

#if ASOR_HAS_MPI
#include "mpi_messages.hpp"
#include "watchdog.hpp"
#endif

namespace asor {

namespace {

// The world size a launcher gives its processes: Open MPI's mpirun sets
// OMPI_COMM_WORLD_SIZE, MPICH's mpiexec (Hydra) PMI_SIZE; 0 when absent.
int ranks_from_launcher() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
        if (const char* size = std::getenv(name)) return std::atoi(size);
    }
    return 0;
}

}  // namespace

#if ASOR_HAS_MPI

namespace {

// The session's heartbeats, from watch_ranks until MPI_Finalize: one
// session per process, whose waits and solve_distributed's serve them.
std::unique_ptr<detail::Watchdog>& watching() {
    static std::unique_ptr<detail::Watchdog> watchdog;
    return watchdog;
}

// The session's waits serve its watchdog once it watches; until then they
// only wait.
detail::Watchdog& session_waits() {
    static detail::Watchdog idle;
    detail::Watchdog* watchdog = detail::session_watchdog();
    return watchdog != nullptr ? *watchdog : idle;
}

}  // namespace

detail::Watchdog* detail::session_watchdog() noexcept { return watching().get(); }

MpiSession::MpiSession(int* argc, char*** argv) {
    if (ranks_from_launcher() == 0) return;
    int provided = MPI_THREAD_SINGLE;
    MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided);
    started_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks_);
    if (ranks_ != ranks_from_launcher()) {
        const int launched = ranks_from_launcher();
        MPI_Finalize();
        throw Error(ErrorKind::usage,
                    "started by a launcher of " + std::to_string(launched) +
                        " ranks, but MPI sees " + std::to_string(ranks_) +
                        ": this asor was built with another MPI than the launcher's (Open MPI's "
                        "mpirun or MPICH's mpiexec.mpich)");
    }
    if (provided < MPI_THREAD_SERIALIZED) {
        MPI_Finalize();
        throw Error(ErrorKind::usage,
                    "MPI grants thread level " + std::to_string(provided) +
                        " (expected MPI_THREAD_SERIALIZED or more: each rank's communication "
                        "thread calls MPI)");
    }
}

MpiSession::~MpiSession() { finalize(); }

void MpiSession::watch_ranks(double timeout_seconds) {
    detail::check_rank_timeout(timeout_seconds);
    if (ranks_ == 1 || watching()) return;
    watching() = std::make_unique<detail::Watchdog>(timeout_seconds);
    rank_timeout_seconds_ = timeout_seconds;
}

void MpiSession::wait_for_every_rank() const {
    if (ranks_ == 1) return;
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Ibarrier(MPI_COMM_WORLD, &request);
    session_waits().wait_all(std::span(&request, 1));
}

void MpiSession::finalize() {
    if (!started_) return;
    // A watchdog that tripped leaves MPI as it is (MPI_Abort follows);
    // otherwise it withdraws its receive before MPI ends.
    watching().reset();
    started_ = false;
    MPI_Finalize();
}

void MpiSession::on_root_collectively(const std::function<void()>& step) const {
    if (ranks_ == 1) {
        step();
        return;
    }
    detail::on_root_collectively(step, session_waits());
}

int MpiSession::largest_over_ranks(int value) const {
    if (ranks_ == 1) return value;
    int largest = value;
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Iallreduce(&value, &largest, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &request);
    session_waits().wait_all(std::span(&request, 1));
    return largest;
}

void MpiSession::abort_all_ranks(int exit_code) const {
    if (started_) {
        // What this rank just wrote (its one line on stderr) reaches the
        // terminal through the launcher's pipes: MPICH's mpiexec ended a
        // job once (in about 30 runs of a stopped rank) without forwarding
        // it. The launcher gets a moment to read it before the abort.
        std::fflush(nullptr);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        MPI_Abort(MPI_COMM_WORLD, exit_code);
    }
    std::exit(exit_code);
}

#else

MpiSession::MpiSession(int* /*argc*/, char*** /*argv*/) {
    if (ranks_from_launcher() > 1) {
        throw Error(ErrorKind::usage,
                    "started by mpirun with " + std::to_string(ranks_from_launcher()) +
                        " ranks, but this asor was built without MPI (-DASOR_MPI=OFF)");
    }
}

MpiSession::~MpiSession() = default;

void MpiSession::watch_ranks(double /*timeout_seconds*/) {}

void MpiSession::wait_for_every_rank() const {}

void MpiSession::finalize() {}

void MpiSession::on_root_collectively(const std::function<void()>& step) const { step(); }

int MpiSession::largest_over_ranks(int value) const { return value; }

void MpiSession::abort_all_ranks(int exit_code) const { std::exit(exit_code); }

#endif

}  // namespace asor
