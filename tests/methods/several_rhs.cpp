// Solver::solve(B, X): several right-hand sides, swept together where the
// method relaxes rows.
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "asor/detail/residual.hpp"
#include "asor/error.hpp"
#include "asor/solver.hpp"
#include "solver_checks.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

// B's column c is A * (c + 1) * ones scaled by scales[c]: columns whose
// norms differ by many orders of magnitude.
DenseMatrix right_hand_sides(const CsrMatrix& a, const std::vector<double>& scales) {
    DenseMatrix b{a.rows, static_cast<Index>(scales.size()),
                  std::vector<double>(static_cast<std::size_t>(a.rows) * scales.size())};
    std::vector<double> solution(static_cast<std::size_t>(a.rows));
    for (Index c = 0; c < b.cols; ++c) {
        for (Index i = 0; i < a.rows; ++i) solution[i] = scales[c] * (c + 1) * (1.0 + 0.001 * i);
        multiply(a, solution, b.column(c));
    }
    return b;
}

DenseMatrix zeros_like(const DenseMatrix& b) {
    return DenseMatrix{b.rows, b.cols, std::vector<double>(b.values.size(), 0.0)};
}

// Every column's report tells its own recomputed residual, within tol.
void check_columns(const CsrMatrix& a, const DenseMatrix& b, const DenseMatrix& x,
                   const std::vector<SolveReport>& reports) {
    REQUIRE(reports.size() == static_cast<std::size_t>(b.cols));
    for (Index c = 0; c < b.cols; ++c) {
        CAPTURE(c);
        const double recomputed =
            residual_norm(a, x.column(c), b.column(c), 1) / norm2(b.column(c));
        CHECK(reports[c].relative_residual == Approx(recomputed).epsilon(1e-8));
        CHECK(reports[c].converged);
        CHECK(recomputed <= reports[c].tolerance);
    }
}

}  // namespace

TEST_CASE("several right-hand sides are swept together, each meeting the tolerance",
          "[solver][several][engine]") {
    const CsrMatrix a = test::poisson2d(30, 0.5);
    const std::vector<double> scales{1.0, 1e-6, 1e6, 3.0, 0.5};  // groups of 4 and 1
    const DenseMatrix b = right_hand_sides(a, scales);
    const auto check = [&](Method method, double omega, int threads, Storage storage) {
        SolveOptions o = test::options_for(method, omega, threads);
        o.storage = storage;
        o.stopping.tolerance = 1e-10;
        Solver solver(a, o);
        DenseMatrix x = zeros_like(b);
        const std::vector<SolveReport> reports = solver.solve(b, x);
        check_columns(a, b, x, reports);
        for (int c = 0; c < 4; ++c) CHECK(reports[c].columns_together == 4);
        CHECK(reports[4].columns_together == 1);
        CHECK(reports[0].sweeps == reports[3].sweeps);  // one group, one count
    };
    SECTION("sor") { check(Method::sor, 1.2, 1, Storage::double_precision); }
    SECTION("gs, compact storage") { check(Method::gs, 1.0, 1, Storage::compact); }
    SECTION("async on 2 threads") { check(Method::async, 1.2, 2, Storage::double_precision); }
    SECTION("async on 3 threads, compact") { check(Method::async, 1.2, 3, Storage::compact); }
    SECTION("jacobi") { check(Method::jacobi, 1.0, 2, Storage::double_precision); }
    SECTION("multicolor") { check(Method::multicolor, 1.2, 2, Storage::double_precision); }
    SECTION("local") { check(Method::local, 1.2, 2, Storage::double_precision); }
}

TEST_CASE("columns swept together give the answers of one at a time", "[solver][several]") {
    const CsrMatrix a = test::random_diagonally_dominant(2000, 6, 1.5, 9);
    const DenseMatrix b = right_hand_sides(a, {1.0, 2.0, 1e-3});
    DenseMatrix x = zeros_like(b);
    x.column(1)[7] = 5.0;  // a starting guess of its own
    DenseMatrix one_by_one = x;
    SolveOptions o = test::options_for(Method::sor, 1.0);
    o.stopping.tolerance = 1e-12;
    Solver solver(a, o);
    const auto together = solver.solve(b, x);
    for (Index c = 0; c < b.cols; ++c) {
        const SolveReport r = solver.solve(b.column(c), one_by_one.column(c));
        REQUIRE(r.converged);
        CHECK(together[c].initial_residual == Approx(r.initial_residual).epsilon(1e-10));
        // Both meet 1e-12 for a diagonally dominant A: they agree closely.
        CHECK(test::max_difference(std::vector<double>(x.column(c).begin(), x.column(c).end()),
                                   std::vector<double>(one_by_one.column(c).begin(),
                                                       one_by_one.column(c).end())) < 1e-9);
    }
}

TEST_CASE("bounds and cg solve the columns one at a time", "[solver][several]") {
    const CsrMatrix a = test::poisson2d(12, 0.5);
    const DenseMatrix b = right_hand_sides(a, {1.0, 1.0});
    SECTION("cg") {
        SolveOptions o = test::options_for(Method::cg, 1.0);
        Solver solver(a, o);
        DenseMatrix x = zeros_like(b);
        const auto reports = solver.solve(b, x);
        check_columns(a, b, x, reports);
        CHECK(reports[0].columns_together == 1);
    }
    SECTION("bounds") {
        const std::vector<double> lower(static_cast<std::size_t>(a.rows), 0.0);
        SolveOptions o = test::options_for(Method::sor, 1.2);
        o.lower = lower;
        Solver solver(a, o);
        DenseMatrix x = zeros_like(b);
        const auto reports = solver.solve(b, x);
        REQUIRE(reports.size() == 2);
        CHECK(reports[1].columns_together == 1);
        CHECK(reports[1].converged);
    }
}

TEST_CASE("several right-hand sides: shapes are checked, a cancel ends the rest",
          "[solver][several]") {
    const CsrMatrix a = test::poisson2d(10);
    const DenseMatrix b = right_hand_sides(a, {1.0, 1.0, 1.0, 1.0, 1.0, 1.0});
    SECTION("X of another shape") {
        Solver solver(a, test::options_for(Method::sor, 1.2));
        DenseMatrix x{a.rows, 5, std::vector<double>(static_cast<std::size_t>(a.rows) * 5)};
        REQUIRE_THROWS_WITH(solver.solve(b, x), Contains("initial guesses 100 x 5"));
    }
    SECTION("a raised cancel flag stops after the first group") {
        std::atomic<bool> cancel{true};
        SolveOptions o = test::options_for(Method::sor, 1.2);
        o.cancel = &cancel;
        Solver solver(a, o);
        DenseMatrix x = zeros_like(b);
        const auto reports = solver.solve(b, x);
        REQUIRE(reports.size() == 4);
        CHECK(reports[0].reason == StopReason::cancelled);
        CHECK(x.column(5)[0] == 0.0);  // untouched
    }
}

TEST_CASE("columns swept together come back in the caller's order when reordered",
          "[solver][several]") {
    const CsrMatrix a = test::random_diagonally_dominant(1500, 5, 1.5, 4);
    const DenseMatrix b = right_hand_sides(a, {1.0, 1e3, 2.0});
    SolveOptions o = test::options_for(Method::async, 1.0, 2);
    o.reorder = Reorder::rcm;
    o.stopping.tolerance = 1e-10;
    Solver solver(a, o);
    REQUIRE(solver.reordering().applied);
    DenseMatrix x = zeros_like(b);
    const auto reports = solver.solve(b, x);
    check_columns(a, b, x, reports);
    CHECK(reports[0].columns_together == 3);
}
