#include "asor/method.hpp"

#include <array>

#include "enum_names.hpp"

namespace asor {

namespace {

//                                       parallel row_blocks omega  bounds async
constexpr std::array<MethodTraits, 7> kMethods{{
    {Method::async, "async", true, true, true, true, true},
    {Method::gs, "gs", false, false, false, true, false},
    {Method::sor, "sor", false, false, true, true, false},
    {Method::jacobi, "jacobi", true, true, true, true, false},
    {Method::multicolor, "multicolor", true, true, true, true, false},
    {Method::local, "local", true, true, true, true, false},
    {Method::cg, "cg", true, false, false, false, false},
}};

}  // namespace

std::span<const MethodTraits> all_methods() noexcept { return kMethods; }

const MethodTraits& traits(Method method) noexcept {
    for (const MethodTraits& t : kMethods) {
        if (t.method == method) return t;
    }
    return kMethods.front();
}

std::string_view to_string(Method method) noexcept {
    for (const MethodTraits& t : kMethods) {
        if (t.method == method) return t.name;
    }
    return "unknown";
}

Method parse_method(std::string_view name) {
    std::array<Method, kMethods.size()> values{};
    for (std::size_t i = 0; i < kMethods.size(); ++i) values[i] = kMethods[i].method;
    return detail::parse_by_name<Method>(name, values, "method");
}

}  // namespace asor
