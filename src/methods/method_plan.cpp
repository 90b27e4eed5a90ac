#include "method_plan.hpp"

#include <memory>

#include "asor/detail/coloring.hpp"
#include "asor/detail/row_partition.hpp"
#include "asor/error.hpp"
#include "conjugate_gradient.hpp"

namespace asor::detail {

namespace {

// With `alone`, also the rows of each block that its worker alone touches
// (for async, whose workers sweep those without atomics).
std::vector<RowBlock> contiguous_blocks(CsrView a, int blocks, bool alone) {
    const RowPartition partition = RowPartition::balanced_by_nonzeros(a, blocks);
    std::vector<RowBlock> plan(static_cast<std::size_t>(partition.blocks()));
    for (int b = 0; b < partition.blocks(); ++b) {
        plan[b].first_row = partition.first_row(b);
        plan[b].end_row = partition.end_row(b);
        plan[b].rows = plan[b].end_row - plan[b].first_row;
        plan[b].nonzeros = a.row_offsets[plan[b].end_row] - a.row_offsets[plan[b].first_row];
    }
    if (alone) {
        const std::vector<RowRange> ranges = rows_of_the_block_alone(a, partition);
        for (std::size_t b = 0; b < plan.size(); ++b) plan[b].alone = ranges[b];
    }
    return plan;
}

}  // namespace

MethodPlan plan_method(CsrView a, Method method, int threads) {
    MethodPlan plan;
    plan.method = method;
    plan.blocks =
        contiguous_blocks(a, traits(method).row_blocks ? threads : 1, method == Method::async);
    switch (method) {
        case Method::async:
            plan.iterate = iterate_async_sor;
            return plan;
        case Method::gs:
        case Method::sor:
            plan.iterate = iterate_sequential_sor;
            return plan;
        case Method::jacobi:
            plan.iterate = iterate_jacobi;
            return plan;
        case Method::local:
            plan.iterate = iterate_local_sor;
            return plan;
        case Method::multicolor: {
            auto coloring = std::make_shared<const RowColoring>(color_rows_greedily(a));
            plan.colors = coloring->colors();
            plan.blocks = color_shares(a, *coloring, static_cast<int>(plan.blocks.size()));
            plan.iterate = [coloring](IterationRound& round) {
                return iterate_multicolor_sor(round, *coloring);
            };
            return plan;
        }
        case Method::cg: {
            auto cg = std::make_shared<ConjugateGradient>(a, threads);
            plan.inner_threads = threads;
            plan.iterate = [cg](IterationRound& round) { return cg->iterate(round); };
            return plan;
        }
    }
    throw Error(ErrorKind::usage, "unknown method");
}

}  // namespace asor::detail
