// `--omega auto`: which omega each method gets, on matrices whose optimum is
// known, and that the choice is as good as the best of a grid where theory
// says it should be.
#include "asor/omega_choice.hpp"
#include "asor/solver.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "asor/detail/linear_system.hpp"
#include "asor/detail/row_partition.hpp"
#include "asor/solve.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

double young(double rho) { return 2.0 / (1.0 + std::sqrt(1.0 - rho * rho)); }

// 3 x 3, unit diagonal, every off-diagonal entry `a`: J has eigenvalues -2a
// and a (twice), so D^-1 A has 1 + 2a and 1 - a; SPD for -1/2 < a < 1.
CsrMatrix equal_coupling(double a) {
    std::vector<Triplet> t;
    for (Index i = 0; i < 3; ++i) {
        for (Index j = 0; j < 3; ++j) t.push_back({i, j, i == j ? 1.0 : a});
    }
    return csr_from_triplets(3, 3, t);
}

std::uint64_t sor_sweeps(const CsrMatrix& a, double omega) {
    const std::vector<double> b = rhs_for_ones_solution(a);
    std::vector<double> x(b.size(), 0.0);
    SolveOptions o;
    o.method = Method::sor;
    o.omega = omega;
    o.stopping.max_sweeps = 100000;
    const SolveReport r = solve(a, b, x, o);
    REQUIRE(r.converged);
    return r.sweeps;
}

}  // namespace

TEST_CASE("sor and multicolor get Young's omega from the estimate of rho(J)", "[omega]") {
    const auto n = GENERATE(16, 32, 100);
    const double rho = std::cos(std::numbers::pi / (n + 1));  // exact for this matrix
    const CsrMatrix a = test::poisson2d(n);
    for (const Method method : {Method::sor, Method::multicolor}) {
        const OmegaChoice c = choose_omega(a, method);
        CHECK(std::fabs(c.jacobi_radius - rho) < 1e-4);
        // 2 - omega_opt is about 2 pi / (N + 1): a relative error well below
        // that of the estimate's distance from 1.
        CHECK(std::fabs(c.omega - young(rho)) < 0.05 * (2.0 - young(rho)));
        CHECK_THAT(c.rule, Contains("Young"));
        CHECK(c.seconds >= 0.0);
    }
}

TEST_CASE("Young's omega for sor is within 10% of the best omega of a grid", "[omega]") {
    // Consistently ordered matrices, where Young's theory holds: the
    // 5-point Laplacian, plain and shifted (rho(J) = 0.995 and 0.885).
    const double shift = GENERATE(0.0, 0.5);
    const CsrMatrix a = test::poisson2d(32, shift);
    std::uint64_t best = UINT64_MAX;
    for (double omega = 1.0; omega < 1.99; omega += 0.02)
        best = std::min(best, sor_sweeps(a, omega));
    const std::uint64_t chosen = sor_sweeps(a, choose_omega(a, Method::sor).omega);
    INFO("auto " << chosen << " sweeps, best of the grid " << best);
    CHECK(static_cast<double>(chosen) <= 1.1 * static_cast<double>(best));
    CHECK(chosen < sor_sweeps(a, 1.0));  // and better than Gauss-Seidel
}

TEST_CASE("async and local get Young's omega too, and back off if they diverge", "[omega]") {
    const CsrMatrix a = test::poisson2d(32);
    const OmegaChoice sor = choose_omega(a, Method::sor);
    for (const Method method : {Method::async, Method::local}) {
        const OmegaChoice c = choose_omega(a, method);
        CHECK(c.omega == sor.omega);
        CHECK_THAT(c.rule, Contains("backs off"));
    }
}

TEST_CASE("backing off doubles omega's distance from 2, down to 1", "[omega]") {
    CHECK(backed_off_omega(1.99) == Approx(1.98));
    CHECK(backed_off_omega(1.9) == Approx(1.8));
    CHECK(backed_off_omega(1.4) == 1.0);
    CHECK(backed_off_omega(1.0) == 1.0);
}

TEST_CASE("the back-off solves again at omegas closer to 1 after a divergence", "[omega]") {
    std::vector<double> tried;
    const auto diverging = [&](double w) {
        tried.push_back(w);
        SolveReport r;
        r.omega = w;
        r.reason = StopReason::diverged;
        r.seconds = 1.0;
        return r;
    };
    SECTION("async and local: until omega 1 or the limit of attempts") {
        for (const Method m : {Method::async, Method::local}) {
            tried.clear();
            const SolveReport r = solve_backing_off(m, 1.9, diverging);
            // 1.9, 1.8, 1.6, 1.2, then 1.0: kMaxBackoffs back-offs.
            CHECK_THAT(tried,
                       Catch::Matchers::Approx(std::vector<double>{1.9, 1.8, 1.6, 1.2, 1.0}));
            REQUIRE(r.diverged_at.size() == static_cast<std::size_t>(kMaxBackoffs));
            CHECK(r.diverged_at[3] == Approx(1.2));
            CHECK(r.omega == 1.0);
            CHECK(r.seconds == 5.0);  // every attempt counts
        }
    }
    SECTION("close to 2, the limit of attempts stops it first") {
        const SolveReport r = solve_backing_off(Method::async, 1.99, diverging);
        CHECK(tried.size() == static_cast<std::size_t>(kMaxBackoffs) + 1);
        CHECK(r.omega == Approx(1.84));
    }
    SECTION("sor: one attempt, whatever happens") {
        const SolveReport r = solve_backing_off(Method::sor, 1.9, diverging);
        CHECK(tried.size() == 1);
        CHECK(r.diverged_at.empty());
    }
    SECTION("an attempt that does not diverge is the last") {
        const SolveReport r = solve_backing_off(Method::async, 1.9, [&](double w) {
            SolveReport one = diverging(w);
            if (w < 1.7) one.reason = StopReason::sweep_limit;
            return one;
        });
        CHECK_THAT(tried, Catch::Matchers::Approx(std::vector<double>{1.9, 1.8, 1.6}));
        CHECK(r.reason == StopReason::sweep_limit);
        CHECK_THAT(r.diverged_at, Catch::Matchers::Approx(std::vector<double>{1.9, 1.8}));
    }
}

TEST_CASE("jacobi gets the weight 2 / (lambda_min + a bound on lambda_max)", "[omega]") {
    // D^-1 A has eigenvalues 0.6 and 1.8, and Gershgorin's bound is 1.8:
    // the optimal weight 2 / 2.4.
    const OmegaChoice c = choose_omega(equal_coupling(0.4), Method::jacobi);
    CHECK(c.omega == Approx(2.0 / 2.4).epsilon(1e-9));
    CHECK(c.jacobi_radius == Approx(0.8).epsilon(1e-9));
    CHECK(choose_omega(equal_coupling(0.4), Method::sor).omega == Approx(young(0.8)).epsilon(1e-9));
}

TEST_CASE("omega 1 wherever no rule applies, with the reason", "[omega]") {
    SECTION("gs and cg") {
        const CsrMatrix a = test::poisson2d(8);
        CHECK(choose_omega(a, Method::gs).omega == 1.0);
        CHECK(choose_omega(a, Method::cg).omega == 1.0);
        CHECK_THAT(choose_omega(a, Method::cg).rule, Contains("cg"));
    }
    SECTION("a non-symmetric matrix: no estimate") {
        const CsrMatrix a = csr_from_triplets(
            2, 2, std::vector<Triplet>{{0, 0, 4.0}, {0, 1, -1.0}, {1, 0, -2.0}, {1, 1, 4.0}});
        const OmegaChoice c = choose_omega(a, Method::async);
        CHECK(c.omega == 1.0);
        CHECK(std::isnan(c.jacobi_radius));
        CHECK_THAT(c.rule, Contains("not symmetric"));
    }
    SECTION("a symmetric indefinite matrix") {
        const CsrMatrix a = csr_from_triplets(
            2, 2, std::vector<Triplet>{{0, 0, 1.0}, {0, 1, 2.0}, {1, 0, 2.0}, {1, 1, 1.0}});
        const OmegaChoice c = choose_omega(a, Method::sor);
        CHECK(c.omega == 1.0);
        CHECK_THAT(c.rule, Contains("not positive definite"));
    }
    SECTION("a negative diagonal entry") {
        const CsrMatrix a = csr_from_triplets(
            2, 2, std::vector<Triplet>{{0, 0, -4.0}, {0, 1, 1.0}, {1, 0, 1.0}, {1, 1, -4.0}});
        CHECK_THAT(choose_omega(a, Method::sor).rule, Contains("diagonal entry <= 0"));
    }
}

TEST_CASE("SPD with rho(J) >= 1 takes rho as 1 - lambda_min of D^-1 A", "[omega]") {
    // D^-1 A has eigenvalues 0.4 and 2.2: rho(J) = 1.2, Jacobi diverges, SOR
    // converges; rho is taken as 0.6.
    const CsrMatrix a = equal_coupling(0.6);
    const OmegaChoice c = choose_omega(a, Method::sor);
    CHECK(c.jacobi_radius == Approx(1.2).epsilon(1e-9));
    CHECK(c.omega == Approx(young(0.6)).epsilon(1e-9));
    CHECK_THAT(c.rule, Contains("1 - lambda_min"));
    CHECK(sor_sweeps(a, c.omega) > 0);
}

TEST_CASE("a singular matrix gets omega 1 and no promise", "[omega]") {
    // The 1D Laplacian with Neumann ends: rows sum to 0, rho(J) = 1.
    std::vector<Triplet> t;
    const Index n = 50;
    for (Index i = 0; i < n; ++i) {
        t.push_back({i, i, i == 0 || i == n - 1 ? 1.0 : 2.0});
        if (i > 0) t.push_back({i, i - 1, -1.0});
        if (i + 1 < n) t.push_back({i, i + 1, -1.0});
    }
    const CsrMatrix a = csr_from_triplets(n, n, t);
    const MatrixProperties p = analyze_matrix(a);
    CHECK(p.nearly_singular);
    CHECK(std::isnan(p.recommended_omega));
    CHECK_THAT(p.async_guarantee, Contains("singular"));
    const OmegaChoice c = choose_omega(a, Method::sor);
    CHECK(c.omega == 1.0);
    CHECK_THAT(c.rule, Contains("singular"));
}
