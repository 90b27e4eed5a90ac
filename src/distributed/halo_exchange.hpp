// asor (internal): the boundary values one rank exchanges with its
// neighbours while its workers sweep.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "local_system.hpp"
#include "mpi_messages.hpp"
#include "watchdog.hpp"

namespace asor::detail {

/// Two-sided, asynchronous: a receive is always posted per incoming
/// neighbour, and its newest message is written into the ghost entries of
/// x; an own row's values go to the ranks that need them when they changed,
/// the previous message to that rank completed (MPI_Isend) and this rank's
/// slowest block swept kSweepsBetweenSends times since, so at most one
/// message per neighbour is in flight from this rank, and at most one per
/// communication thread's poll.
/// Workers may read and write x meanwhile: every access goes through
/// std::atomic_ref, relaxed. Called by one thread at a time, the only one
/// calling MPI then; poll() by the communication thread while the workers
/// run, quiesce() and exchange_once() by every rank once they stopped.
class HaloExchange {
  public:
    /// Sweeps of the rank's slowest block between two sends to a neighbour.
    /// Measured on the 10^6-row Poisson problem, 2 ranks of 1 thread: with
    /// 1 (a send per sweep) 119 to 151 messages and 57 to 58 sweeps; with 2,
    /// 62 to 65 messages and the same sweeps; with 3, 46 to 49 messages and
    /// 59 to 66 sweeps (bench/README.md).
    static constexpr std::uint64_t kSweepsBetweenSends = 2;

    /// `x` holds own_rows own entries then the ghosts (see LocalSystem);
    /// it and `watchdog`, which every wait of quiesce() and exchange_once()
    /// serves, must outlive the exchange.
    HaloExchange(const HaloPlan& plan, std::span<double> x, Index own_rows, Watchdog& watchdog);
    /// Cancels receives still posted (after quiesce there are none).
    ~HaloExchange();

    /// Before each round of asynchronous sweeps: posts the receives, and
    /// owes every neighbour the values, changed or not.
    void start_round();
    HaloExchange(const HaloExchange&) = delete;
    HaloExchange& operator=(const HaloExchange&) = delete;

    /// Writes what arrived into the ghosts, reposting each receive; then
    /// sends to each neighbour whose previous message completed the values
    /// if any changed and the slowest block's `sweeps` in the round grew by
    /// kSweepsBetweenSends since the last send, or in any case the first
    /// time in a round (so that every rank hears from each of its
    /// neighbours in every round). True if anything arrived.
    bool poll(std::uint64_t sweeps);
    /// True when every incoming neighbour was heard from since forget_heard().
    [[nodiscard]] bool heard_from_all() const;
    void forget_heard();

    /// Collective between neighbours: completes this rank's sends while
    /// writing what arrives, tells each neighbour how many messages it sent
    /// in the round, receives until it has all of each neighbour's, then
    /// withdraws the posted receives. No halo message is in flight after.
    void quiesce();
    /// Collective, outside a round (after quiesce): one blocking exchange
    /// of every boundary value, so that the ghosts equal their owners'
    /// entries (a consistent x). Also the whole exchange of a synchronous
    /// sweep.
    void exchange_once();

    /// Messages of boundary values this rank sent, by poll() and
    /// exchange_once(), and their payload in bytes (8 a value).
    [[nodiscard]] std::uint64_t messages_sent() const noexcept { return messages_sent_; }
    [[nodiscard]] std::uint64_t bytes_sent() const noexcept { return bytes_sent_; }
    /// Messages of boundary values this rank received (each written into
    /// its ghosts), during the rounds and by exchange_once(). After the
    /// last quiesce(), the sum over all ranks equals that of messages_sent().
    [[nodiscard]] std::uint64_t messages_received() const noexcept { return messages_received_; }

  private:
    struct Receiving {
        int rank;
        double* ghosts;
        std::vector<double> buffer;
        MPI_Request request = MPI_REQUEST_NULL;
        bool heard = false;
        std::uint64_t received_in_round = 0;
    };
    struct Sending {
        int rank;
        std::vector<Index> rows;
        std::vector<double> staged;     ///< the values now
        std::vector<double> in_flight;  ///< the values last sent
        MPI_Request request = MPI_REQUEST_NULL;
        bool owed = true;
        std::uint64_t sent_in_round = 0;
        std::uint64_t sweeps_at_send = 0;  ///< the slowest block's, in the round
    };

    bool receive_arrivals();
    void stage(Sending& s) const;
    bool sends_pending();

    std::span<double> x_;
    Watchdog& watchdog_;
    std::vector<Receiving> receiving_;
    std::vector<Sending> sending_;
    void count_sent(std::size_t values);

    std::uint64_t messages_sent_ = 0;
    std::uint64_t bytes_sent_ = 0;
    std::uint64_t messages_received_ = 0;
};

}  // namespace asor::detail
