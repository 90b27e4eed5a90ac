// The linear complementarity problem by projected SOR-type methods.
#include "asor/lcp.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "asor/detail/linear_system.hpp"
#include "asor/detail/residual.hpp"
#include "asor/error.hpp"
#include "asor/lcp_problems.hpp"
#include "solver_checks.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

/// ||min(z, M z + q)|| / ||q||, computed here by hand.
double lcp_residual(const CsrMatrix& m, const std::vector<double>& q,
                    const std::vector<double>& z) {
    std::vector<double> w(q.size());
    multiply(m, z, w);
    double sum = 0.0;
    for (std::size_t i = 0; i < q.size(); ++i) {
        const double r = std::min(z[i], w[i] + q[i]);
        sum += r * r;
    }
    return std::sqrt(sum) / norm2(q);
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
    double d = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(a[i] - b[i]));
    return d;
}

/// The 1D Laplacian tridiag(-1, 2, -1) of n rows.
CsrMatrix laplacian_1d(Index n) {
    std::vector<Triplet> t;
    for (Index i = 0; i < n; ++i) {
        t.push_back({i, i, 2.0});
        if (i > 0) t.push_back({i, i - 1, -1.0});
        if (i + 1 < n) t.push_back({i, i + 1, -1.0});
    }
    return csr_from_triplets(n, n, t);
}

/// The smallest concave function over the points (0, 0), (i + 1, psi_i),
/// (n + 1, 0), at i + 1: the exact discrete solution of the 1D obstacle
/// problem with no load (A u >= 0 means u is concave; u touches psi where
/// A u > 0). The upper hull by Andrew's monotone chain.
std::vector<double> upper_concave_envelope(const std::vector<double>& psi) {
    const auto n = static_cast<long>(psi.size());
    std::vector<std::pair<double, double>> points = {{0.0, 0.0}};
    for (long i = 0; i < n; ++i) points.emplace_back(static_cast<double>(i + 1), psi[i]);
    points.emplace_back(static_cast<double>(n + 1), 0.0);
    std::vector<std::pair<double, double>> hull;
    for (const auto& p : points) {
        while (hull.size() >= 2) {
            const auto& a = hull[hull.size() - 2];
            const auto& b = hull.back();
            const double cross = (b.first - a.first) * (p.second - a.second) -
                                 (b.second - a.second) * (p.first - a.first);
            if (cross < 0.0) break;  // a right turn keeps b on the upper hull
            hull.pop_back();
        }
        hull.push_back(p);
    }
    std::vector<double> u(psi.size());
    std::size_t k = 0;
    for (long i = 0; i < n; ++i) {
        const double x = static_cast<double>(i + 1);
        while (hull[k + 1].first < x) ++k;
        const auto& [x0, y0] = hull[k];
        const auto& [x1, y1] = hull[k + 1];
        u[i] = y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }
    return u;
}

/// Two bumps and a dip, negative near the ends: the string rests on both
/// bumps and spans the dip.
std::vector<double> two_bump_obstacle(Index n) {
    std::vector<double> psi(n);
    for (Index i = 0; i < n; ++i) {
        const double x = (i + 1.0) / (n + 1.0);
        psi[i] =
            std::max(0.6 - 30.0 * (x - 0.3) * (x - 0.3), 0.4 - 50.0 * (x - 0.75) * (x - 0.75)) -
            0.1;
    }
    return psi;
}

}  // namespace

TEST_CASE("random LCPs with a known solution are solved to the tolerance's accuracy",
          "[lcp][engine]") {
    const LcpProblem p = random_lcp(3000, 7);
    const auto [method, threads] = GENERATE(table<Method, int>(
        {{Method::sor, 1}, {Method::async, 1}, {Method::async, 2}, {Method::async, 4}}));
    SolveOptions o = test::options_for(method, 1.2, threads);
    o.stopping.tolerance = 1e-10;
    std::vector<double> z(p.q.size(), 0.0);
    const SolveReport r = solve_lcp(p.m, p.q, z, o);
    INFO(to_string(method) << " on " << threads << " threads");
    CHECK(r.converged);
    CHECK(r.constrained);
    // The report's residual is recomputed: it is the one computed here.
    CHECK(r.relative_residual == Approx(lcp_residual(p.m, p.q, z)).epsilon(1e-9).margin(1e-15));
    CHECK(r.relative_residual <= 1e-10);
    // M = L + I has eigenvalues >= 1, so |z - z*| is within a small multiple
    // of the natural residual.
    CHECK(max_difference(z, p.solution) < 1e-7);
    // The other measures, absolute sums and maxima over 3000 rows, are small
    // on the scale of ||q|| (125 here): the natural residual bounds them.
    CHECK(r.constraints.bound_violation == 0.0);
    CHECK(r.constraints.gradient_violation < 1e-7);
    CHECK(r.constraints.complementarity_gap < 1e-6);
}

TEST_CASE("the 1D obstacle problem matches its exact discrete solution", "[lcp][engine]") {
    const Index n = 60;
    const CsrMatrix a = laplacian_1d(n);
    const std::vector<double> psi = two_bump_obstacle(n);
    const std::vector<double> exact = upper_concave_envelope(psi);
    REQUIRE(std::count_if(exact.begin(), exact.end(), [&, i = 0](double u) mutable {
                return u == psi[i++];
            }) >= 2);  // the string touches the obstacle
    const auto method = GENERATE(Method::sor, Method::async, Method::local);
    // Processor-local SOR stalls on this problem at omega 1.9 (two blocks):
    // unlike SOR, it has no convergence guarantee for every omega in (0, 2).
    SolveOptions o = test::options_for(method, 1.2, 2);
    o.stopping.tolerance = 1e-12;
    SECTION("as a box-constrained solve in u: lower bound psi, b = 0") {
        std::vector<double> u(psi.size(), 0.0);
        const std::vector<double> zero(psi.size(), 0.0);
        o.lower = psi;
        const SolveReport r = solve(a, zero, u, o);
        CHECK(r.converged);
        CHECK(max_difference(u, exact) < 1e-9);
    }
    SECTION("as an LCP in z = u - psi: M = A, q = A psi") {
        std::vector<double> q(psi.size());
        multiply(a, psi, q);
        std::vector<double> z(psi.size(), 0.0);
        const SolveReport r = solve_lcp(a, q, z, o);
        CHECK(r.converged);
        for (std::size_t i = 0; i < z.size(); ++i) z[i] += psi[i];
        CHECK(max_difference(z, exact) < 1e-9);
    }
}

TEST_CASE("bounds that are inactive at the solution change nothing", "[lcp]") {
    const CsrMatrix a = test::poisson2d(20);
    const std::vector<double> b = rhs_for_ones_solution(a);  // x = ones
    const auto method = GENERATE(Method::sor, Method::jacobi, Method::multicolor);
    SolveOptions o = test::options_for(method, method == Method::jacobi ? 1.0 : 1.5, 2);
    std::vector<double> free_x;
    const SolveReport free = test::solve_and_verify(a, b, free_x, o);
    const std::vector<double> lower(b.size(), -5.0);
    const std::vector<double> upper(b.size(), 5.0);
    o.lower = lower;
    SECTION("a lower bound") {}
    SECTION("both bounds") { o.upper = upper; }
    std::vector<double> boxed_x(b.size(), 0.0);
    const SolveReport boxed = solve(a, b, boxed_x, o);
    CHECK(boxed.converged);
    CHECK(boxed.sweeps == free.sweeps);
    CHECK(boxed_x == free_x);
    CHECK(boxed.relative_residual == Approx(free.relative_residual));
}

TEST_CASE("an LCP unfit for projected SOR is refused", "[lcp]") {
    const CsrMatrix m = test::poisson2d(3);
    std::vector<double> z(9, 0.0);
    const std::vector<double> q(9, -1.0);
    SECTION("M not square") {
        const CsrMatrix wide =
            csr_from_triplets(2, 3, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 1.0}});
        REQUIRE_THROWS_WITH(solve_lcp(wide, std::vector<double>(2, 1.0), z),
                            Contains("matrix is 2 x 3"));
    }
    SECTION("q of the wrong length") {
        REQUIRE_THROWS_WITH(solve_lcp(m, std::vector<double>(8, 1.0), z),
                            Contains("q has 8 entries (expected 9"));
    }
    SECTION("a non-positive diagonal entry") {
        const CsrMatrix negative =
            csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, -2.0}});
        REQUIRE_THROWS_WITH(solve_lcp(negative, std::vector<double>(2, 1.0), z),
                            Contains("row 2: diagonal entry is -2 (projected SOR for the LCP "
                                     "needs a positive diagonal)"));
        const CsrMatrix missing = csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1.0}});
        REQUIRE_THROWS_WITH(solve_lcp(missing, std::vector<double>(2, 1.0), z),
                            Contains("row 2: diagonal entry is zero or missing"));
    }
    SECTION("bounds of its own, or cg") {
        SolveOptions o;
        const std::vector<double> lower(9, 1.0);
        o.lower = lower;
        REQUIRE_THROWS_WITH(solve_lcp(m, q, z, o), Contains("the LCP has its own bounds"));
        SolveOptions cg;
        cg.method = Method::cg;
        REQUIRE_THROWS_WITH(solve_lcp(m, q, z, cg), Contains("cg does not take bounds"));
    }
}

TEST_CASE("generated LCPs are what they say", "[lcp]") {
    SECTION("random: z* and w* = M z* + q are complementary and non-negative") {
        const LcpProblem p = random_lcp(500, 3);
        std::vector<double> w(p.q.size());
        multiply(p.m, p.solution, w);
        int active = 0;
        for (std::size_t i = 0; i < w.size(); ++i) {
            w[i] += p.q[i];
            CHECK(p.solution[i] >= 0.0);
            CHECK(w[i] >= -1e-12);
            CHECK(p.solution[i] * w[i] == Approx(0.0).margin(1e-12));
            active += p.solution[i] > 0.0;
        }
        CHECK(active > 150);
        CHECK(active < 350);
        CHECK(random_lcp(500, 3).q == p.q);
        CHECK(random_lcp(500, 4).q != p.q);
    }
    SECTION("obstacle2d: q = M psi + 10 h^2, and the membrane touches the obstacle") {
        const LcpProblem p = obstacle_problem_2d(30);
        REQUIRE(p.obstacle.size() == 900);
        std::vector<double> m_psi(900);
        multiply(p.m, p.obstacle, m_psi);
        const double h = 1.0 / 31.0;
        for (std::size_t i = 0; i < 900; ++i) CHECK(p.q[i] == Approx(m_psi[i] + 10.0 * h * h));
        std::vector<double> z(900, 0.0);
        const SolveReport r = solve_lcp(p.m, p.q, z, test::options_for(Method::sor, 1.8));
        CHECK(r.converged);
        const auto contact = std::count(z.begin(), z.end(), 0.0);
        CHECK(contact > 9);
        CHECK(contact < 900);
    }
    SECTION("sizes out of range") {
        REQUIRE_THROWS_WITH(random_lcp(0, 1), Contains("lcp size 0 out of range"));
        REQUIRE_THROWS_WITH(obstacle_problem_2d(50000), Contains("obstacle2d size 50000"));
    }
}
