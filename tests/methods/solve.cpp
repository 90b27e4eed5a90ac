// The common entry point: options, reports and the JSON form.
#include "asor/solve.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>

#include "asor/detail/linear_system.hpp"
#include "asor/detail/residual.hpp"
#include "asor/error.hpp"
#include "asor/report.hpp"
#include "solver_checks.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

TEST_CASE("options out of range are refused as usage errors", "[solve]") {
    const CsrMatrix a = test::poisson2d(3);
    const std::vector<double> b = rhs_for_ones_solution(a);
    std::vector<double> x(9, 0.0);
    SolveOptions o;
    SECTION("omega outside (0, 2)") {
        for (double omega : {0.0, -1.0, 2.0, 2.5}) {
            o.omega = omega;
            REQUIRE_THROWS_WITH(solve(a, b, x, o), Contains("expected a value in (0, 2)"));
        }
    }
    SECTION("tolerance") {
        o.stopping.tolerance = 0.0;
        REQUIRE_THROWS_WITH(solve(a, b, x, o), Contains("tolerance"));
    }
    SECTION("monitor interval") {
        o.monitor_interval_seconds = 0.0;
        REQUIRE_THROWS_WITH(solve(a, b, x, o), Contains("monitor interval"));
    }
    SECTION("kind is usage") {
        o.omega = 3.0;
        try {
            solve(a, b, x, o);
            FAIL("no exception");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
        }
    }
}

TEST_CASE("method names parse and print", "[solve]") {
    for (Method m : {Method::async, Method::gs, Method::sor, Method::jacobi, Method::multicolor,
                     Method::local, Method::cg}) {
        CHECK(parse_method(to_string(m)) == m);
    }
    REQUIRE_THROWS_WITH(parse_method("newton"),
                        Contains("unknown method 'newton' (expected one of async, gs, sor"));
}

TEST_CASE("every method returns the same report shape", "[solve]") {
    const CsrMatrix a = test::poisson2d(10);
    const std::vector<double> b = rhs_for_ones_solution(a);
    const auto method = GENERATE(Method::async, Method::gs, Method::sor, Method::jacobi,
                                 Method::multicolor, Method::local, Method::cg);
    std::vector<double> x;
    const SolveReport r = test::solve_and_verify(a, b, x, test::options_for(method, 1.2, 2));
    CHECK(r.method == method);
    CHECK(r.rows == 100);
    CHECK(r.nonzeros == a.nnz());
    CHECK(r.tolerance == 1e-8);
    CHECK(r.initial_residual == Approx(1.0));
    CHECK(r.seconds > 0.0);
    const bool one_thread = method == Method::gs || method == Method::sor;
    CHECK(r.threads == (one_thread ? 1 : 2));
    CHECK(r.sweeps >= 1);
}

TEST_CASE("the JSON report carries every figure", "[solve]") {
    SolveReport r;
    r.method = Method::sor;
    r.rows = 4;
    r.nonzeros = 10;
    r.omega = 1.5;
    r.tolerance = 1e-8;
    r.sweeps = r.sweeps_max = 12;
    r.relative_residual = 5e-9;
    r.converged = true;
    r.reason = StopReason::converged;
    r.thread_stats.push_back({0, 4, 4, 10, 12, 0.5});
    const std::string json = to_json(r, {{"matrix", "a \"quoted\" name.mtx"}});
    CHECK_THAT(json, Contains("\"matrix\": \"a \\\"quoted\\\" name.mtx\""));
    CHECK_THAT(json, Contains("\"method\": \"sor\""));
    CHECK_THAT(json, Contains("\"sweeps\": 12"));
    CHECK_THAT(json, Contains("\"relative_residual\": 5e-09"));
    CHECK_THAT(json, Contains("\"converged\": true"));
    CHECK_THAT(json, Contains("\"reason\": \"converged\""));
    CHECK_THAT(json, Contains("\"busy_seconds\": 0.5"));
    SECTION("non-finite numbers become null") {
        r.relative_residual = INFINITY;
        CHECK_THAT(to_json(r), Contains("\"relative_residual\": null"));
    }
}

TEST_CASE("every method hands out snapshots of x while it runs", "[solve][engine]") {
    const CsrMatrix a = test::poisson2d(40);
    const std::vector<double> b = rhs_for_ones_solution(a);
    const auto method =
        GENERATE(Method::async, Method::sor, Method::jacobi, Method::multicolor, Method::local);
    SolveOptions o = test::options_for(method, method == Method::jacobi ? 1.0 : 1.5, 2);
    o.stopping.tolerance = 1e-10;
    o.snapshot_interval_seconds = 1e-9;  // at every check
    std::size_t snapshots = 0;
    std::uint64_t last_sweeps = 0;
    bool all_finite = true;
    bool sweeps_ordered = true;
    double last_residual = 0.0;
    o.on_snapshot = [&](const Snapshot& s) {
        ++snapshots;
        for (double v : s.x) all_finite = all_finite && std::isfinite(v);
        sweeps_ordered = sweeps_ordered && s.progress.sweeps_min >= last_sweeps;
        last_sweeps = s.progress.sweeps_min;
        last_residual = residual_norm(a, s.x, b, 1) / norm2(b);
        REQUIRE(s.x.size() == b.size());
    };
    std::vector<double> x;
    const SolveReport r = test::solve_and_verify(a, b, x, o);
    CAPTURE(method, snapshots, last_sweeps, r.sweeps, r.verifications);
    INFO("last snapshot's residual " << std::scientific << last_residual << ", x's "
                                     << r.relative_residual);
    CHECK(r.converged);
    CHECK(snapshots >= 2);
    CHECK(all_finite);
    CHECK(sweeps_ordered);
    // The last snapshot is an iterate of this solve: between x0 and the end.
    CHECK(last_residual < r.initial_residual);
    CHECK(last_residual >= r.relative_residual * 0.5);
}

TEST_CASE("a snapshot handler that throws stops the solve", "[solve][engine]") {
    const CsrMatrix a = test::poisson2d(30);
    const std::vector<double> b = rhs_for_ones_solution(a);
    const auto method = GENERATE(Method::async, Method::sor);
    SolveOptions o = test::options_for(method, 1.5, 2);
    o.stopping.tolerance = 1e-14;
    o.snapshot_interval_seconds = 1e-9;
    o.on_snapshot = [](const Snapshot&) { throw Error(ErrorKind::io, "disk full"); };
    std::vector<double> x(b.size(), 0.0);
    REQUIRE_THROWS_WITH(solve(a, b, x, o), Contains("disk full"));
    SECTION("a snapshot interval must be positive") {
        o.snapshot_interval_seconds = 0.0;
        REQUIRE_THROWS_WITH(solve(a, b, x, o), Contains("snapshot interval"));
    }
}

TEST_CASE("a diverged solve returns the last finite iterate", "[solve][engine]") {
    // Eigenvalues 3 and -1: SOR diverges from any start, to Inf then NaN.
    const CsrMatrix a = csr_from_triplets(
        2, 2, std::vector<Triplet>{{0, 0, 1.0}, {0, 1, 2.0}, {1, 0, 2.0}, {1, 1, 1.0}});
    const std::vector<double> b = {1.0, 1.0};
    const auto method = GENERATE(Method::async, Method::sor, Method::jacobi, Method::local);
    SolveOptions o = test::options_for(method, 1.9, 2);
    SECTION("run on until NaN or Inf") {
        o.stopping.divergence_factor = 1e300;
        std::vector<double> x;
        const SolveReport r = test::solve_and_verify(a, b, x, o);
        CHECK(r.reason == StopReason::diverged);
        CHECK_FALSE(r.converged);
        CHECK(r.restored_last_finite);
        CHECK(std::isfinite(x[0]));
        CHECK(std::isfinite(x[1]));
        CHECK_THAT(to_json(r), Contains("\"restored_last_finite\": true"));
    }
    SECTION("stopped by growth: x and its recomputed residual are finite") {
        std::vector<double> x;
        const SolveReport r = test::solve_and_verify(a, b, x, o);
        CHECK(r.reason == StopReason::diverged);
        CHECK(std::isfinite(x[0]));
        CHECK(std::isfinite(x[1]));
        CHECK(std::isfinite(r.relative_residual));
    }
}

TEST_CASE("a solve that converges keeps its own x", "[solve]") {
    const CsrMatrix a = test::poisson2d(10);
    const std::vector<double> b = rhs_for_ones_solution(a);
    std::vector<double> x;
    const SolveReport r = test::solve_and_verify(a, b, x, test::options_for(Method::sor, 1.5));
    CHECK(r.converged);
    CHECK_FALSE(r.restored_last_finite);
    CHECK_THAT(to_json(r), Contains("\"restored_last_finite\": false"));
}

TEST_CASE("an extra field named reason replaces the stop reason in JSON", "[solve]") {
    SolveReport r;
    r.reason = StopReason::cancelled;
    const std::string json = to_json(r, {{"reason", "interrupted"}});
    CHECK_THAT(json, Contains("\"reason\": \"interrupted\""));
    CHECK_THAT(json, !Contains("cancelled"));
}
