// asor: the solve report in machine-readable form.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "asor/distributed.hpp"
#include "asor/solve.hpp"

namespace asor {

/// An extra field of a JSON report: a string (an input file's name, say),
/// a number, written as a JSON number (null when not finite), or JSON text
/// written as it is (ReportField::json).
struct ReportField {
    ReportField(std::string name, std::string text);
    ReportField(std::string name, const char* text);
    ReportField(std::string name, double number);
    ReportField(std::string name, std::uint64_t number);
    /// A field whose value is `json_text`, a JSON value (an array, an
    /// object) the caller vouches for, written unchanged.
    static ReportField json(std::string name, std::string json_text);

    std::string name;
    std::string value;       ///< the text, or the number or JSON value as written
    bool is_number = false;  ///< written as it is (a number or a JSON value), not quoted
};

/// Extra fields, written in order before the report's own.
using ReportFields = std::vector<ReportField>;

/// The report as one JSON object: method, n, nnz, threads, blocks, omega
/// (and with auto omega: omega_choice, omega_rule, omega_jacobi_radius,
/// omega_seconds, omega_first, omega_backoffs), tol, sweeps
/// and sweeps_max, seconds and setup_seconds, the true final and initial
/// relative residuals, converged, reason, verifications, whether x was
/// restored to the last finite iterate (and restored_sweeps if it was), the
/// constraint measures if constrained, colors for multicolor, the fallback
/// (an object: used, from, from_reason, from_relative_residual, from_sweeps,
/// from_seconds, reason) when one was considered, reordering ("none" or
/// "rcm"; when one was asked for, also reordering_asked, reordering_rule,
/// reordering_seconds, bandwidth_before and _after, mean_distance_before
/// and _after: see ReorderingReport), and per-thread
/// statistics (first_row, rows, nonzeros, sweeps, busy_seconds), after
/// `extra` fields; an extra field named "reason" replaces the stop reason's
/// name (the CLI says "interrupted"); other names are not checked against
/// these (a clash gives a duplicate key). Non-finite numbers are written as
/// null, as JSON has no NaN. Ends with a newline. Throws nothing but
/// std::bad_alloc.
std::string to_json(const SolveReport& report, const ReportFields& extra = {});

/// The per-rank figures of a solve across MPI ranks
/// (DistributedSolution::rank_stats) as a JSON array of objects, one per
/// rank: rank, first_row, end_row, messages_sent, bytes_sent,
/// messages_received, halo_age, busy_seconds (over its threads) and
/// threads, an array of objects first_row, rows, nonzeros, sweeps,
/// busy_seconds, halo_age.
std::string to_json(std::span<const RankStats> ranks);

/// Several right-hand sides solved by one Solver: for one column, exactly
/// to_json(columns[0], extra); otherwise one object with the `extra` fields,
/// "columns_count" and "columns", an array of one report object per column
/// (in column order, each as to_json writes it without extra fields).
std::string to_json(std::span<const SolveReport> columns, const ReportFields& extra = {});

}  // namespace asor
