#include "asor/matrix_properties.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "io/json.hpp"

namespace asor {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string four_digits(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", v);
    return buffer;
}

double symmetry_error(CsrView a) {
    double largest = 0.0;
    double worst = 0.0;
#pragma omp parallel for reduction(max : largest, worst) schedule(static) if (a.rows >= 20000)
    for (Index i = 0; i < a.rows; ++i) {
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            largest = std::max(largest, std::fabs(a.values[k]));
            worst = std::max(worst, std::fabs(a.values[k] - entry(a, a.col_indices[k], i)));
        }
    }
    return largest > 0.0 ? worst / largest : 0.0;
}

// Extreme eigenvalues of the tridiagonal Lanczos matrix (alpha, beta).
std::pair<double, double> ritz_extremes(const std::vector<double>& alpha,
                                        const std::vector<double>& beta) {
    const auto k = static_cast<Eigen::Index>(alpha.size());
    const Eigen::Map<const Eigen::VectorXd> diagonal(alpha.data(), k);
    const Eigen::Map<const Eigen::VectorXd> sub(beta.data(), k - 1);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
    solver.computeFromTridiagonal(diagonal, sub, Eigen::EigenvaluesOnly);
    return {solver.eigenvalues().minCoeff(), solver.eigenvalues().maxCoeff()};
}

// Whether more Lanczos steps would still move the estimates that matter:
// the Jacobi radius max(|1 - low|, |1 - high|) and the low end, each by
// 1e-3 of its distance from where Young's formula is singular. Ritz values
// approach the extremes monotonically, so a change this small over
// kCheckEvery steps means they have settled (a heuristic, tested down to
// 1 - rho(J) = 5e-4). The high end may still be short by 1% where it does
// not set rho(J): what needs a bound on it uses spectrum_bound.
bool settled(std::pair<double, double> before, std::pair<double, double> now) {
    const auto radius = [](std::pair<double, double> e) {
        return std::max(std::fabs(1.0 - e.first), std::fabs(1.0 - e.second));
    };
    const double gap = std::max(std::fabs(1.0 - radius(now)), 1e-9);
    const double low_scale = std::max(std::fabs(now.first), 1e-9);
    return std::fabs(radius(now) - radius(before)) <= 1e-3 * gap &&
           std::fabs(now.first - before.first) <= 1e-3 * low_scale;
}

// max_i sum_j |a_ij| scale_i scale_j: an upper bound on every eigenvalue
// of D^-1/2 A D^-1/2 (Gershgorin's circles).
double gershgorin_bound(CsrView a, const std::vector<double>& scale) {
    double bound = 0.0;
    for (Index i = 0; i < a.rows; ++i) {
        double sum = 0.0;
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            sum += std::fabs(a.values[k]) * scale[static_cast<std::size_t>(a.col_indices[k])];
        }
        bound = std::max(bound, sum * scale[static_cast<std::size_t>(i)]);
    }
    return bound;
}

constexpr int kCheckEvery = 5;

// Lowest over highest eigenvalue of D^-1 A below which A is taken as
// singular: the Lanczos estimate of rho(J) for a singular Laplacian came out
// at 1 - 1e-10, which would otherwise promise convergence and omega 2.
constexpr double kNearlySingular = 1e-9;
// Below this, starting threads costs more than the products save.
constexpr std::ptrdiff_t kParallelRows = 20000;

// Extreme eigenvalues of S = D^-1/2 A D^-1/2 (symmetric A, positive diagonal)
// by at most `steps` Lanczos steps from a fixed start, stopping once they
// have settled; no reorthogonalisation, which spoils interior eigenvalues
// but not the extreme ones. The products run on OpenMP's threads; their
// sums may round differently from run to run, nothing more.
std::pair<double, double> lanczos_extremes(CsrView a, const std::vector<double>& scale, int steps,
                                           int& done) {
    const auto n = static_cast<std::ptrdiff_t>(a.rows);
    std::vector<double> v(static_cast<std::size_t>(n)), previous(v.size(), 0.0), w(v.size());
    double norm = 0.0;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        v[i] = 1.0 + 0.5 * std::sin(static_cast<double>(i));
        norm += v[i] * v[i];
    }
    for (double& x : v) x /= std::sqrt(norm);
    std::vector<double> alpha;
    std::vector<double> beta;
    std::pair<double, double> checked{kNaN, kNaN};
    double beta_previous = 0.0;
    for (int step = 0; step < steps; ++step) {
        double a_step = 0.0;
#pragma omp parallel for reduction(+ : a_step) schedule(static) if (n >= kParallelRows)
        for (std::ptrdiff_t i = 0; i < n; ++i) {  // w = S v
            double sum = 0.0;
            for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
                const auto j = static_cast<std::size_t>(a.col_indices[k]);
                sum += a.values[k] * scale[j] * v[j];
            }
            w[i] = scale[i] * sum;
            a_step += w[i] * v[i];
        }
        double b_step = 0.0;
#pragma omp parallel for reduction(+ : b_step) schedule(static) if (n >= kParallelRows)
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            w[i] -= a_step * v[i] + beta_previous * previous[i];
            b_step += w[i] * w[i];
        }
        b_step = std::sqrt(b_step);
        alpha.push_back(a_step);
        if (b_step < 1e-12 || step + 1 == steps) break;
        if (alpha.size() % kCheckEvery == 0 && alpha.size() >= 2 * kCheckEvery) {
            const auto now = ritz_extremes(alpha, beta);
            if (settled(checked, now)) break;
            checked = now;
        }
        beta.push_back(b_step);
#pragma omp parallel for schedule(static) if (n >= kParallelRows)
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            previous[i] = v[i];
            v[i] = w[i] / b_step;
        }
        beta_previous = b_step;
    }
    done = static_cast<int>(alpha.size());
    return ritz_extremes(alpha, beta);
}

}  // namespace

MatrixProperties analyze_matrix(CsrView a, int lanczos_steps) {
    MatrixProperties p;
    p.rows = a.rows;
    p.cols = a.cols;
    p.nonzeros = a.nnz();
    p.min_row_nonzeros = a.rows > 0 ? std::numeric_limits<Index>::max() : 0;
    for (Index i = 0; i < a.rows; ++i) {
        const auto count = static_cast<Index>(a.row_offsets[i + 1] - a.row_offsets[i]);
        p.min_row_nonzeros = std::min(p.min_row_nonzeros, count);
        p.max_row_nonzeros = std::max(p.max_row_nonzeros, count);
    }
    p.mean_row_nonzeros = a.rows > 0 ? static_cast<double>(p.nonzeros) / a.rows : 0.0;
    p.jacobi_radius = p.recommended_omega = p.async_omega_bound = kNaN;
    p.spectrum_low = p.spectrum_high = p.spectrum_bound = kNaN;
    const bool square = a.rows == a.cols;
    if (!square) {
        p.async_guarantee = "none: the matrix is not square";
        return p;
    }
    p.symmetry_error = symmetry_error(a);
    p.symmetric = p.symmetry_error <= 1e-12;

    std::vector<double> diagonal(static_cast<std::size_t>(a.rows));
    p.positive_diagonal = true;
    p.m_matrix_candidate = true;
    p.worst_dominance_ratio = std::numeric_limits<double>::infinity();
    double worst_off_ratio = 0.0;  // max_i sum_{j != i} |a_ij| / |a_ii|
    for (Index i = 0; i < a.rows; ++i) {
        double off = 0.0;
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            if (a.col_indices[k] == i) {
                diagonal[i] = a.values[k];
            } else {
                off += std::fabs(a.values[k]);
                if (a.values[k] > 0.0) p.m_matrix_candidate = false;
            }
        }
        const double d = std::fabs(diagonal[i]);
        p.positive_diagonal = p.positive_diagonal && diagonal[i] > 0.0;
        p.strictly_dominant_rows += d > off;
        p.weakly_dominant_rows += d >= off;
        p.worst_dominance_ratio = std::min(p.worst_dominance_ratio, off > 0.0 ? d / off : INFINITY);
        worst_off_ratio = std::max(worst_off_ratio, d > 0.0 ? off / d : INFINITY);
    }
    p.m_matrix_candidate = p.m_matrix_candidate && p.positive_diagonal;

    if (p.symmetric && p.positive_diagonal && a.rows > 0) {
        std::vector<double> scale(diagonal.size());
        for (std::size_t i = 0; i < scale.size(); ++i) scale[i] = 1.0 / std::sqrt(diagonal[i]);
        const auto [low, high] =
            lanczos_extremes(a, scale, std::max(2, lanczos_steps), p.lanczos_steps);
        p.spectrum_low = low;
        p.spectrum_high = high;
        p.spectrum_bound = gershgorin_bound(a, scale);
        p.jacobi_radius = std::max(std::fabs(1.0 - low), std::fabs(1.0 - high));
        p.nearly_singular = std::fabs(low) <= kNearlySingular * high;
        if (p.jacobi_radius < 1.0 && !p.nearly_singular) {
            p.recommended_omega = 2.0 / (1.0 + std::sqrt(1.0 - p.jacobi_radius * p.jacobi_radius));
        }
    }

    if (p.strictly_dominant_rows == a.rows && a.rows > 0) {
        p.async_omega_bound = 2.0 / (1.0 + worst_off_ratio);
        p.async_guarantee = "strictly diagonally dominant (an H-matrix with rho(|J|) <= " +
                            four_digits(worst_off_ratio) +
                            "): asynchronous SOR converges for 0 < omega < " +
                            four_digits(p.async_omega_bound) + " whatever the delays";
    } else if (p.nearly_singular) {
        p.async_guarantee =
            "none known: A is singular or nearly (lowest eigenvalue of D^-1 A "
            "estimated at " +
            four_digits(p.spectrum_low) + "); SOR may stall; the monitor guards against divergence";
    } else if (p.m_matrix_candidate && p.jacobi_radius < 1.0) {
        p.async_omega_bound = 2.0 / (1.0 + p.jacobi_radius);
        p.async_guarantee =
            "an M-matrix (no positive off-diagonal entry, estimated rho(J) = rho(|J|) < 1): "
            "asynchronous SOR converges for 0 < omega < about " +
            four_digits(p.async_omega_bound) + " whatever the delays";
    } else {
        p.async_guarantee =
            "none known" +
            std::string(p.symmetric && p.positive_diagonal && p.jacobi_radius < 1.0
                            ? " for asynchronous SOR (sequential SOR converges for 0 < omega < 2 "
                              "if A is positive definite)"
                            : "") +
            "; the monitor guards against divergence";
    }
    return p;
}

std::string to_json(const MatrixProperties& p) {
    using detail::json_number;
    detail::JsonObject o("");
    o.raw("rows", json_number(std::int64_t{p.rows}));
    o.raw("cols", json_number(std::int64_t{p.cols}));
    o.raw("nonzeros", json_number(std::int64_t{p.nonzeros}));
    o.raw("min_row_nonzeros", json_number(std::int64_t{p.min_row_nonzeros}));
    o.raw("mean_row_nonzeros", json_number(p.mean_row_nonzeros));
    o.raw("max_row_nonzeros", json_number(std::int64_t{p.max_row_nonzeros}));
    o.raw("symmetric", p.symmetric ? "true" : "false");
    o.raw("symmetry_error", json_number(p.symmetry_error));
    o.raw("positive_diagonal", p.positive_diagonal ? "true" : "false");
    o.raw("strictly_dominant_rows", json_number(std::int64_t{p.strictly_dominant_rows}));
    o.raw("weakly_dominant_rows", json_number(std::int64_t{p.weakly_dominant_rows}));
    o.raw("worst_dominance_ratio", json_number(p.worst_dominance_ratio));
    o.raw("m_matrix_candidate", p.m_matrix_candidate ? "true" : "false");
    o.raw("jacobi_radius", json_number(p.jacobi_radius));
    o.raw("spectrum_low", json_number(p.spectrum_low));
    o.raw("spectrum_high", json_number(p.spectrum_high));
    o.raw("spectrum_bound", json_number(p.spectrum_bound));
    o.raw("nearly_singular", p.nearly_singular ? "true" : "false");
    o.raw("lanczos_steps", json_number(std::int64_t{p.lanczos_steps}));
    o.raw("recommended_omega", json_number(p.recommended_omega));
    o.raw("async_omega_bound", json_number(p.async_omega_bound));
    o.string("async_guarantee", p.async_guarantee);
    return o.close() + "\n";
}

}  // namespace asor
