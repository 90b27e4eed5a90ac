// Boxes, projection and the measures of a constrained solution.
#include "asor/constraints.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "asor/detail/residual.hpp"
#include "asor/detail/sweep.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
}

TEST_CASE("a box is checked and filled in", "[constraints]") {
    SECTION("a missing side is free") {
        const Box box = make_box(std::vector<double>{0.0, 1.0}, {}, 2);
        CHECK(box.lower == std::vector<double>{0.0, 1.0});
        CHECK(box.upper == std::vector<double>{inf, inf});
    }
    SECTION("lower above upper names the row") {
        REQUIRE_THROWS_WITH(
            make_box(std::vector<double>{0.0, 2.0}, std::vector<double>{1.0, 1.0}, 2),
            Contains("row 2: lower bound 2 is above upper bound 1"));
    }
    SECTION("NaN and wrong lengths") {
        REQUIRE_THROWS_WITH(make_box(std::vector<double>{0.0, std::nan("")}, {}, 2),
                            Contains("row 2: a bound is NaN"));
        REQUIRE_THROWS_WITH(make_box(std::vector<double>{0.0}, {}, 2),
                            Contains("lower bound has 1 entries (expected 2"));
    }
    SECTION("projection clamps into the box") {
        const Box box = make_box(std::vector<double>{0.0, -inf}, std::vector<double>{1.0, 3.0}, 2);
        std::vector<double> x = {-4.0, 5.0};
        project_onto(box, x);
        CHECK(x == std::vector<double>{0.0, 3.0});
    }
}

TEST_CASE("the natural residual and the measures are zero exactly at a solution", "[constraints]") {
    // A = I, b = (1, -1, 2), box [0, 1.5]: the solution is P(b) = (1, 0, 1.5).
    const CsrMatrix a =
        csr_from_triplets(3, 3, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 1.0}, {2, 2, 1.0}});
    const std::vector<double> b = {1.0, -1.0, 2.0};
    const Box box = make_box(std::vector<double>(3, 0.0), std::vector<double>(3, 1.5), 3);
    const std::vector<double> solution = {1.0, 0.0, 1.5};
    CHECK(natural_residual_norm(a, solution, b, box.lower, box.upper, 1) == 0.0);
    const ConstraintMeasures at_solution = measure_constraints(a, solution, b, box, 1);
    CHECK(at_solution.bound_violation == 0.0);
    CHECK(at_solution.gradient_violation == 0.0);
    CHECK(at_solution.complementarity_gap == 0.0);
    SECTION("away from it") {
        const std::vector<double> x = {0.5, 0.25, 2.0};  // g = (-0.5, 1.25, 0)
        // x - P(x - g) = (0.5 - 1, 0.25 - 0, 2 - 1.5)
        CHECK(natural_residual_norm(a, x, b, box.lower, box.upper, 1) ==
              Approx(std::sqrt(0.25 + 0.0625 + 0.25)));
        const ConstraintMeasures m = measure_constraints(a, x, b, box, 1);
        CHECK(m.bound_violation == 0.5);
        // (x - l) max(g, 0) + (u - x) max(-g, 0): 1 * 0.5 + 0.25 * 1.25
        CHECK(m.complementarity_gap == Approx(0.5 + 0.3125));
    }
    SECTION("without bounds it is the plain residual") {
        const std::vector<double> x = {0.5, 0.25, 2.0};
        const std::vector<double> lo(3, -inf);
        const std::vector<double> hi(3, inf);
        CHECK(natural_residual_norm(a, x, b, lo, hi, 1) == Approx(residual_norm(a, x, b, 1)));
    }
}

TEST_CASE("a projected sweep clamps each update and returns the natural residual",
          "[constraints]") {
    // 2x = 6 with x in [0, 1]: the update overshoots to 3 and is clamped.
    const CsrMatrix a = csr_from_triplets(1, 1, std::vector<Triplet>{{0, 0, 2.0}});
    const std::vector<double> inverse_diagonal = {0.5};
    const std::vector<double> b = {6.0};
    const std::vector<double> lower = {0.0};
    const std::vector<double> upper = {1.0};
    const SweepData d{a.row_offsets.data(),
                      a.col_indices.data(),
                      a.values.data(),
                      inverse_diagonal.data(),
                      b.data(),
                      1.0,
                      lower.data(),
                      upper.data()};
    double x = 0.0;
    // r = 6, x - P(x + r) = 0 - 1.
    CHECK(sweep_rows(d, ExclusiveView{&x}, 0, 1) == 1.0);
    CHECK(x == 1.0);
    // At the solution: r = 4 > 0 at the upper bound, x - P(x + r) = 0.
    CHECK(sweep_rows(d, ExclusiveView{&x}, 0, 1) == 0.0);
    CHECK(x == 1.0);
}
