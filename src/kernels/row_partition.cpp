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

}  // namespace asor
