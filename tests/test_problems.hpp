// Test matrices built in code, with known properties.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/reordering.hpp"

namespace asor::test {

/// 5-point Laplacian on an n x n grid (diagonal 4, off-diagonals -1) plus
/// shift * I: SPD, an irreducibly diagonally dominant M-matrix.
inline CsrMatrix poisson2d(Index n, double shift = 0.0) {
    std::vector<Triplet> t;
    for (Index j = 0; j < n; ++j) {
        for (Index i = 0; i < n; ++i) {
            const Index k = j * n + i;
            t.push_back({k, k, 4.0 + shift});
            if (i > 0) t.push_back({k, k - 1, -1.0});
            if (i + 1 < n) t.push_back({k, k + 1, -1.0});
            if (j > 0) t.push_back({k, k - n, -1.0});
            if (j + 1 < n) t.push_back({k, k + n, -1.0});
        }
    }
    return csr_from_triplets(n * n, n * n, t);
}

/// 7-point Laplacian on an n x n x n grid.
inline CsrMatrix poisson3d(Index n) {
    std::vector<Triplet> t;
    const Index plane = n * n;
    for (Index l = 0; l < n; ++l) {
        for (Index j = 0; j < n; ++j) {
            for (Index i = 0; i < n; ++i) {
                const Index k = l * plane + j * n + i;
                t.push_back({k, k, 6.0});
                if (i > 0) t.push_back({k, k - 1, -1.0});
                if (i + 1 < n) t.push_back({k, k + 1, -1.0});
                if (j > 0) t.push_back({k, k - n, -1.0});
                if (j + 1 < n) t.push_back({k, k + n, -1.0});
                if (l > 0) t.push_back({k, k - plane, -1.0});
                if (l + 1 < n) t.push_back({k, k + plane, -1.0});
            }
        }
    }
    return csr_from_triplets(n * n * n, n * n * n, t);
}

/// Random sparse non-symmetric matrix, strictly diagonally dominant by rows:
/// |a_ii| = ratio * sum_j |a_ij| with ratio > 1.
inline CsrMatrix random_diagonally_dominant(Index n, int per_row, double ratio,
                                            std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<Index> column(0, n - 1);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    std::vector<Triplet> t;
    for (Index i = 0; i < n; ++i) {
        double off = 0.0;
        for (int k = 0; k < per_row; ++k) {
            const Index j = column(rng);
            if (j == i) continue;
            const double v = value(rng);
            t.push_back({i, j, v});
            off += std::abs(v);
        }
        t.push_back({i, i, ratio * off + 1e-3});
    }
    return csr_from_triplets(n, n, t);
}

/// An SPD matrix with a few dense rows and columns: a 1D Laplacian (plus I)
/// coupled weakly to `dense` rows that touch every unknown; strictly
/// diagonally dominant.
inline CsrMatrix with_dense_rows(Index n, Index dense) {
    std::vector<Triplet> t;
    const double w = 0.5 / n;
    for (Index i = 0; i < n; ++i) {
        t.push_back({i, i, 3.0});
        if (i > 0) t.push_back({i, i - 1, -1.0});
        if (i + 1 < n) t.push_back({i, i + 1, -1.0});
    }
    // Rows d*n/dense couple to all columns (symmetric: columns too).
    for (Index d = 0; d < dense; ++d) {
        const Index r = d * (n / dense);
        for (Index j = 0; j < n; ++j) {
            if (std::abs(j - r) <= 1) continue;
            t.push_back({r, j, -w});
            t.push_back({j, r, -w});
        }
    }
    return csr_from_triplets(n, n, t);
}

/// A random renumbering of 0, ..., n - 1 (perm[new] = old), the same for
/// the same seed with one standard library.
inline std::vector<Index> random_permutation(Index n, std::uint32_t seed) {
    std::vector<Index> perm(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) perm[i] = i;
    std::shuffle(perm.begin(), perm.end(), std::mt19937(seed));
    return perm;
}

/// A with its rows and columns renumbered at random: its locality lost.
inline CsrMatrix shuffled(const CsrMatrix& a, std::uint32_t seed) {
    return permute_symmetric(a, random_permutation(a.rows, seed));
}

/// min_i |a_ii| - sum_{j != i} |a_ij|: for a strictly row diagonally dominant
/// matrix, 1 / margin bounds ||A^-1||_inf (and ||A^-1||_2 if A is symmetric).
inline double dominance_margin(const CsrMatrix& a) {
    double margin = INFINITY;
    for (Index i = 0; i < a.rows; ++i) {
        double row = 0.0;
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            row += (a.col_indices[k] == i ? 1.0 : -1.0) * std::abs(a.values[k]);
        }
        margin = std::min(margin, row);
    }
    return margin;
}

/// ||u - v||_inf.
inline double max_difference(const std::vector<double>& u, const std::vector<double>& v) {
    double m = 0.0;
    for (std::size_t i = 0; i < u.size(); ++i) m = std::max(m, std::abs(u[i] - v[i]));
    return m;
}

}  // namespace asor::test
