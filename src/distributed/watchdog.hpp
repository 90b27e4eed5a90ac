// asor (internal): heartbeats between ranks, so that a rank that falls
// silent (stopped by SIGSTOP, hung, cut off) ends the job instead of
// leaving the others waiting for it forever.
#pragma once

#include <chrono>
#include <span>

#include "methods/iteration.hpp"
#include "mpi_messages.hpp"

namespace asor::detail {

/// A ring of heartbeats: rank r sends a one-byte message to rank r + 1
/// every timeout / 4 seconds and expects one from rank r - 1 (modulo the
/// number of ranks), so that every rank is watched by exactly one other
/// and the job costs one heartbeat per rank per interval. Whatever thread
/// calls MPI at the time calls service() between its other calls: the
/// communication thread in each poll while the workers sweep, the solving
/// thread in every wait outside the rounds (wait_all). Used by one thread
/// at a time. With one rank it watches nothing.
class Watchdog {
  public:
    /// Posts the receive of the first heartbeat and sends one;
    /// `timeout_seconds` > 0.
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

    /// True once service() threw: MPI is then in an unknown state (a
    /// collective may be in flight with the silent rank), so destructors
    /// must not wait for anything.
    [[nodiscard]] bool tripped() const noexcept { return tripped_; }

  private:
    double timeout_;
    double interval_;
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

}  // namespace asor::detail
