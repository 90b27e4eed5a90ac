// asor (internal): numbers in messages, shortest round-trip form.
#pragma once

#include <charconv>
#include <string>

namespace asor::detail {

/// "1e-320", "0.5", "inf": the shortest text that reads back as `v`.
inline std::string shortest(double v) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

}  // namespace asor::detail
