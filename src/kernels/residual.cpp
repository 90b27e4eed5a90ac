#include "asor/detail/residual.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace asor {

namespace {

// sqrt(sum_i measure(i, r_i)^2) with r = b - A x, over `threads` threads.
// Sum of squares scaled by the largest magnitude seen would cost a second
// pass; residuals of interest are far from overflow (solve() refuses
// entries above 1e150), and an overflowing one is reported as infinite,
// which is what it is for our purposes.
template <class Measure>
double row_residual_norm(CsrView a, std::span<const double> x, std::span<const double> b,
                         int threads, Measure measure) {
    const int team = threads > 0 ? threads : omp_get_max_threads();
    double sum = 0.0;
#pragma omp parallel for num_threads(team) reduction(+ : sum) schedule(static)
    for (Index i = 0; i < a.rows; ++i) {
        double r = b[i];
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            r -= a.values[k] * x[a.col_indices[k]];
        }
        const double m = measure(i, r);
        sum += m * m;
    }
    return std::sqrt(sum);
}

}  // namespace

double residual_norm(CsrView a, std::span<const double> x, std::span<const double> b, int threads) {
    return row_residual_norm(a, x, b, threads, [](Index, double r) { return r; });
}

double natural_residual_norm(CsrView a, std::span<const double> x, std::span<const double> b,
                             std::span<const double> lower, std::span<const double> upper,
                             int threads) {
    return row_residual_norm(a, x, b, threads, [&](Index i, double r) {
        return x[i] - std::min(std::max(x[i] + r, lower[i]), upper[i]);
    });
}

namespace {

constexpr int kMostColumns = 4;

// The squared norms of the K residual columns, entry (i, c) of x and b at
// i * K + c (interleaved) or c * n + i: K and the layout fixed at compile
// time, so that the row loop keeps the K sums in registers: twice as fast
// as with K read at run time (10^6-row 2D Poisson, 2 threads, 4 columns:
// 10-12 ms before, 4.7-7 ms after).
template <int K, bool Interleaved>
void column_residual_squares(CsrView a, std::span<const double> x, std::span<const double> b,
                             int team, double (&sums)[kMostColumns]) {
    const std::size_t n = static_cast<std::size_t>(a.rows);
    const auto at = [n](std::size_t i, int c) {
        return Interleaved ? i * K + static_cast<std::size_t>(c)
                           : static_cast<std::size_t>(c) * n + i;
    };
    double total[K] = {};
#pragma omp parallel for num_threads(team) reduction(+ : total[:K]) schedule(static)
    for (Index i = 0; i < a.rows; ++i) {
        double r[K];
        for (int c = 0; c < K; ++c) r[c] = b[at(static_cast<std::size_t>(i), c)];
        for (Offset e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e) {
            const std::size_t j = static_cast<std::size_t>(a.col_indices[e]);
            const double v = a.values[e];
            for (int c = 0; c < K; ++c) r[c] -= v * x[at(j, c)];
        }
        for (int c = 0; c < K; ++c) total[c] += r[c] * r[c];
    }
    for (int c = 0; c < K; ++c) sums[c] = total[c];
}

template <int K>
void column_residual_squares(CsrView a, std::span<const double> x, std::span<const double> b,
                             ColumnLayout layout, int team, double (&sums)[kMostColumns]) {
    if (layout == ColumnLayout::interleaved) {
        column_residual_squares<K, true>(a, x, b, team, sums);
    } else {
        column_residual_squares<K, false>(a, x, b, team, sums);
    }
}

}  // namespace

std::vector<double> column_residual_norms(CsrView a, std::span<const double> x,
                                          std::span<const double> b, int columns,
                                          ColumnLayout layout, int threads) {
    const int k = std::clamp(columns, 1, kMostColumns);
    const int team = threads > 0 ? threads : omp_get_max_threads();
    double sums[kMostColumns] = {};
    switch (k) {
        case 1:
            column_residual_squares<1>(a, x, b, layout, team, sums);
            break;
        case 2:
            column_residual_squares<2>(a, x, b, layout, team, sums);
            break;
        case 3:
            column_residual_squares<3>(a, x, b, layout, team, sums);
            break;
        default:
            column_residual_squares<4>(a, x, b, layout, team, sums);
            break;
    }
    std::vector<double> norms(static_cast<std::size_t>(k));
    for (int c = 0; c < k; ++c) norms[c] = std::sqrt(sums[c]);
    return norms;
}

double norm2(std::span<const double> v) {
    double sum = 0.0;
    for (double e : v) sum += e * e;
    // One pass is enough unless the squares overflowed or all underflowed;
    // only then pay for a second, scaled pass.
    if (std::isfinite(sum) && sum > 1e-280) return std::sqrt(sum);
    if (std::isnan(sum)) return sum;  // fmax below would skip the NaN
    double scale = 0.0;
    for (double e : v) scale = std::fmax(scale, std::fabs(e));
    if (scale == 0.0 || !std::isfinite(scale)) return scale;
    sum = 0.0;
    for (double e : v) sum += (e / scale) * (e / scale);
    return scale * std::sqrt(sum);
}

}  // namespace asor
