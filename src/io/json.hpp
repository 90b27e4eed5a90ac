// asor: the small JSON writer behind the machine-readable reports (internal).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "core/number_format.hpp"

namespace asor::detail {

inline std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

inline std::string json_number(double v) { return std::isfinite(v) ? shortest(v) : "null"; }

inline std::string json_number(std::int64_t v) { return std::to_string(v); }
inline std::string json_number(std::uint64_t v) { return std::to_string(v); }

// Writes `"name": value` pairs separated by commas.
class JsonObject {
  public:
    explicit JsonObject(std::string indent) : indent_(std::move(indent)) {}
    void raw(std::string_view name, const std::string& value) {
        text_ +=
            (text_.empty() ? "{\n" : ",\n") + indent_ + "  " + json_string(name) + ": " + value;
    }
    void string(std::string_view name, std::string_view value) { raw(name, json_string(value)); }
    std::string close() const { return text_ + "\n" + indent_ + "}"; }

  private:
    std::string indent_;
    std::string text_;
};

// Writes a report's extra fields (asor::ReportField: name, value, is_number).
template <class Fields>
void add_fields(JsonObject& o, const Fields& fields) {
    for (const auto& f : fields) {
        if (f.is_number) {
            o.raw(f.name, f.value);
        } else {
            o.string(f.name, f.value);
        }
    }
}

}  // namespace asor::detail
