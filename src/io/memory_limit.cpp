// asor (internal): how much memory a reader may plan to allocate.
#include "memory_limit.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string_view>

#include "asor/error.hpp"

namespace asor::detail {
namespace {

/// The first whitespace-separated word of a small file, if it can be read.
std::optional<std::string> first_word(const std::string& path) {
    std::ifstream in(path);
    std::string word;
    if (!(in >> word)) return std::nullopt;
    return word;
}

/// A small file holding one unsigned number ("max" or unreadable: nullopt).
std::optional<std::uint64_t> file_number(const std::string& path) {
    const std::optional<std::string> word = first_word(path);
    if (!word) return std::nullopt;
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(word->data(), word->data() + word->size(), value);
    if (ec != std::errc() || ptr != word->data() + word->size()) return std::nullopt;
    return value;
}

/// ASOR_MEMORY_LIMIT: digits, then optionally K, M, G or T.
std::optional<std::uint64_t> limit_from_environment() {
    const char* text = std::getenv(memory_limit_variable);
    if (text == nullptr) return std::nullopt;
    const std::string_view value(text);
    std::uint64_t bytes = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), bytes);
    std::string_view suffix(ptr, static_cast<std::size_t>(value.data() + value.size() - ptr));
    int shift = 0;
    if (suffix.size() == 1) {
        const auto found = std::string_view("KMGT").find(
            static_cast<char>(std::toupper(static_cast<unsigned char>(suffix[0]))));
        if (found != std::string_view::npos) {
            shift = 10 * static_cast<int>(found + 1);
            suffix.remove_prefix(1);
        }
    }
    if (ec != std::errc() || !suffix.empty() || (shift > 0 && bytes > (UINT64_MAX >> shift))) {
        throw Error(ErrorKind::usage, std::string(memory_limit_variable) + "='" + text +
                                          "' is not a memory size (expected a number of bytes, " +
                                          "optionally followed by K, M, G or T, e.g. 16G)");
    }
    return bytes << shift;
}

/// MemAvailable from /proc/meminfo, in bytes.
std::optional<std::uint64_t> mem_available() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (in >> key >> kib >> unit) {
        if (key == "MemAvailable:") return kib * 1024;
    }
    return std::nullopt;
}

/// The smallest of limit minus usage over a cgroup and its ancestors:
/// `base` + `path`, then each parent directory up to `base`.
std::optional<std::uint64_t> cgroup_left(const std::string& base, std::string path,
                                         const char* limit_file, const char* usage_file) {
    std::optional<std::uint64_t> least;
    for (;;) {
        const std::string dir = base + (path == "/" ? std::string() : path) + "/";
        if (const auto limit = file_number(dir + limit_file)) {
            const std::uint64_t usage = file_number(dir + usage_file).value_or(0);
            least = std::min(least.value_or(UINT64_MAX), *limit - std::min(*limit, usage));
        }
        const std::size_t slash = path.rfind('/');
        if (slash == std::string::npos || path == "/") return least;
        path = slash == 0 ? "/" : path.substr(0, slash);
    }
}

/// What the cgroup still allows: v2 (memory.max) or v1 (limit_in_bytes,
/// where "no limit" is a huge number), from the paths in /proc/self/cgroup.
std::optional<std::uint64_t> cgroup_available() {
    std::optional<std::uint64_t> least;
    std::ifstream self("/proc/self/cgroup");
    std::string line;
    while (std::getline(self, line)) {
        // "ID:CONTROLLERS:PATH"; cgroup v2 has ID 0 and no controllers.
        const std::size_t first = line.find(':');
        const std::size_t second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const std::string path = line.substr(second + 1);
        std::optional<std::uint64_t> left;
        if (line.starts_with("0::")) {
            left = cgroup_left("/sys/fs/cgroup", path, "memory.max", "memory.current");
        } else if (controllers == "memory" || controllers.find("memory,") == 0 ||
                   controllers.find(",memory") != std::string::npos) {
            left = cgroup_left("/sys/fs/cgroup/memory", path, "memory.limit_in_bytes",
                               "memory.usage_in_bytes");
        }
        if (left) least = std::min(least.value_or(UINT64_MAX), *left);
    }
    return least;
}

}  // namespace

MemoryBudget memory_budget() {
    if (const auto limit = limit_from_environment()) {
        return {*limit, std::string(memory_limit_variable)};
    }
    MemoryBudget budget;
    if (const auto available = mem_available()) {
        budget = {*available, "MemAvailable in /proc/meminfo"};
    } else {
        const long pages = ::sysconf(_SC_AVPHYS_PAGES);
        const long page_size = ::sysconf(_SC_PAGESIZE);
        if (pages > 0 && page_size > 0) {
            budget = {static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size),
                      "free physical memory"};
        }
    }
    if (const auto cgroup = cgroup_available(); cgroup && *cgroup < budget.bytes) {
        budget = {*cgroup, "the cgroup memory limit"};
    }
    return budget;
}

std::string format_bytes(double bytes) {
    constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    char text[48];
    if (bytes < 1024.0) {
        std::snprintf(text, sizeof text, "%.0f bytes", bytes);
        return text;
    }
    int unit = 0;
    bytes /= 1024.0;
    while (bytes >= 1024.0 && unit < 5) {
        bytes /= 1024.0;
        ++unit;
    }
    std::snprintf(text, sizeof text, "%.1f %s", bytes, units[unit]);
    return text;
}

}  // namespace asor::detail
