#include "asor/detail/coloring.hpp"

#include <algorithm>

namespace asor {

namespace {

// The pattern of A^T: for each column, the rows that store an entry in it.
struct TransposedPattern {
    std::vector<Offset> offsets;
    std::vector<Index> rows;
};

TransposedPattern transpose_pattern(CsrView a) {
    TransposedPattern t{std::vector<Offset>(static_cast<std::size_t>(a.cols) + 1, 0),
                        std::vector<Index>(static_cast<std::size_t>(a.nnz()))};
    for (Index c : a.col_indices) ++t.offsets[c + 1];
    for (Index c = 0; c < a.cols; ++c) t.offsets[c + 1] += t.offsets[c];
    std::vector<Offset> next(t.offsets.begin(), t.offsets.end() - 1);
    for (Index r = 0; r < a.rows; ++r) {
        for (Offset k = a.row_offsets[r]; k < a.row_offsets[r + 1]; ++k) {
            t.rows[next[a.col_indices[k]]++] = r;
        }
    }
    return t;
}

}  // namespace

RowColoring color_rows_greedily(CsrView a) {
    const TransposedPattern at = transpose_pattern(a);
    std::vector<int> color(static_cast<std::size_t>(a.rows), -1);
    // taken_by[c] == i: colour c is used by a neighbour of row i.
    std::vector<Index> taken_by;
    int colors = 0;
    const auto take = [&](Index i, Index neighbour) {
        const int c = color[neighbour];
        if (c >= 0 && neighbour != i) taken_by[c] = i;
    };
    for (Index i = 0; i < a.rows; ++i) {
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) take(i, a.col_indices[k]);
        for (Offset k = at.offsets[i]; k < at.offsets[i + 1]; ++k) take(i, at.rows[k]);
        int c = 0;
        while (c < colors && taken_by[c] == i) ++c;
        if (c == colors) {
            ++colors;
            taken_by.push_back(-1);
        }
        color[i] = c;
    }

    RowColoring coloring;
    coloring.color_offsets.assign(static_cast<std::size_t>(colors) + 1, 0);
    for (int c : color) ++coloring.color_offsets[c + 1];
    for (int c = 0; c < colors; ++c) coloring.color_offsets[c + 1] += coloring.color_offsets[c];
    coloring.rows.resize(static_cast<std::size_t>(a.rows));
    std::vector<Offset> next(coloring.color_offsets.begin(), coloring.color_offsets.end() - 1);
    for (Index i = 0; i < a.rows; ++i) coloring.rows[next[color[i]]++] = i;
    return coloring;
}

}  // namespace asor
