// Shared by the benchmarks: timing statistics and a description of the
// machine, so that every recorded figure says where it was measured.
#pragma once

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "asor/csr_matrix.hpp"
#include "asor/detail/benchmark.hpp"

namespace asor::bench {

/// Builds a square CSR matrix row by row, columns in increasing order: for
/// stencil matrices too large to go through a triplet list.
class CsrRowBuilder {
  public:
    CsrRowBuilder(Index n, std::size_t entries_per_row) {
        a_.rows = a_.cols = n;
        a_.row_offsets.reserve(static_cast<std::size_t>(n) + 1);
        a_.col_indices.reserve(entries_per_row * static_cast<std::size_t>(n));
        a_.values.reserve(entries_per_row * static_cast<std::size_t>(n));
    }
    void add(Index col, double value) {
        a_.col_indices.push_back(col);
        a_.values.push_back(value);
    }
    void end_row() { a_.row_offsets.push_back(static_cast<Offset>(a_.col_indices.size())); }
    CsrMatrix finish() { return std::move(a_); }

  private:
    CsrMatrix a_;
};

using asor::summarize;
using asor::Summary;

inline double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// "CPU model, N hardware threads, compiler".
inline std::string machine_description() {
    std::string cpu = "unknown CPU";
    std::ifstream info("/proc/cpuinfo");
    for (std::string line; std::getline(info, line);) {
        if (line.rfind("model name", 0) == 0) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    }
    std::string compiler =
#if defined(__clang__)
        "clang " __clang_version__;
#elif defined(__GNUC__)
        "g++ " __VERSION__;
#else
        "unknown compiler";
#endif
    return cpu + ", " + std::to_string(std::thread::hardware_concurrency()) +
           " hardware threads, " + compiler;
}

}  // namespace asor::bench
