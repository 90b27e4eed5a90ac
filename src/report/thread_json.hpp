// asor (internal): one thread's figures in a JSON report, for the one
// process report and the per-rank figures of an MPI solve alike.
#pragma once

#include "asor/solve.hpp"
#include "io/json.hpp"

namespace asor::detail {

/// Adds first_row, rows, nonzeros, sweeps and busy_seconds to `o`.
void add_thread_fields(JsonObject& o, const ThreadStats& t);

}  // namespace asor::detail
