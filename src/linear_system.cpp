#include "asor/linear_system.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "asor/error.hpp"
#include "asor/residual.hpp"

namespace asor {

namespace {

[[noreturn]] void refuse(const std::string& message) { throw Error(ErrorKind::input, message); }

double diagonal_entry(const CsrMatrix& a, Index row) {
    for (Offset k = a.row_offsets[row]; k < a.row_offsets[row + 1]; ++k) {
        if (a.col_indices[k] == row) return a.values[k];
    }
    return 0.0;
}

}  // namespace

LinearSystem prepare_system(const CsrMatrix& a, std::span<const double> b, int threads) {
    if (a.rows != a.cols) {
        refuse("matrix is " + std::to_string(a.rows) + " x " + std::to_string(a.cols) +
               " (SOR needs a square matrix)");
    }
    if (b.size() != static_cast<std::size_t>(a.rows)) {
        refuse("right-hand side has " + std::to_string(b.size()) + " entries (expected " +
               std::to_string(a.rows) + ", the matrix size)");
    }
    LinearSystem system{a, b, std::vector<double>(static_cast<std::size_t>(a.rows)), 0.0};
    // Rows are checked in parallel; the error names the first bad one.
    Index first_bad_diagonal = a.rows;
    Index first_bad_rhs = a.rows;
    const int team = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for num_threads(team) schedule(static) \
    reduction(min                                           \
              : first_bad_diagonal, first_bad_rhs)
    for (Index i = 0; i < a.rows; ++i) {
        const double d = diagonal_entry(a, i);
        const double inverse = 1.0 / d;
        if (d == 0.0 || !std::isfinite(inverse))
            first_bad_diagonal = std::min(first_bad_diagonal, i);
        if (!std::isfinite(b[i])) first_bad_rhs = std::min(first_bad_rhs, i);
        system.inverse_diagonal[i] = inverse;
    }
    if (first_bad_diagonal < a.rows) {
        const double d = diagonal_entry(a, first_bad_diagonal);
        refuse("row " + std::to_string(first_bad_diagonal + 1) + ": diagonal entry is " +
               (d == 0.0 ? std::string("zero or missing") : std::to_string(d)) +
               " (SOR divides by every diagonal entry: it must be non-zero)");
    }
    if (first_bad_rhs < a.rows) {
        refuse("right-hand side entry " + std::to_string(first_bad_rhs + 1) + " is not finite");
    }
    const double norm = norm2(b);
    system.rhs_norm = norm > 0.0 ? norm : 1.0;
    return system;
}

std::vector<double> rhs_for_ones_solution(const CsrMatrix& a) {
    std::vector<double> ones(static_cast<std::size_t>(a.cols), 1.0);
    std::vector<double> b(static_cast<std::size_t>(a.rows));
    multiply(a, ones, b);
    return b;
}

void check_initial_guess(std::span<const double> x0, Index n) {
    if (x0.size() != static_cast<std::size_t>(n)) {
        refuse("initial guess has " + std::to_string(x0.size()) + " entries (expected " +
               std::to_string(n) + ", the matrix size)");
    }
    for (std::size_t i = 0; i < x0.size(); ++i) {
        if (!std::isfinite(x0[i])) {
            refuse("initial guess entry " + std::to_string(i + 1) + " is not finite");
        }
    }
}

}  // namespace asor
