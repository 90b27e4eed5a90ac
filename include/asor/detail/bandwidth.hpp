// asor: the machine's memory read bandwidth, the ceiling of a memory-bound sweep.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace asor {

/// Read bandwidth measured at one thread count.
struct ReadBandwidth {
    int threads = 1;                ///< the thread count asked of OpenMP
    double bytes_per_second = 0.0;  ///< bytes summed over seconds taken, best of the runs
};

/// Bytes of the array measure_read_bandwidth sums by default: 4 times the
/// largest cache the C library reports (at least 256 MiB), so that it streams
/// from memory rather than from a cache. Never throws; thread-safe.
std::size_t default_stream_bytes();

/// STREAM-style read kernel: sums an array of `bytes` (rounded down to whole
/// doubles) with each thread count in `thread_counts` (OpenMP, static
/// schedule, each thread's part read as four streams at once, the array
/// first touched by the largest count), best of `runs`
/// runs each (`runs` >= 1, default 5; `bytes` >= 8 KiB). Results are in the
/// order of `thread_counts`, one per entry. Allocates the array once (`bytes`
/// of memory for the duration of the call); throws asor::Error (usage) for a
/// thread count below 1, runs below 1 or fewer than 1024 doubles,
/// std::bad_alloc if the array does not fit. Thread-safe, but concurrent
/// calls (or any other work) compete for the memory bus and spoil the figure.
std::vector<ReadBandwidth> measure_read_bandwidth(std::span<const int> thread_counts,
                                                  std::size_t bytes = default_stream_bytes(),
                                                  int runs = 5);

}  // namespace asor
