// Heartbeats around the ring of ranks, and the watched wait that serves
// them while a rank waits for the others.
#include "watchdog.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "asor/distributed.hpp"

namespace asor::detail {

namespace {

// Heartbeats per timeout: the watched rank must miss three in a row before
// it is taken for silent, so that a busy moment is not a fault.
constexpr double kHeartbeatsPerTimeout = 4.0;

// serve_while's thread serves the watchdog this many times per heartbeat
// interval: a heartbeat leaves at most a quarter of an interval late.
constexpr double kServicesPerInterval = 4.0;

}  // namespace

void check_rank_timeout(double seconds) {
    if (!(seconds > 0.0) || !std::isfinite(seconds)) {
        throw Error(ErrorKind::usage, "the rank timeout must be a number of seconds above 0");
    }
}

Watchdog::Watchdog(double timeout_seconds)
    : timeout_(timeout_seconds),
      interval_(timeout_seconds / kHeartbeatsPerTimeout),
      last_heard_(Clock::now()),
      last_sent_(last_heard_),
      last_service_(last_heard_) {
    const int ranks = world_size();
    if (ranks == 1) return;
    const int rank = world_rank();
    watched_ = (rank + ranks - 1) % ranks;
    watcher_ = (rank + 1) % ranks;
    MPI_Irecv(&incoming_, 1, MPI_CHAR, watched_, kHeartbeatTag, MPI_COMM_WORLD, &receive_);
    MPI_Isend(&outgoing_, 1, MPI_CHAR, watcher_, kHeartbeatTag, MPI_COMM_WORLD, &send_);
}

Watchdog::~Watchdog() {
    if (tripped_ || watched_ < 0) return;
    MPI_Cancel(&receive_);
    MPI_Wait(&receive_, MPI_STATUS_IGNORE);
    // A heartbeat is one byte, sent eagerly: it completes without its
    // receiver, which may already have withdrawn its receive.
    if (send_ != MPI_REQUEST_NULL) MPI_Request_free(&send_);
}

void Watchdog::service() {
    if (watched_ < 0) return;
    const auto now = Clock::now();
    // Silence counts only while this rank listens: a gap between two calls
    // (this rank stopped, or busy) adds one interval at most, so that a
    // rank resumed after a stop does not blame its neighbour before it has
    // taken the heartbeats that waited for it.
    silence_ += std::min(std::chrono::duration<double>(now - last_service_).count(), interval_);
    last_service_ = now;
    for (int arrived = 1; arrived;) {
        MPI_Test(&receive_, &arrived, MPI_STATUS_IGNORE);
        if (!arrived) break;
        last_heard_ = now;
        silence_ = 0.0;
        MPI_Irecv(&incoming_, 1, MPI_CHAR, watched_, kHeartbeatTag, MPI_COMM_WORLD, &receive_);
    }
    if (std::chrono::duration<double>(now - last_sent_).count() >= interval_) {
        int done = 1;
        if (send_ != MPI_REQUEST_NULL) MPI_Test(&send_, &done, MPI_STATUS_IGNORE);
        if (done) {
            MPI_Isend(&outgoing_, 1, MPI_CHAR, watcher_, kHeartbeatTag, MPI_COMM_WORLD, &send_);
            last_sent_ = now;
        }
    }
    if (silence_ > timeout_) {
        tripped_ = true;
        throw RankSilentError(watched_, world_size(), seconds_since(last_heard_));
    }
}

void Watchdog::wait_all(std::span<MPI_Request> requests) {
    wait_all_without_spinning(requests, [this] { service(); });
}

void Watchdog::serve_while(const std::function<void()>& step) {
    if (watched_ < 0) {
        step();
        return;
    }
    std::mutex mutex;
    std::condition_variable stop;
    bool stepped = false;
    std::exception_ptr silent;
    const auto pause = std::chrono::duration<double>(interval_ / kServicesPerInterval);
    // Asleep between services, woken at once when the step is done. MPI
    // is called by one thread at a time (MPI_THREAD_SERIALIZED): this one
    // while the step runs, which calls none.
    std::thread beating([&] {
        std::unique_lock lock(mutex);
        while (!stop.wait_for(lock, pause, [&] { return stepped; })) {
            try {
                service();
            } catch (const RankSilentError&) {
                silent = std::current_exception();
                return;
            }
        }
    });
    const auto join = [&] {
        {
            const std::lock_guard lock(mutex);
            stepped = true;
        }
        stop.notify_one();
        beating.join();
    };
    try {
        step();
    } catch (...) {
        join();
        throw;
    }
    join();
    if (silent) std::rethrow_exception(silent);
}

}  // namespace asor::detail
