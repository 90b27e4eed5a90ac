#include "asor/detail/bandwidth.hpp"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "asor/error.hpp"

namespace asor {

namespace {

// Each thread reads its part as four streams at once, a quarter each, as a
// sweep reads its matrix values, x, b and the diagonal side by side: on some
// cores (Intel Xeon, 2026-12-07) one stream reads a fifth slower than four,
// bound by the core's outstanding misses rather than by the memory. Eight
// independent sums, so that the adds' latency does not bound the loop.
double parallel_sum(const double* v, std::size_t n, int threads) {
    constexpr std::size_t kStreams = 4;
    double total = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
    {
        const auto t = static_cast<std::size_t>(omp_get_thread_num());
        const auto count = static_cast<std::size_t>(omp_get_num_threads());
        const std::size_t begin = n * t / count;
        const std::size_t end = n * (t + 1) / count;
        // Even, so that the pairs below cover [begin, begin + 4 * quarter).
        const std::size_t quarter = (end - begin) / kStreams & ~std::size_t{1};
        double s[2 * kStreams] = {};
        for (std::size_t i = 0; i + 2 <= quarter; i += 2) {
            for (std::size_t k = 0; k < kStreams; ++k) {
                s[2 * k] += v[begin + k * quarter + i];
                s[2 * k + 1] += v[begin + k * quarter + i + 1];
            }
        }
        for (std::size_t i = begin + kStreams * quarter; i < end; ++i) s[0] += v[i];
        total += ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    }
    return total;
}

// Each thread writes the part it will read, so that its pages sit near it.
void first_touch(double* v, std::size_t n, int threads) {
#pragma omp parallel num_threads(threads)
    {
        const auto t = static_cast<std::size_t>(omp_get_thread_num());
        const auto count = static_cast<std::size_t>(omp_get_num_threads());
        std::fill(v + n * t / count, v + n * (t + 1) / count, 1.0);
    }
}

}  // namespace

std::size_t default_stream_bytes() {
    long largest = 0;
    for (int name : {_SC_LEVEL1_DCACHE_SIZE, _SC_LEVEL2_CACHE_SIZE, _SC_LEVEL3_CACHE_SIZE,
                     _SC_LEVEL4_CACHE_SIZE}) {
        largest = std::max(largest, sysconf(name));
    }
    return std::max<std::size_t>(std::size_t{256} << 20, 4 * static_cast<std::size_t>(largest));
}

std::vector<ReadBandwidth> measure_read_bandwidth(std::span<const int> thread_counts,
                                                  std::size_t bytes, int runs) {
    const std::size_t n = bytes / sizeof(double);
    if (runs < 1 || n < 1024) throw Error(ErrorKind::usage, "bandwidth: too few runs or bytes");
    int most = 1;
    for (int t : thread_counts) {
        if (t < 1) throw Error(ErrorKind::usage, "bandwidth: thread counts must be at least 1");
        most = std::max(most, t);
    }
    const std::unique_ptr<double[]> v(new double[n]);
    first_touch(v.get(), n, most);

    std::vector<ReadBandwidth> results;
    volatile double sink = 0.0;  // keeps the sums from being optimised away
    for (int threads : thread_counts) {
        double best = 0.0;
        for (int r = 0; r < runs; ++r) {
            const auto start = std::chrono::steady_clock::now();
            sink = sink + parallel_sum(v.get(), n, threads);
            const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
            best = std::max(best, static_cast<double>(n * sizeof(double)) / elapsed.count());
        }
        results.push_back({threads, best});
    }
    return results;
}

}  // namespace asor
