#include "asor/report.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace asor {

namespace {

std::string json_string(std::string_view s) {
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

std::string json_number(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, result.ptr);
}

std::string json_number(std::int64_t v) { return std::to_string(v); }
std::string json_number(std::uint64_t v) { return std::to_string(v); }

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

std::string thread_json(const ThreadStats& t) {
    JsonObject o("    ");
    o.raw("first_row", json_number(std::int64_t{t.first_row}));
    o.raw("rows", json_number(std::int64_t{t.end_row - t.first_row}));
    o.raw("nonzeros", json_number(std::int64_t{t.nonzeros}));
    o.raw("sweeps", json_number(t.sweeps));
    o.raw("busy_seconds", json_number(t.busy_seconds));
    return o.close();
}

}  // namespace

std::string to_json(const SolveReport& r, const ReportFields& extra) {
    JsonObject o("");
    for (const auto& [name, value] : extra) o.string(name, value);
    o.string("method", to_string(r.method));
    o.raw("n", json_number(std::int64_t{r.rows}));
    o.raw("nnz", json_number(std::int64_t{r.nonzeros}));
    o.raw("threads", json_number(std::int64_t{r.threads}));
    o.raw("omega", json_number(r.omega));
    o.raw("tol", json_number(r.tolerance));
    o.raw("sweeps", json_number(r.sweeps));
    o.raw("sweeps_max", json_number(r.sweeps_max));
    o.raw("seconds", json_number(r.seconds));
    o.raw("relative_residual", json_number(r.relative_residual));
    o.raw("initial_residual", json_number(r.initial_residual));
    o.raw("converged", r.converged ? "true" : "false");
    o.string("reason", to_string(r.reason));
    o.raw("verifications", json_number(std::int64_t{r.verifications}));
    std::string threads = "[";
    for (std::size_t i = 0; i < r.thread_stats.size(); ++i) {
        threads += (i ? ",\n    " : "\n    ") + thread_json(r.thread_stats[i]);
    }
    threads += r.thread_stats.empty() ? "]" : "\n  ]";
    o.raw("thread_stats", threads);
    return o.close() + "\n";
}

}  // namespace asor
