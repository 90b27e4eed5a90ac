// asor (internal): parsing the names of the library's enumerations.
#pragma once

#include <string>
#include <string_view>

#include "asor/error.hpp"

namespace asor::detail {

/// The value among `all` whose to_string is `name`; throws asor::Error
/// (usage) "unknown WHAT 'NAME' (expected one of A, B, ...)" otherwise.
template <class Enum, class Values>
Enum parse_by_name(std::string_view name, const Values& all, std::string_view what) {
    std::string known;
    for (Enum value : all) {
        if (name == to_string(value)) return value;
        known += (known.empty() ? "" : ", ") + std::string(to_string(value));
    }
    throw Error(ErrorKind::usage, "unknown " + std::string(what) + " '" + std::string(name) +
                                      "' (expected one of " + known + ")");
}

}  // namespace asor::detail
