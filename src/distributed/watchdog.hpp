// asor (internal): heartbeats between ranks, so that a rank that falls
// silent (stopped by SIGSTOP, hung, cut off) ends the job instead of
// leaving the others waiting for it forever; and the transfers outside the
// rounds, whose every wait serves them.
#pragma once

#include <chrono>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "asor/error.hpp"
#include "methods/iteration.hpp"
#include "mpi_messages.hpp"

namespace asor::detail {

/// A ring of heartbeats: rank r sends a one-byte message to rank r + 1
/// every timeout / 4 seconds and expects one from rank r - 1 (modulo the
/// number of ranks), so that every rank is watched by exactly one other
/// and the job costs one heartbeat per rank per interval. Whatever thread
/// calls MPI at the time calls service() between its other calls: the
/// communication thread in each poll while the workers sweep, the solving
/// thread in every wait outside the rounds (wait_all), a thread of its own
/// while the solving thread works without MPI for long (serve_while). Used
/// by one thread at a time. With one rank it watches nothing.
class Watchdog {
  public:
    /// Watches nothing and sends nothing: its waits only wait (a session
    /// that was not asked to watch the ranks).
    Watchdog() = default;
    /// Posts the receive of the first heartbeat and sends one;
    /// `timeout_seconds` > 0. Every rank must start its own within the
    /// timeout of its watcher's.
    explicit Watchdog(double timeout_seconds);
    /// Withdraws the posted receive (unless a rank fell silent: then MPI
    /// is left as it is, for MPI_Abort).
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    /// Takes the heartbeats that arrived, sends one when due (and the
    /// previous one completed), then throws RankSilentError if the watched
    /// rank sent none for the timeout while this rank listened: the time
    /// between two calls counts for at most one heartbeat interval, so
    /// that a rank that was itself stopped or busy gives its neighbour's
    /// heartbeats the time to arrive. Cheap: a clock read and one or two
    /// MPI_Test.
    void service();

    /// Waits until every request completes without spinning
    /// (wait_all_without_spinning), calling service() between looks. The
    /// watched wait of every collective and exchange outside the
    /// rounds.
    void wait_all(std::span<MPI_Request> requests);

    /// Runs `step`, which must not call MPI, on the calling thread while
    /// another thread calls service() a few times per heartbeat interval,
    /// so that a rank busy for long (rank 0 reading the files, writing x)
    /// still sends heartbeats and its watcher does not take it for silent.
    /// If the watched rank fell silent meanwhile, throws RankSilentError
    /// once `step` returned (an exception of `step` comes first).
    void serve_while(const std::function<void()>& step);

    /// The timeout given, 0 for a watchdog that watches nothing.
    [[nodiscard]] double timeout_seconds() const noexcept { return timeout_; }

    /// True once service() threw: MPI is then in an unknown state (a
    /// collective may be in flight with the silent rank), so destructors
    /// must not wait for anything.
    [[nodiscard]] bool tripped() const noexcept { return tripped_; }

  private:
    double timeout_ = 0.0;
    double interval_ = 0.0;
    int watched_ = -1;  ///< the rank whose heartbeats this one expects (-1: none)
    int watcher_ = -1;  ///< the rank this one sends heartbeats to
    Clock::time_point last_heard_;
    Clock::time_point last_sent_;
    Clock::time_point last_service_;
    double silence_ = 0.0;  ///< seconds this rank listened in vain since last_heard_
    MPI_Request receive_ = MPI_REQUEST_NULL;
    MPI_Request send_ = MPI_REQUEST_NULL;
    char incoming_ = 0;
    char outgoing_ = 0;
    bool tripped_ = false;
};

/// Throws asor::Error (usage) unless `seconds`, a rank timeout, is a finite
/// number above 0.
void check_rank_timeout(double seconds);

/// The watchdog of the process's MpiSession once MpiSession::watch_ranks
/// started it (one session per process), null otherwise: every wait of the
/// session and of solve_distributed then serves it.
Watchdog* session_watchdog() noexcept;

/// Posts `post(at, count, &request)` for each run of at most
/// kEntriesPerMessage of `size` entries, all at once, and waits for them
/// through `watchdog`.
template <class Post>
void transfer_in_chunks(std::size_t size, Watchdog& watchdog, Post&& post) {
    std::vector<MPI_Request> requests;
    for (std::size_t at = 0; at < size; at += kEntriesPerMessage) {
        requests.push_back(MPI_REQUEST_NULL);
        post(at, static_cast<int>(std::min(kEntriesPerMessage, size - at)), &requests.back());
    }
    watchdog.wait_all(requests);
}

/// Sends `data` to `rank` in messages of at most kEntriesPerMessage
/// entries, waited for through `watchdog` (a rank that does not receive
/// them would otherwise hold rank 0 in a blocking send); the receiver knows
/// the total and calls receive_in_chunks.
template <class T>
void send_in_chunks(std::span<const T> data, int rank, Watchdog& watchdog) {
    transfer_in_chunks(data.size(), watchdog, [&](std::size_t at, int count, MPI_Request* request) {
        MPI_Isend(data.data() + at, count, mpi_type<T>(), rank, kRowsTag, MPI_COMM_WORLD, request);
    });
}

/// Receives what send_in_chunks sends, through `watchdog`: rank 0 may
/// still be sending to the ranks before this one.
template <class T>
void receive_in_chunks(std::span<T> data, int rank, Watchdog& watchdog) {
    transfer_in_chunks(data.size(), watchdog, [&](std::size_t at, int count, MPI_Request* request) {
        MPI_Irecv(data.data() + at, count, mpi_type<T>(), rank, kRowsTag, MPI_COMM_WORLD, request);
    });
}

/// MPI_Bcast from rank 0, waited for through `watchdog`.
inline void broadcast_from_root(void* data, int count, MPI_Datatype type, Watchdog& watchdog) {
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Ibcast(data, count, type, 0, MPI_COMM_WORLD, &request);
    watchdog.wait_all(std::span(&request, 1));
}

/// Runs `step` on rank 0 and makes its outcome collective: if it throws
/// asor::Error there, every rank throws the same error (kind and message);
/// otherwise every rank returns. Rank 0 runs it under
/// watchdog.serve_while (it may take a while: reading the files, writing
/// x), so `step` must not call MPI; the other ranks wait through
/// `watchdog`.
template <class Step>
void on_root_collectively(Step&& step, Watchdog& watchdog) {
    int kind = -1;  // no error
    std::string message;
    if (world_rank() == 0) {
        watchdog.serve_while([&] {
            try {
                step();
            } catch (const Error& e) {
                kind = static_cast<int>(e.kind());
                message = e.what();
            }
        });
    }
    broadcast_from_root(&kind, 1, MPI_INT, watchdog);
    if (kind < 0) return;
    int length = static_cast<int>(message.size());
    broadcast_from_root(&length, 1, MPI_INT, watchdog);
    message.resize(static_cast<std::size_t>(length));
    broadcast_from_root(message.data(), length, MPI_CHAR, watchdog);
    throw Error(static_cast<ErrorKind>(kind), message);
}

}  // namespace asor::detail
