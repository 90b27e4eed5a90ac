// Checks shared by the solver tests: never trust the solver's own report.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "asor/detail/residual.hpp"
#include "asor/solve.hpp"

namespace asor::test {

/// Solves from x = 0 and checks that the report's residual is the one
/// recomputed here from the returned x.
inline SolveReport solve_and_verify(const CsrMatrix& a, const std::vector<double>& b,
                                    std::vector<double>& x, const SolveOptions& options) {
    x.assign(static_cast<std::size_t>(a.rows), 0.0);
    const SolveReport report = solve(a, b, x, options);
    const double recomputed = residual_norm(a, x, b, 1) / norm2(b);
    if (std::isfinite(recomputed)) {
        CHECK(report.relative_residual == Approx(recomputed).epsilon(1e-10));
    } else {
        CHECK_FALSE(std::isfinite(report.relative_residual));
    }
    CHECK(report.converged == (recomputed <= options.stopping.tolerance));
    return report;
}

inline SolveOptions options_for(Method method, double omega, int threads = 1) {
    SolveOptions o;
    o.method = method;
    o.omega = omega;
    o.threads = threads;
    o.fallback = false;  // each test judges its method, not sequential SOR behind it
    o.stopping.max_sweeps = 100000;
    o.stopping.time_limit_seconds = 120.0;
    return o;
}

}  // namespace asor::test
