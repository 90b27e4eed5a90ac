// asor (internal): how much memory a reader may plan to allocate.
#pragma once

#include <cstdint>
#include <string>

namespace asor::detail {

/// The memory this process may still allocate, and where the figure comes
/// from (for error messages).
struct MemoryBudget {
    std::uint64_t bytes = UINT64_MAX;  ///< UINT64_MAX when nothing is known
    std::string source;                ///< e.g. "MemAvailable in /proc/meminfo"
};

/// The environment variable that replaces the detected figure: a number of
/// bytes, optionally followed by K, M, G or T (powers of 1024), e.g. "16G".
inline constexpr const char* memory_limit_variable = "ASOR_MEMORY_LIMIT";

/// ASOR_MEMORY_LIMIT when it is set; otherwise the smaller of MemAvailable
/// (/proc/meminfo, or sysconf(_SC_AVPHYS_PAGES) without it) and what the
/// process's cgroup and its ancestors still allow (memory.max minus
/// memory.current for cgroup v2, memory.limit_in_bytes minus
/// memory.usage_in_bytes for v1). Reads the environment, /proc and /sys on
/// every call. Throws asor::Error (usage) for a malformed ASOR_MEMORY_LIMIT.
MemoryBudget memory_budget();

/// A byte count for people: "512 bytes", "7.6 MiB", "24.6 GiB".
std::string format_bytes(double bytes);

}  // namespace asor::detail
