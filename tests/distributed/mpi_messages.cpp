// The MPI idioms of src/distributed/mpi_messages.hpp and watchdog.hpp.
#include "distributed/mpi_messages.hpp"

#include <catch2/catch.hpp>

#include "asor/distributed.hpp"
#include "distributed/watchdog.hpp"

#include <chrono>
#include <numeric>
#include <thread>
#include <vector>

using namespace asor;

namespace asor_tests {
extern const asor::MpiSession* mpi_session;  // main.cpp
}  // namespace asor_tests

TEST_CASE("arrays longer than a message arrive whole, in several messages", "[mpi]") {
    const int rank = detail::world_rank();
    const int ranks = detail::world_size();
    const std::size_t length = 2 * detail::kEntriesPerMessage + 7;
    std::vector<double> values(length);
    detail::Watchdog watchdog(30.0);
    if (rank == 0) {
        std::iota(values.begin(), values.end(), 0.5);
        for (int r = 1; r < ranks; ++r) detail::send_in_chunks<double>(values, r, watchdog);
        return;
    }
    detail::receive_in_chunks<double>(values, 0, watchdog);
    REQUIRE(values.front() == 0.5);
    REQUIRE(values[detail::kEntriesPerMessage] == 0.5 + detail::kEntriesPerMessage);
    REQUIRE(values.back() == 0.5 + (length - 1));
}

TEST_CASE("an error on rank 0 is thrown alike on every rank", "[mpi]") {
    detail::Watchdog idle;
    try {
        detail::on_root_collectively(
            [] { throw Error(ErrorKind::io, "only rank 0 could have seen this"); }, idle);
        FAIL("no error");
    } catch (const Error& e) {
        REQUIRE(e.kind() == ErrorKind::io);
        REQUIRE(std::string(e.what()) == "only rank 0 could have seen this");
    }
    int steps = 0;
    detail::on_root_collectively([&] { ++steps; }, idle);
    REQUIRE(steps == (detail::world_rank() == 0 ? 1 : 0));
}

TEST_CASE("every rank learns the largest of the ranks' values", "[mpi]") {
    const MpiSession& mpi = *asor_tests::mpi_session;
    // As for a signal that reached one rank only: 0 elsewhere.
    const int signal = mpi.rank() == mpi.ranks() - 1 ? 15 : 0;
    REQUIRE(mpi.largest_over_ranks(signal) == 15);
    REQUIRE(mpi.largest_over_ranks(-mpi.rank()) == 0);
}

TEST_CASE("a rank busy without MPI for longer than the rank timeout is not taken for silent",
          "[mpi]") {
    // Rank 0 reading or writing a large file: serve_while sends its
    // heartbeats while the others wait for it, watched, 4 timeouts long.
    detail::Watchdog watchdog(0.5);
    int step_ended = 0;
    REQUIRE_NOTHROW(detail::on_root_collectively(
        [&] {
            std::this_thread::sleep_for(std::chrono::seconds(2));
            step_ended = 1;
        },
        watchdog));
    detail::broadcast_from_root(&step_ended, 1, MPI_INT, watchdog);
    REQUIRE(step_ended == 1);
    REQUIRE_FALSE(watchdog.tripped());
}
