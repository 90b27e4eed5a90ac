// Boundary values between ranks: always-posted receives, sends of changed
// values once the previous one completed and the rank swept twice since,
// and a clean stop (complete the sends while receiving, then drain as many
// messages as each neighbour says it sent).
#include "halo_exchange.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

namespace asor::detail {

namespace {

void store_relaxed(double* to, std::span<const double> values) {
    for (std::size_t k = 0; k < values.size(); ++k) {
        std::atomic_ref<double>(to[k]).store(values[k], std::memory_order_relaxed);
    }
}

}  // namespace

HaloExchange::HaloExchange(const HaloPlan& plan, std::span<double> x, Index own_rows,
                           Watchdog& watchdog)
    : x_(x), watchdog_(watchdog) {
    for (const HaloPlan::Incoming& in : plan.incoming) {
        receiving_.push_back({in.rank, x.data() + own_rows + in.first_ghost,
                              std::vector<double>(static_cast<std::size_t>(in.count))});
    }
    for (const HaloPlan::Outgoing& out : plan.outgoing) {
        sending_.push_back({out.rank, out.rows, std::vector<double>(out.rows.size()),
                            std::vector<double>(out.rows.size())});
    }
}

HaloExchange::~HaloExchange() {
    for (Receiving& r : receiving_) {
        if (r.request == MPI_REQUEST_NULL) continue;
        MPI_Cancel(&r.request);
        MPI_Wait(&r.request, MPI_STATUS_IGNORE);
    }
}

void HaloExchange::start_round() {
    for (Receiving& r : receiving_) {
        MPI_Irecv(r.buffer.data(), static_cast<int>(r.buffer.size()), MPI_DOUBLE, r.rank, kHaloTag,
                  MPI_COMM_WORLD, &r.request);
        r.received_in_round = 0;
    }
    for (Sending& s : sending_) {
        s.owed = true;
        s.sent_in_round = 0;
        s.sweeps_at_send = 0;
    }
}

// Every message that arrived, in order: the newest is written last. None
// outside an asynchronous round (no receive posted: MPI_Test would call a
// null request complete).
bool HaloExchange::receive_arrivals() {
    bool any = false;
    for (Receiving& r : receiving_) {
        while (r.request != MPI_REQUEST_NULL) {
            int done = 0;
            MPI_Test(&r.request, &done, MPI_STATUS_IGNORE);
            if (!done) break;
            store_relaxed(r.ghosts, r.buffer);
            r.heard = any = true;
            ++r.received_in_round;
            ++messages_received_;
            MPI_Irecv(r.buffer.data(), static_cast<int>(r.buffer.size()), MPI_DOUBLE, r.rank,
                      kHaloTag, MPI_COMM_WORLD, &r.request);
        }
    }
    return any;
}

void HaloExchange::stage(Sending& s) const {
    for (std::size_t k = 0; k < s.rows.size(); ++k) {
        s.staged[k] = std::atomic_ref<double>(x_[s.rows[k]]).load(std::memory_order_relaxed);
    }
}

bool HaloExchange::poll(std::uint64_t sweeps) {
    const bool arrived = receive_arrivals();
    for (Sending& s : sending_) {
        int done = 1;
        if (s.request != MPI_REQUEST_NULL) MPI_Test(&s.request, &done, MPI_STATUS_IGNORE);
        if (!done) continue;
        if (!s.owed && sweeps < s.sweeps_at_send + kSweepsBetweenSends) continue;
        stage(s);
        if (!s.owed && s.staged == s.in_flight) continue;
        s.staged.swap(s.in_flight);
        s.owed = false;
        s.sweeps_at_send = sweeps;
        MPI_Isend(s.in_flight.data(), static_cast<int>(s.in_flight.size()), MPI_DOUBLE, s.rank,
                  kHaloTag, MPI_COMM_WORLD, &s.request);
        ++s.sent_in_round;
        count_sent(s.in_flight.size());
    }
    return arrived;
}

bool HaloExchange::heard_from_all() const {
    return std::all_of(receiving_.begin(), receiving_.end(),
                       [](const Receiving& r) { return r.heard; });
}

void HaloExchange::forget_heard() {
    for (Receiving& r : receiving_) r.heard = false;
}

bool HaloExchange::sends_pending() {
    bool pending = false;
    for (Sending& s : sending_) {
        int done = 1;
        if (s.request != MPI_REQUEST_NULL) MPI_Test(&s.request, &done, MPI_STATUS_IGNORE);
        pending = pending || !done;
    }
    return pending;
}

void HaloExchange::quiesce() {
    // A large message completes only once the neighbour's receive matches
    // it: keep receiving until this rank's own sends are done ...
    while (sends_pending()) {
        receive_arrivals();
        watchdog_.service();
        std::this_thread::sleep_for(kWaitPause);
    }
    // ... tell each neighbour how many messages to expect in all, and
    // receive until every neighbour's have arrived: then none is in flight.
    std::vector<std::uint64_t> expected(receiving_.size(), 0);
    std::vector<MPI_Request> counts;
    for (std::size_t k = 0; k < receiving_.size(); ++k) {
        counts.emplace_back();
        MPI_Irecv(&expected[k], 1, MPI_UINT64_T, receiving_[k].rank, kCountTag, MPI_COMM_WORLD,
                  &counts.back());
    }
    for (Sending& s : sending_) {
        counts.emplace_back();
        MPI_Isend(&s.sent_in_round, 1, MPI_UINT64_T, s.rank, kCountTag, MPI_COMM_WORLD,
                  &counts.back());
    }
    for (int done = 0;;) {
        MPI_Testall(static_cast<int>(counts.size()), counts.data(), &done, MPI_STATUSES_IGNORE);
        if (done) break;
        receive_arrivals();
        watchdog_.service();
        std::this_thread::sleep_for(kWaitPause);
    }
    for (std::size_t k = 0; k < receiving_.size(); ++k) {
        while (receiving_[k].received_in_round < expected[k]) {
            receive_arrivals();
            watchdog_.service();
            std::this_thread::sleep_for(kWaitPause);
        }
    }
    for (Receiving& r : receiving_) {
        if (r.request == MPI_REQUEST_NULL) continue;  // a synchronous round posts none
        MPI_Cancel(&r.request);
        MPI_Wait(&r.request, MPI_STATUS_IGNORE);
    }
}

void HaloExchange::exchange_once() {
    std::vector<MPI_Request> requests;
    for (Receiving& r : receiving_) {
        requests.emplace_back();
        MPI_Irecv(r.buffer.data(), static_cast<int>(r.buffer.size()), MPI_DOUBLE, r.rank,
                  kFinalHaloTag, MPI_COMM_WORLD, &requests.back());
    }
    for (Sending& s : sending_) {
        stage(s);
        requests.emplace_back();
        MPI_Isend(s.staged.data(), static_cast<int>(s.staged.size()), MPI_DOUBLE, s.rank,
                  kFinalHaloTag, MPI_COMM_WORLD, &requests.back());
        count_sent(s.staged.size());
    }
    watchdog_.wait_all(requests);
    for (Receiving& r : receiving_) store_relaxed(r.ghosts, r.buffer);
    messages_received_ += receiving_.size();
}

void HaloExchange::count_sent(std::size_t values) {
    ++messages_sent_;
    bytes_sent_ += values * sizeof(double);
}

}  // namespace asor::detail
