// The solver with compact storage: the sweeps read A rounded to float32 and
// the answer is still that of the double A (mixed-precision refinement).
#include <catch2/catch.hpp>
#include <vector>

#include "asor/detail/compact_matrix.hpp"
#include "asor/error.hpp"
#include "asor/generators.hpp"
#include "asor/solver.hpp"
#include "solver_checks.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

std::vector<double> rhs_for_ones(const CsrMatrix& a) {
    std::vector<double> ones(static_cast<std::size_t>(a.rows), 1.0), b(ones.size());
    multiply(a, ones, b);
    return b;
}

SolveOptions compact_options(Method method, double omega, int threads, double tolerance) {
    SolveOptions o = test::options_for(method, omega, threads);
    o.storage = Storage::compact;
    o.stopping.tolerance = tolerance;
    return o;
}

}  // namespace

TEST_CASE("compact storage solves to the tolerance on the double residual", "[storage]") {
    // Random values, none exact in float32: the rounded system's solution
    // has a true residual near 1e-8, so 1e-12 needs refinement.
    const CsrMatrix a = test::random_diagonally_dominant(3000, 6, 1.5, 11);
    const std::vector<double> b = rhs_for_ones(a);
    std::vector<double> x;
    const auto check = [&](Method method, double omega, int threads) {
        const SolveReport r =
            test::solve_and_verify(a, b, x, compact_options(method, omega, threads, 1e-12));
        CHECK(r.converged);
        CHECK(r.storage == Storage::compact);
        CHECK(r.refinements >= 1);
        CHECK_FALSE(r.storage_fell_back);
        CHECK(r.bytes_per_row < double_bytes_per_row(a));
    };
    SECTION("sor") { check(Method::sor, 1.1, 1); }
    SECTION("gs") { check(Method::gs, 1.0, 1); }
    SECTION("async on 3 threads") { check(Method::async, 1.1, 3); }
    SECTION("jacobi") { check(Method::jacobi, 0.9, 2); }
    SECTION("multicolor") { check(Method::multicolor, 1.1, 2); }
    SECTION("local") { check(Method::local, 1.1, 2); }
}

TEST_CASE("compact storage needs no refinement where the rounding is below the tolerance",
          "[storage]") {
    const CsrMatrix a = test::poisson2d(30, 0.5);  // -1 and 4.5: exact in float32
    const std::vector<double> b = rhs_for_ones(a);
    std::vector<double> x;
    const SolveReport r =
        test::solve_and_verify(a, b, x, compact_options(Method::sor, 1.2, 1, 1e-10));
    CHECK(r.converged);
    CHECK(r.refinements == 0);
}

TEST_CASE("compact storage corrects early and needs the sweeps of double storage", "[storage]") {
    // Coefficients float32 cannot hold: the rounded system's answer misses
    // 1e-8. Corrected only once the estimate met the tolerance, the solve
    // then had to win back a decade (65 sweeps against double's 60);
    // corrected at the calibration stop, the rounding never shows.
    ProblemSpec spec;
    spec.kind = ProblemKind::varcoef3d;
    spec.size = 12;
    spec.shift = 0.5;
    const CsrMatrix a = generate_matrix(spec);
    const std::vector<double> b = rhs_for_ones(a);
    std::vector<double> x;
    const SolveReport compact =
        test::solve_and_verify(a, b, x, compact_options(Method::sor, 1.2, 1, 1e-8));
    SolveOptions o = compact_options(Method::sor, 1.2, 1, 1e-8);
    o.storage = Storage::double_precision;
    const SolveReport twice = test::solve_and_verify(a, b, x, o);
    CAPTURE(compact.sweeps, twice.sweeps);
    CHECK(compact.converged);
    CHECK(compact.refinements == 1);
    CHECK(compact.sweeps <= twice.sweeps + 1);
}

TEST_CASE("compact storage keeps bounds", "[storage]") {
    const CsrMatrix a = test::random_diagonally_dominant(2000, 5, 1.5, 3);
    const std::vector<double> b = rhs_for_ones(a);
    const std::vector<double> lower(2000, 0.0), upper(2000, 0.9);
    std::vector<double> x;
    SolveOptions o = compact_options(Method::async, 1.0, 2, 1e-12);
    o.lower = lower;
    o.upper = upper;
    x.assign(2000, 0.0);
    const SolveReport r = solve(a, b, x, o);
    const double natural = natural_residual_norm(a, x, b, lower, upper, 1) / norm2(b);
    CHECK(r.relative_residual == Approx(natural).epsilon(1e-10));
    CHECK(natural <= 1e-12);
    CHECK(r.converged);
    CHECK(r.constrained);
    CHECK(r.constraints.bound_violation == 0.0);
}

TEST_CASE("compact storage gives way to double when refinement stops paying", "[storage]") {
    // Lower triangular with a coupling float32 cannot hold: Gauss-Seidel
    // solves either system in one sweep, but A_f^-1 (A - A_f) is of the
    // order of the coupling times its rounding, 2e7, so a correction does
    // not reduce the true residual (0.119 before and after the first one).
    const double c = 1e8 / 3.0;
    std::vector<Triplet> t;
    for (Index i = 0; i < 4; ++i) {
        t.push_back({i, i, 1.0});
        for (Index j = 0; j < i; ++j) t.push_back({i, j, c});
    }
    const CsrMatrix a = csr_from_triplets(4, 4, t);
    const std::vector<double> b = rhs_for_ones(a);
    std::vector<double> x;
    const SolveReport r =
        test::solve_and_verify(a, b, x, compact_options(Method::sor, 1.0, 1, 1e-14));
    CHECK(r.converged);
    CHECK(r.refinements == 1);
    CHECK(r.storage_fell_back);
}

TEST_CASE("automatic storage stays double for a matrix that fits in cache", "[storage]") {
    const CsrMatrix a = test::poisson2d(20);
    const std::vector<double> b = rhs_for_ones(a);
    std::vector<double> x;
    SolveOptions o = test::options_for(Method::sor, 1.2);
    REQUIRE(o.storage == Storage::automatic);
    const SolveReport r = test::solve_and_verify(a, b, x, o);
    CHECK(r.storage == Storage::double_precision);
    CHECK(r.bytes_per_row == Approx(double_bytes_per_row(a)));
}

TEST_CASE("cg reads A in double whatever the storage asked", "[storage]") {
    const CsrMatrix a = test::poisson2d(20);
    const std::vector<double> b = rhs_for_ones(a);
    std::vector<double> x;
    SolveOptions o = compact_options(Method::cg, 1.0, 1, 1e-10);
    const SolveReport r = test::solve_and_verify(a, b, x, o);
    CHECK(r.storage == Storage::double_precision);
    CHECK(r.bytes_per_row == 0.0);
}

TEST_CASE("compact storage of a matrix float32 cannot hold is an input error", "[storage]") {
    const CsrMatrix a =
        csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 1.0}, {1, 0, 1e-40}});
    SolveOptions o;
    o.storage = Storage::compact;
    try {
        Solver solver(a, o);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::input);
        CHECK_THAT(e.what(), Contains("compact storage: entry (2, 1) 1e-40"));
    }
}

TEST_CASE("storage names parse and print", "[storage]") {
    for (Storage s : all_storages()) CHECK(parse_storage(to_string(s)) == s);
    REQUIRE_THROWS_WITH(parse_storage("half"),
                        "unknown storage 'half' (expected one of auto, double, compact)");
}
