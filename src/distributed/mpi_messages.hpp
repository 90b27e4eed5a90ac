// asor (internal): the few MPI idioms the distributed engine repeats.
#pragma once

#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/error.hpp"

namespace asor::detail {

template <class T>
MPI_Datatype mpi_type();
template <>
inline MPI_Datatype mpi_type<double>() {
    return MPI_DOUBLE;
}
template <>
inline MPI_Datatype mpi_type<std::int32_t>() {
    return MPI_INT32_T;
}
template <>
inline MPI_Datatype mpi_type<std::int64_t>() {
    return MPI_INT64_T;
}

/// Tags of the point-to-point messages, one per kind.
enum MessageTag : int {
    kRowsTag = 1,
    kHaloTag = 2,
    kFinalHaloTag = 3,
    kCountTag = 4,
    kHeartbeatTag = 5,
};

/// The most entries of one message while distributing A: 4 MiB of doubles.
inline constexpr std::size_t kEntriesPerMessage = std::size_t{1} << 19;

inline int world_rank() {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

inline int world_size() {
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

/// A wait outside the rounds looks at its requests, yielding the core
/// between looks for its first kWaitYieldingSeconds (a blocking MPI call
/// would spin meanwhile; measured: a synchronous sweep of `local` on 2
/// ranks as fast as with MPI_Waitall and MPI_Allreduce, and nearly twice as
/// slow with sleeps from the start), then sleeping kWaitPause between
/// looks: never a spin for long, so that a rank sharing a core with another
/// (mpirun --oversubscribe) lets it run.
inline constexpr double kWaitYieldingSeconds = 500e-6;
inline constexpr std::chrono::microseconds kWaitPause{20};

/// Waits until every request completes, calling `between_looks()` after
/// each look that found one still pending (see kWaitYieldingSeconds).
template <class BetweenLooks>
void wait_all_without_spinning(std::span<MPI_Request> requests, BetweenLooks&& between_looks) {
    const auto start = std::chrono::steady_clock::now();
    const auto yielding = std::chrono::duration<double>(kWaitYieldingSeconds);
    for (int done = 0;;) {
        MPI_Testall(static_cast<int>(requests.size()), requests.data(), &done, MPI_STATUSES_IGNORE);
        if (done) return;
        between_looks();
        if (std::chrono::steady_clock::now() - start < yielding) {
            std::this_thread::yield();
        } else {
            std::this_thread::sleep_for(kWaitPause);
        }
    }
}

}  // namespace asor::detail
