#include "asor/report.hpp"

#include <cstdint>
#include <string>
#include <utility>

#include "io/json.hpp"

namespace asor {

using detail::json_number;
using detail::json_string;
using detail::JsonObject;

namespace {

// A thread's figures; across ranks with its halo age, one level deeper.
std::string thread_json(const ThreadStats& t, const double* halo_age = nullptr) {
    JsonObject o(halo_age ? "      " : "    ");
    o.raw("first_row", json_number(std::int64_t{t.first_row}));
    o.raw("rows", json_number(std::int64_t{t.rows}));
    o.raw("nonzeros", json_number(std::int64_t{t.nonzeros}));
    o.raw("sweeps", json_number(t.sweeps));
    o.raw("busy_seconds", json_number(t.busy_seconds));
    if (halo_age) o.raw("halo_age", json_number(*halo_age));
    return o.close();
}

std::string fallback_json(const FallbackReport& f) {
    JsonObject o("  ");
    o.raw("used", f.used ? "true" : "false");
    o.string("from", to_string(f.from));
    o.string("from_reason", to_string(f.from_reason));
    o.raw("from_relative_residual", json_number(f.from_residual));
    o.raw("from_sweeps", json_number(f.from_sweeps));
    o.raw("from_seconds", json_number(f.from_seconds));
    o.string("reason", f.reason);
    return o.close();
}

void add_reordering(JsonObject& o, const ReorderingReport& r) {
    o.string("reordering", r.applied ? "rcm" : "none");
    if (r.asked == Reorder::none) return;
    o.string("reordering_asked", to_string(r.asked));
    o.string("reordering_rule", r.rule);
    o.raw("reordering_seconds", json_number(r.seconds));
    o.raw("bandwidth_before", json_number(std::int64_t{r.before.bandwidth}));
    o.raw("bandwidth_after", json_number(std::int64_t{r.after.bandwidth}));
    o.raw("mean_distance_before", json_number(r.before.mean_distance));
    o.raw("mean_distance_after", json_number(r.after.mean_distance));
}

}  // namespace

ReportField::ReportField(std::string name, std::string text)
    : name(std::move(name)), value(std::move(text)) {}
ReportField::ReportField(std::string name, const char* text)
    : ReportField(std::move(name), std::string(text)) {}
ReportField::ReportField(std::string name, double number)
    : name(std::move(name)), value(json_number(number)), is_number(true) {}
ReportField::ReportField(std::string name, std::uint64_t number)
    : name(std::move(name)), value(json_number(number)), is_number(true) {}
ReportField ReportField::json(std::string name, std::string json_text) {
    ReportField field(std::move(name), std::move(json_text));
    field.is_number = true;
    return field;
}

std::string to_json(const SolveReport& r, const ReportFields& extra) {
    JsonObject o("");
    std::string reason(to_string(r.reason));
    ReportFields fields;
    for (const ReportField& f : extra) {
        if (f.name == "reason") {
            reason = f.value;
        } else {
            fields.push_back(f);
        }
    }
    detail::add_fields(o, fields);
    o.string("method", to_string(r.method));
    o.raw("n", json_number(std::int64_t{r.rows}));
    o.raw("nnz", json_number(std::int64_t{r.nonzeros}));
    o.raw("threads", json_number(std::int64_t{r.threads}));
    o.raw("blocks", json_number(std::int64_t{r.blocks}));
    o.raw("omega", json_number(r.omega));
    if (r.omega_choice) {
        const OmegaChoice& c = *r.omega_choice;
        o.string("omega_choice", "auto");
        o.string("omega_rule", c.rule);
        o.raw("omega_jacobi_radius", json_number(c.jacobi_radius));
        o.raw("omega_seconds", json_number(c.seconds));
        o.raw("omega_first", json_number(c.omega));
        o.raw("omega_backoffs", json_number(std::uint64_t{r.diverged_at.size()}));
    }
    o.raw("tol", json_number(r.tolerance));
    o.raw("sweeps", json_number(r.sweeps));
    o.raw("sweeps_max", json_number(r.sweeps_max));
    o.raw("seconds", json_number(r.seconds));
    o.raw("setup_seconds", json_number(r.setup_seconds));
    o.raw("relative_residual", json_number(r.relative_residual));
    o.raw("initial_residual", json_number(r.initial_residual));
    o.raw("converged", r.converged ? "true" : "false");
    o.string("reason", reason);
    o.raw("verifications", json_number(std::int64_t{r.verifications}));
    o.string("storage", to_string(r.storage));
    o.raw("bytes_per_row", json_number(r.bytes_per_row));
    o.raw("inner_sweeps", json_number(std::int64_t{r.inner_sweeps}));
    o.raw("columns_together", json_number(std::int64_t{r.columns_together}));
    if (r.storage == Storage::compact) {
        o.raw("refinements", json_number(std::int64_t{r.refinements}));
        o.raw("storage_fell_back", r.storage_fell_back ? "true" : "false");
    }
    o.raw("restored_last_finite", r.restored_last_finite ? "true" : "false");
    if (r.restored_last_finite) o.raw("restored_sweeps", json_number(r.restored_sweeps));
    if (r.constrained) {
        o.raw("bound_violation", json_number(r.constraints.bound_violation));
        o.raw("gradient_violation", json_number(r.constraints.gradient_violation));
        o.raw("complementarity_gap", json_number(r.constraints.complementarity_gap));
    }
    if (r.method == Method::multicolor) o.raw("colors", json_number(std::int64_t{r.colors}));
    if (r.fallback) o.raw("fallback", fallback_json(*r.fallback));
    add_reordering(o, r.reordering);
    std::string threads = "[";
    for (std::size_t i = 0; i < r.thread_stats.size(); ++i) {
        threads += (i ? ",\n    " : "\n    ") + thread_json(r.thread_stats[i]);
    }
    threads += r.thread_stats.empty() ? "]" : "\n  ]";
    o.raw("thread_stats", threads);
    return o.close() + "\n";
}

std::string to_json(std::span<const RankStats> ranks) {
    std::string text = "[";
    for (std::size_t r = 0; r < ranks.size(); ++r) {
        const RankStats& s = ranks[r];
        JsonObject o("    ");
        o.raw("rank", json_number(static_cast<std::int64_t>(r)));
        o.raw("first_row", json_number(std::int64_t{s.first_row}));
        o.raw("end_row", json_number(std::int64_t{s.end_row}));
        o.raw("messages_sent", json_number(s.messages_sent));
        o.raw("bytes_sent", json_number(s.bytes_sent));
        o.raw("messages_received", json_number(s.messages_received));
        o.raw("halo_age", json_number(s.halo_age));
        double busy = 0.0;
        std::string threads = "[";
        for (std::size_t t = 0; t < s.thread_stats.size(); ++t) {
            busy += s.thread_stats[t].busy_seconds;
            threads += (t ? ",\n      " : "\n      ") +
                       thread_json(s.thread_stats[t], &s.thread_halo_age[t]);
        }
        threads += s.thread_stats.empty() ? "]" : "\n    ]";
        o.raw("busy_seconds", json_number(busy));
        o.raw("threads", threads);
        text += (r ? ",\n    " : "\n    ") + o.close();
    }
    return text + (ranks.empty() ? "]" : "\n  ]");
}

std::string to_json(std::span<const SolveReport> columns, const ReportFields& extra) {
    if (columns.size() == 1) return to_json(columns.front(), extra);
    JsonObject o("");
    detail::add_fields(o, extra);
    o.raw("columns_count", json_number(std::uint64_t{columns.size()}));
    std::string list = "[";
    for (std::size_t j = 0; j < columns.size(); ++j) {
        std::string one = to_json(columns[j]);
        one.pop_back();  // its newline
        list += (j ? ",\n" : "\n") + one;
    }
    o.raw("columns", list + "\n]");
    return o.close() + "\n";
}

}  // namespace asor
