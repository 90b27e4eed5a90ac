// asor (internal): a method made ready to iterate on one matrix: its row
// blocks and its one-time setup (a colouring, Eigen's copy of A).
#pragma once

#include <functional>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/method.hpp"
#include "iteration.hpp"

namespace asor::detail {

/// One round of a prepared method (see IterationRound).
using Iteration = std::function<StopReason(IterationRound&)>;

struct MethodPlan {
    Method method = Method::async;
    /// One per worker for the methods with row blocks (at most one per row),
    /// else one block of every row.
    std::vector<RowBlock> blocks;
    Iteration iterate;
    int colors = 0;         ///< multicolor's colours
    int inner_threads = 0;  ///< cg: the threads given to Eigen
};

/// Plans `method` for `threads` workers (>= 1) on A: throws what the
/// method's setup throws (cg: asor::Error, input, for a non-symmetric A).
MethodPlan plan_method(CsrView a, Method method, int threads);

}  // namespace asor::detail
