#include "asor/constraints.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "asor/error.hpp"
#include "core/number_format.hpp"

namespace asor {

namespace {

std::vector<double> side(std::span<const double> given, Index n, double free, const char* name) {
    if (given.empty()) return std::vector<double>(static_cast<std::size_t>(n), free);
    if (given.size() != static_cast<std::size_t>(n)) {
        throw Error(ErrorKind::input, std::string(name) + " bound has " +
                                          std::to_string(given.size()) + " entries (expected " +
                                          std::to_string(n) + ", the matrix size)");
    }
    return {given.begin(), given.end()};
}

}  // namespace

Box make_box(std::span<const double> lower, std::span<const double> upper, Index n) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    Box box{side(lower, n, -inf, "lower"), side(upper, n, inf, "upper")};
    for (std::size_t i = 0; i < box.lower.size(); ++i) {
        const double l = box.lower[i];
        const double u = box.upper[i];
        if (std::isnan(l) || std::isnan(u)) {
            throw Error(ErrorKind::input,
                        "row " + std::to_string(i + 1) + ": a bound is NaN (expected a number)");
        }
        if (l > u || l == inf || u == -inf) {
            throw Error(ErrorKind::input, "row " + std::to_string(i + 1) + ": lower bound " +
                                              detail::shortest(l) + " is above upper bound " +
                                              detail::shortest(u) + " (the box would be empty)");
        }
    }
    return box;
}

void project_onto(const Box& box, std::span<double> x) noexcept {
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = std::min(std::max(x[i], box.lower[i]), box.upper[i]);
    }
}

ConstraintMeasures measure_constraints(CsrView a, std::span<const double> x,
                                       std::span<const double> b, const Box& box, int threads) {
    const int team = threads > 0 ? threads : omp_get_max_threads();
    double bound = 0.0;
    double gradient = 0.0;
    double gap = 0.0;
#pragma omp parallel for num_threads(team) schedule(static) \
    reduction(max : bound, gradient) reduction(+ : gap)
    for (Index i = 0; i < a.rows; ++i) {
        double g = -b[i];
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            g += a.values[k] * x[a.col_indices[k]];
        }
        const double l = box.lower[i];
        const double u = box.upper[i];
        bound = std::max({bound, l - x[i], x[i] - u});
        if (std::isfinite(l)) {
            gap += (x[i] - l) * std::max(g, 0.0);
        } else {
            gradient = std::max(gradient, g);
        }
        if (std::isfinite(u)) {
            gap += (u - x[i]) * std::max(-g, 0.0);
        } else {
            gradient = std::max(gradient, -g);
        }
    }
    return {bound, gradient, gap};
}

}  // namespace asor
