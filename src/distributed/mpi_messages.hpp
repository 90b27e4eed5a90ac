// asor (internal): the few MPI idioms the distributed engine repeats.
#pragma once

#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
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

/// Sends `data` to `rank` in messages of at most kEntriesPerMessage entries;
/// the receiver knows the total and calls receive_in_chunks.
template <class T>
void send_in_chunks(std::span<const T> data, int rank) {
    for (std::size_t at = 0; at < data.size(); at += kEntriesPerMessage) {
        const std::size_t count = std::min(kEntriesPerMessage, data.size() - at);
        MPI_Send(data.data() + at, static_cast<int>(count), mpi_type<T>(), rank, kRowsTag,
                 MPI_COMM_WORLD);
    }
}

template <class T>
void receive_in_chunks(std::span<T> data, int rank) {
    for (std::size_t at = 0; at < data.size(); at += kEntriesPerMessage) {
        const std::size_t count = std::min(kEntriesPerMessage, data.size() - at);
        MPI_Recv(data.data() + at, static_cast<int>(count), mpi_type<T>(), rank, kRowsTag,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
}

/// Runs `step` on rank 0 and makes its outcome collective: if it throws
/// asor::Error there, every rank throws the same error (kind and message);
/// otherwise every rank returns. The other ranks do nothing but wait.
template <class Step>
void on_root_collectively(Step&& step) {
    int kind = -1;  // no error
    std::string message;
    if (world_rank() == 0) {
        try {
            step();
        } catch (const Error& e) {
            kind = static_cast<int>(e.kind());
            message = e.what();
        }
    }
    MPI_Bcast(&kind, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (kind < 0) return;
    int length = static_cast<int>(message.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
    message.resize(static_cast<std::size_t>(length));
    MPI_Bcast(message.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
    throw Error(static_cast<ErrorKind>(kind), message);
}

}  // namespace asor::detail
