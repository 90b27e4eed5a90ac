#include "asor/detail/linear_system.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "asor/detail/residual.hpp"
#include "asor/error.hpp"
#include "core/number_format.hpp"

namespace asor {

namespace {

using detail::shortest;

// Residuals are summed as squares without scaling, in the hot loop and in
// residual_norm: entries up to this magnitude keep every square below 1e300,
// and their sums finite.
constexpr double kLargestMagnitude = 1e150;
const std::string kScaleAdvice =
    " exceeds 1e150 in magnitude (asor sums squares of residuals, which would overflow: "
    "scale the system)";

[[noreturn]] void refuse(const std::string& message) { throw Error(ErrorKind::input, message); }

bool too_large(double v) { return !(std::fabs(v) <= kLargestMagnitude); }

double largest_in_row(CsrView a, Index row) {
    double largest = 0.0;
    for (Offset k = a.row_offsets[row]; k < a.row_offsets[row + 1]; ++k) {
        const double magnitude = std::fabs(a.values[k]);
        if (std::isnan(magnitude)) return magnitude;
        largest = std::max(largest, magnitude);
    }
    return largest;
}

// b and x0 alike: n entries, each finite and within kLargestMagnitude,
// the first bad one named (1-based).
void check_vector(std::span<const double> v, Index n, const std::string& what) {
    if (v.size() != static_cast<std::size_t>(n)) {
        refuse(what + " has " + std::to_string(v.size()) + " entries (expected " +
               std::to_string(n) + ", the matrix size)");
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!too_large(v[i])) continue;
        refuse(
            what + " entry " + std::to_string(i + 1) +
            (std::isfinite(v[i]) ? ", " + shortest(v[i]) + "," + kScaleAdvice : " is not finite"));
    }
}

}  // namespace

PreparedMatrix prepare_matrix(CsrView a, int threads) {
    if (a.rows != a.cols) {
        refuse("matrix is " + std::to_string(a.rows) + " x " + std::to_string(a.cols) +
               " (SOR needs a square matrix)");
    }
    PreparedMatrix prepared{a, std::vector<double>(static_cast<std::size_t>(a.rows))};
    // Rows are checked in parallel; the error names the first bad one.
    Index first_bad_diagonal = a.rows;
    Index first_large_row = a.rows;
    const int team = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for num_threads(team) schedule(static) \
    reduction(min                                           \
              : first_bad_diagonal, first_large_row)
    for (Index i = 0; i < a.rows; ++i) {
        const double d = entry(a, i, i);
        const double inverse = 1.0 / d;
        if (d == 0.0 || !std::isfinite(inverse))
            first_bad_diagonal = std::min(first_bad_diagonal, i);
        if (too_large(largest_in_row(a, i))) first_large_row = std::min(first_large_row, i);
        prepared.inverse_diagonal[i] = inverse;
    }
    if (first_bad_diagonal < a.rows) {
        const double d = entry(a, first_bad_diagonal, first_bad_diagonal);
        refuse("row " + std::to_string(first_bad_diagonal + 1) +
               (d == 0.0 ? ": diagonal entry is zero or missing (SOR divides by every diagonal "
                           "entry: it must be non-zero)"
                         : ": diagonal entry " + shortest(d) +
                               " is too small: its inverse overflows (SOR divides by every "
                               "diagonal entry)"));
    }
    if (first_large_row < a.rows) {
        const double v = largest_in_row(a, first_large_row);
        refuse("row " + std::to_string(first_large_row + 1) + ": entry " +
               (std::isfinite(v) ? shortest(v) + kScaleAdvice : std::string("is not finite")));
    }
    return prepared;
}

double check_rhs(std::span<const double> b, Index n) {
    check_vector(b, n, "right-hand side");
    const double norm = norm2(b);
    return norm > 0.0 ? norm : 1.0;
}

LinearSystem make_system(const PreparedMatrix& prepared, std::span<const double> b) {
    return LinearSystem{
        prepared.matrix, b, prepared.inverse_diagonal, check_rhs(b, prepared.matrix.rows), 1, {}};
}

std::vector<double> rhs_for_ones_solution(CsrView a) {
    std::vector<double> ones(static_cast<std::size_t>(a.cols), 1.0);
    std::vector<double> b(static_cast<std::size_t>(a.rows));
    multiply(a, ones, b);
    return b;
}

void check_initial_guess(std::span<const double> x0, Index n) {
    check_vector(x0, n, "initial guess");
}

}  // namespace asor
