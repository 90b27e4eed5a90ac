#include "asor/detail/row_partition.hpp"

#include <algorithm>

namespace asor {

RowPartition RowPartition::balanced_by_nonzeros(CsrView a, int blocks) {
    RowPartition partition;
    const Index rows = a.rows;
    const int count = std::max(1, std::min<int>(blocks, std::max<Index>(rows, 1)));
    // Work of rows [0, i) is row_offsets[i] + i: non-zeros plus one per row
    // for the update itself.
    const auto work_before = [&](Index i) { return static_cast<double>(a.row_offsets[i] + i); };
    const double total = work_before(rows);
    partition.bounds_.assign(1, 0);
    for (int t = 1; t < count; ++t) {
        const double goal = total * t / count;
        // First row boundary whose preceding work reaches the goal; keep at
        // least one row per block before and after.
        Index lo = partition.bounds_.back() + 1;
        Index hi = rows - (count - t);
        while (lo < hi) {
            const Index mid = lo + (hi - lo) / 2;
            if (work_before(mid) < goal) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        // Pick whichever of lo - 1 and lo lands closer to the goal.
        if (lo - 1 > partition.bounds_.back() &&
            goal - work_before(lo - 1) < work_before(lo) - goal) {
            --lo;
        }
        partition.bounds_.push_back(lo);
    }
    partition.bounds_.push_back(rows);
    return partition;
}

std::vector<RowRange> rows_of_the_block_alone(CsrView a, const RowPartition& p) {
    // read_elsewhere[j]: some row outside j's block has column j.
    std::vector<char> read_elsewhere(static_cast<std::size_t>(a.rows), 0);
    for (int b = 0; b < p.blocks(); ++b) {
        const Index first = p.first_row(b), end = p.end_row(b);
        for (Offset e = a.row_offsets[first]; e < a.row_offsets[end]; ++e) {
            const Index j = a.col_indices[e];
            if ((j < first || j >= end) && j < a.rows) read_elsewhere[j] = 1;
        }
    }
    const auto alone = [&](Index i, Index first, Index end) {
        if (read_elsewhere[i] != 0) return false;
        for (Offset e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e) {
            const Index j = a.col_indices[e];
            if (j < first || j >= end || read_elsewhere[j] != 0) return false;
        }
        return true;
    };
    std::vector<RowRange> ranges(static_cast<std::size_t>(p.blocks()));
    for (int b = 0; b < p.blocks(); ++b) {
        const Index first = p.first_row(b), end = p.end_row(b);
        RowRange& longest = ranges[b];
        Index run = first;  // first row of the current run
        for (Index i = first; i < end; ++i) {
            if (!alone(i, first, end)) {
                run = i + 1;
            } else if (i + 1 - run > longest.end - longest.first) {
                longest = {run, i + 1};
            }
        }
    }
    return ranges;
}

}  // namespace asor
