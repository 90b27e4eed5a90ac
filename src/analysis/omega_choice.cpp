#include "asor/omega_choice.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace asor {

namespace {

std::string figure(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
}

double young(double rho) { return 2.0 / (1.0 + std::sqrt(1.0 - rho * rho)); }

OmegaChoice omega_one(std::string why) {
    OmegaChoice c;
    c.jacobi_radius = std::numeric_limits<double>::quiet_NaN();
    c.rule = std::move(why) + ": omega 1";
    return c;
}

}  // namespace

OmegaChoice choose_omega(const MatrixProperties& p, Method method) {
    if (method == Method::gs) return omega_one("gs is Gauss-Seidel");
    if (method == Method::cg) return omega_one("cg does not relax");
    if (!std::isfinite(p.spectrum_low) || !std::isfinite(p.spectrum_high)) {
        return omega_one(p.rows != p.cols ? "A is not square"
                         : !p.symmetric   ? "A is not symmetric, no estimate of rho(J)"
                                          : "A has a diagonal entry <= 0, no estimate of rho(J)");
    }
    if (p.nearly_singular) {
        return omega_one("A is singular or nearly (lowest eigenvalue of D^-1 A estimated at " +
                         figure(p.spectrum_low) + ")");
    }
    if (!(p.spectrum_low > 0.0)) {
        return omega_one("A is not positive definite (lowest eigenvalue of D^-1 A estimated at " +
                         figure(p.spectrum_low) + ")");
    }
    OmegaChoice c;
    c.jacobi_radius = p.jacobi_radius;
    if (method == Method::jacobi) {
        c.omega = 2.0 / (p.spectrum_low + p.spectrum_bound);
        c.rule = "Jacobi weight 2 / (lambda_min + lambda_max) of D^-1 A, lambda_min estimated at " +
                 figure(p.spectrum_low) + ", lambda_max bounded by " + figure(p.spectrum_bound) +
                 " (Gershgorin)";
        return c;
    }
    double rho = p.jacobi_radius;
    std::string radius = "rho(J) = " + figure(rho);
    if (!(rho < 1.0)) {  // positive definite, so SOR converges; Jacobi does not
        rho = 1.0 - p.spectrum_low;
        radius = "rho = 1 - lambda_min(D^-1 A) = " + figure(rho) +
                 " (rho(J) = " + figure(p.jacobi_radius) + " >= 1)";
    }
    c.omega = young(rho);
    c.rule = "Young's omega 2 / (1 + sqrt(1 - rho^2)) for " + radius;
    if (backs_off_on_divergence(method))
        c.rule += "; backs off toward 1 if " + std::string(to_string(method)) + " diverges";
    return c;
}

OmegaChoice choose_omega(CsrView a, Method method, int lanczos_steps) {
    if (method == Method::gs || method == Method::cg)
        return choose_omega(MatrixProperties{}, method);
    const auto start = std::chrono::steady_clock::now();
    OmegaChoice c = choose_omega(analyze_matrix(a, lanczos_steps), method);
    c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return c;
}

bool backs_off_on_divergence(Method method) noexcept {
    return method == Method::async || method == Method::local;
}

double backed_off_omega(double omega) noexcept { return std::max(1.0, 2.0 - 2.0 * (2.0 - omega)); }

}  // namespace asor
