// The synchronous parallel baselines (jacobi, multicolor, local) and cg.
// Tagged [engine]: they also run under ThreadSanitizer.
#include <catch2/catch.hpp>
#include <cmath>

#include "asor/detail/linear_system.hpp"
#include "asor/error.hpp"
#include "solver_checks.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

// As in the async tests: both solutions have relative residual <= tol, so
// they differ by at most ||A^-1|| * 2 tol ||b||.
void check_matches_sequential_sor(const CsrMatrix& a, Method method, double omega,
                                  double inverse_norm) {
    const std::vector<double> b = rhs_for_ones_solution(a);
    std::vector<double> reference;
    const auto seq = test::solve_and_verify(a, b, reference, test::options_for(Method::sor, 1.0));
    REQUIRE(seq.converged);
    const int threads = GENERATE(1, 2, 3, 4);
    CAPTURE(to_string(method), threads);
    std::vector<double> x;
    const auto r = test::solve_and_verify(a, b, x, test::options_for(method, omega, threads));
    REQUIRE(r.converged);
    CHECK(r.reason == StopReason::converged);
    CHECK(r.method == method);
    CHECK(r.threads == threads);
    CHECK(r.sweeps == r.sweeps_max);  // synchronous: every thread did every sweep
    CHECK(test::max_difference(x, reference) <= inverse_norm * 2.0 * seq.tolerance * norm2(b));
}

}  // namespace

TEST_CASE("synchronous parallel methods and cg converge and match sequential SOR",
          "[synchronous][engine]") {
    const CsrMatrix spd = test::poisson2d(20, 0.5);  // ||A^-1||_2 <= 2
    const CsrMatrix nonsymmetric = test::random_diagonally_dominant(1500, 6, 1.5, 5);
    const double nonsymmetric_inverse = 1.0 / test::dominance_margin(nonsymmetric);
    SECTION("jacobi") {
        check_matches_sequential_sor(spd, Method::jacobi, 1.0, 2.0);
        check_matches_sequential_sor(nonsymmetric, Method::jacobi, 1.0, nonsymmetric_inverse);
    }
    SECTION("multicolor") {
        check_matches_sequential_sor(spd, Method::multicolor, 1.2, 2.0);
        check_matches_sequential_sor(nonsymmetric, Method::multicolor, 1.0, nonsymmetric_inverse);
    }
    SECTION("local") {
        check_matches_sequential_sor(spd, Method::local, 1.2, 2.0);
        check_matches_sequential_sor(nonsymmetric, Method::local, 1.0, nonsymmetric_inverse);
    }
    SECTION("cg") { check_matches_sequential_sor(spd, Method::cg, 1.0, 2.0); }
}

TEST_CASE("multicolor reports its number of colours", "[synchronous][engine]") {
    const CsrMatrix a = test::poisson2d(10);
    std::vector<double> x;
    const auto r = test::solve_and_verify(a, rhs_for_ones_solution(a), x,
                                          test::options_for(Method::multicolor, 1.5, 2));
    CHECK(r.colors == 2);
    CHECK(r.converged);
}

TEST_CASE("cg refuses a non-symmetric matrix, naming an entry", "[synchronous]") {
    const CsrMatrix a = test::random_diagonally_dominant(50, 4, 1.5, 9);
    std::vector<double> x(50, 0.0);
    REQUIRE_THROWS_WITH(solve(a, rhs_for_ones_solution(a), x, test::options_for(Method::cg, 1.0)),
                        Contains("matrix is not symmetric: a(") && Contains("method cg"));
}

TEST_CASE("synchronous methods stop at the sweep limit and on the observer's word",
          "[synchronous][engine]") {
    const CsrMatrix a = test::poisson2d(40);
    const std::vector<double> b = rhs_for_ones_solution(a);
    const Method method = GENERATE(Method::jacobi, Method::multicolor, Method::local);
    CAPTURE(to_string(method));
    std::vector<double> x;
    SECTION("sweep limit, exact: the check follows every sweep") {
        auto options = test::options_for(method, 1.0, 2);
        options.stopping.max_sweeps = 7;
        const auto r = test::solve_and_verify(a, b, x, options);
        CHECK(r.reason == StopReason::sweep_limit);
        CHECK(r.sweeps == 7);
    }
    SECTION("observer") {
        auto options = test::options_for(method, 1.0, 2);
        options.monitor_interval_seconds = 1e-9;  // consult it after every sweep
        options.observer = [](const Progress& p) {
            return p.sweeps_min >= 3 ? ObserverAction::stop : ObserverAction::proceed;
        };
        const auto r = test::solve_and_verify(a, b, x, options);
        CHECK(r.reason == StopReason::observer_stop);
        CHECK(r.sweeps == 3);
    }
}

TEST_CASE("jacobi with too large a weight is reported as diverged", "[synchronous][engine]") {
    const CsrMatrix a = test::poisson2d(16);
    std::vector<double> x;
    const auto r = test::solve_and_verify(a, rhs_for_ones_solution(a), x,
                                          test::options_for(Method::jacobi, 1.9, 2));
    CHECK(r.reason == StopReason::diverged);
}
