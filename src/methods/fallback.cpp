// When async fails: is sequential SOR guaranteed on A, and what to tell the
// user either way.
#include "fallback.hpp"

#include <cmath>
#include <cstdio>

namespace asor::detail {

bool sequential_sor_converges(const MatrixProperties& p) {
    return p.symmetric && p.positive_diagonal && std::isfinite(p.spectrum_low) &&
           p.spectrum_low > 0.0 && !p.nearly_singular;
}

namespace {

std::string figure(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", v);
    return buffer;
}

}  // namespace

std::string no_fallback_reason(const MatrixProperties& p) {
    std::string why;
    if (!p.symmetric) {
        why = "A is not symmetric";
    } else if (!p.positive_diagonal) {
        why = "A has a diagonal entry <= 0, so it is not positive definite";
    } else if (p.nearly_singular) {
        why = "A is singular or nearly so";
    } else {
        why = "A is not positive definite (lowest eigenvalue of D^-1 A estimated at " +
              figure(p.spectrum_low) + ")";
    }
    std::string advice;
    if (std::isfinite(p.async_omega_bound)) {
        advice = "async converges here for omega in (0, " + figure(p.async_omega_bound) +
                 ") whatever the delays (" + p.async_guarantee +
                 "): try --omega 1 with a larger --max-sweeps";
    } else {
        advice =
            "no method of asor is guaranteed to converge: try --method gs, a smaller --omega, or "
            "a Krylov method for non-symmetric or indefinite systems";
    }
    return "no fallback: " + why + ", so sequential SOR is not guaranteed to converge either; " +
           advice;
}

std::string fallback_reason(const OmegaChoice& choice) {
    return "A is symmetric positive definite, so sequential SOR (projected onto the bounds, if "
           "any) converges for omega in (0, 2): solved again by sor at " +
           choice.rule;
}

}  // namespace asor::detail
