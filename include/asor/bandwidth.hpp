// asor: the machine's memory read bandwidth, the ceiling of a memory-bound sweep.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace asor {

/// Read bandwidth measured at one thread count.
struct ReadBandwidth {
    int threads = 1;
    double bytes_per_second = 0.0;  ///< best of the runs
};

/// Bytes of the array read_bandwidth sums by default: 4 times the largest
/// cache the C library reports (at least 256 MiB), so that it streams from
/// memory rather than from a cache.
std::size_t default_stream_bytes();

/// STREAM-style read kernel: sums an array of `bytes` (rounded down to whole
/// doubles) with each thread count in `thread_counts` (OpenMP, static
/// schedule, the array first touched by the largest count), best of `runs`
/// runs each. Results are in the order of `thread_counts`. Allocates the array
/// once; throws asor::Error (usage) for a thread count below 1, runs below 1
/// or fewer than 1024 doubles, std::bad_alloc if the array does not fit.
std::vector<ReadBandwidth> measure_read_bandwidth(std::span<const int> thread_counts,
                                                  std::size_t bytes = default_stream_bytes(),
                                                  int runs = 5);

}  // namespace asor
