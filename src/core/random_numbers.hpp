// asor (internal): random numbers that are the same on every platform.
#pragma once

#include <cstdint>
#include <random>

#include "asor/csr_matrix.hpp"

namespace asor::detail {

/// Uniform numbers from the raw output of std::mt19937_64, whose sequence the
/// standard fixes, by explicit arithmetic: the same on every platform.
class Random {
  public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    /// In [0, 1), 53 random bits.
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    /// In [0, n), n >= 1 (modulo bias below 2^-32 for n < 2^31).
    Index below(Index n) { return static_cast<Index>(engine_() % static_cast<std::uint64_t>(n)); }
    /// In [0, n) but never i; n >= 2.
    Index other_than(Index i, Index n) {
        const Index j = below(n - 1);
        return j >= i ? j + 1 : j;
    }

  private:
    std::mt19937_64 engine_;
};

}  // namespace asor::detail
