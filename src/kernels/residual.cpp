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

std::vector<double> column_residual_norms(CsrView a, std::span<const double> x,
                                          std::span<const double> b, int columns,
                                          ColumnLayout layout, int threads) {
    constexpr int kMost = 4;
    const int k = std::clamp(columns, 1, kMost);
    // Entry (i, c) at i * row_step + c * column_step.
    const std::size_t row_step = layout == ColumnLayout::interleaved ? k : 1;
    const std::size_t column_step =
        layout == ColumnLayout::interleaved ? 1 : static_cast<std::size_t>(a.rows);
    const int team = threads > 0 ? threads : omp_get_max_threads();
    double sums[kMost] = {};
#pragma omp parallel for num_threads(team) reduction(+ : sums[:kMost]) schedule(static)
    for (Index i = 0; i < a.rows; ++i) {
        double r[kMost] = {};
        for (int c = 0; c < k; ++c)
            r[c] = b[static_cast<std::size_t>(i) * row_step + c * column_step];
        for (Offset e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e) {
            const std::size_t j = static_cast<std::size_t>(a.col_indices[e]) * row_step;
            for (int c = 0; c < k; ++c) r[c] -= a.values[e] * x[j + c * column_step];
        }
        for (int c = 0; c < k; ++c) sums[c] += r[c] * r[c];
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
