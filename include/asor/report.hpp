// asor: the solve report in machine-readable form.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "asor/solve.hpp"

namespace asor {

/// Extra string fields for a JSON report (input file names, say).
using ReportFields = std::vector<std::pair<std::string, std::string>>;

/// The report as one JSON object: method, n, nnz, threads, omega, tol, sweeps
/// (min and max over threads), seconds, the true final and initial relative
/// residuals, converged, reason, verifications, whether x was restored to
/// the last finite iterate, and per-thread statistics (rows, nonzeros,
/// sweeps, busy seconds), after `extra` fields; an extra field named
/// "reason" replaces the stop reason's name (the CLI says "interrupted").
/// Non-finite numbers are written as null, as JSON has no NaN.
std::string to_json(const SolveReport& report, const ReportFields& extra = {});

}  // namespace asor
