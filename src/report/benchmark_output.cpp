// The CSV and JSON forms of benchmark results.
#include <cmath>
#include <cstdint>
#include <string>

#include "asor/detail/benchmark.hpp"
#include "io/json.hpp"

namespace asor {

using detail::json_number;
using detail::json_string;
using detail::JsonObject;

namespace {

constexpr double kGiga = 1e9;

// One figure of a result, for both forms: NaN where unknown.
struct Figure {
    const char* name;
    double value;
};

std::vector<Figure> figures(const BenchmarkResult& r, std::span<const ReadBandwidth> stream) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const bool ok = !r.refused();
    return {
        {"sweeps", ok ? r.sweeps : nan},
        {"sweeps_max", ok ? static_cast<double>(r.sweeps_max) : nan},
        {"seconds_median", ok ? r.seconds.median : nan},
        {"seconds_min", ok ? r.seconds.min : nan},
        {"seconds_max", ok ? r.seconds.max : nan},
        {"speedup_vs_gs", r.speedup_vs_gs},
        {"speedup_vs_sor", r.speedup_vs_sor},
        {"sweep_bytes", ok ? r.sweep_bytes : nan},
        {"bandwidth_gb_s", ok ? r.bandwidth / kGiga : nan},
        {"stream_fraction", stream_fraction(r, stream)},
        {"relative_residual", ok ? r.relative_residual : nan},
    };
}

std::string csv_number(double v) { return std::isfinite(v) ? json_number(v) : ""; }

std::string csv_text(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string result_json(const BenchmarkResult& r, std::span<const ReadBandwidth> stream) {
    JsonObject o("    ");
    o.string("method", to_string(r.run.method));
    o.raw("threads", json_number(std::int64_t{r.run.threads}));
    o.string("status", r.refused() ? "refused" : "ok");
    for (const Figure& f : figures(r, stream)) o.raw(f.name, json_number(f.value));
    o.raw("converged", r.converged && !r.refused() ? "true" : "false");
    o.raw("omega", json_number(r.omega));
    if (!r.refused()) o.string("storage", to_string(r.storage));
    if (r.refused()) {
        o.string("message", r.refusal);
    } else {
        o.string("reason", to_string(r.reason));
    }
    return o.close();
}

}  // namespace

double stream_fraction(const BenchmarkResult& result, std::span<const ReadBandwidth> stream) {
    for (const ReadBandwidth& s : stream) {
        if (s.threads == result.run.threads && !result.refused()) {
            return result.bandwidth / s.bytes_per_second;
        }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

std::string benchmark_csv(std::span<const BenchmarkResult> results,
                          std::span<const ReadBandwidth> stream) {
    std::string out = "method,threads,status";
    for (const Figure& f : figures(BenchmarkResult{}, {})) out += std::string(",") + f.name;
    out += ",converged,reason,message,omega,storage\n";
    for (const BenchmarkResult& r : results) {
        out += std::string(to_string(r.run.method)) + "," + std::to_string(r.run.threads) +
               (r.refused() ? ",refused" : ",ok");
        for (const Figure& f : figures(r, stream)) out.append(",").append(csv_number(f.value));
        if (r.refused()) {
            out += ",false,," + csv_text(r.refusal);
        } else {
            out += std::string(r.converged ? ",true," : ",false,") +
                   std::string(to_string(r.reason)) + ",";
        }
        out += "," + csv_number(r.omega) + "," +
               (r.refused() ? "" : std::string(to_string(r.storage))) + "\n";
    }
    return out;
}

std::string benchmark_json(std::span<const BenchmarkResult> results,
                           std::span<const ReadBandwidth> stream, const ReportFields& extra) {
    JsonObject o("");
    detail::add_fields(o, extra);
    std::string list;
    for (const ReadBandwidth& s : stream) {
        list += (list.empty() ? "" : ", ") + std::string("{\"threads\": ") +
                std::to_string(s.threads) +
                ", \"gb_s\": " + json_number(s.bytes_per_second / kGiga) + "}";
    }
    o.raw("stream", "[" + list + "]");
    list.clear();
    for (const BenchmarkResult& r : results) {
        list += (list.empty() ? "\n    " : ",\n    ") + result_json(r, stream);
    }
    o.raw("results", results.empty() ? "[]" : "[" + list + "\n  ]");
    return o.close() + "\n";
}

}  // namespace asor
