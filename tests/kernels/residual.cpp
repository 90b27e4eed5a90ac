// Norms and residuals recomputed from A, x and b.
#include "asor/detail/residual.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

using namespace asor;

TEST_CASE("norm2 neither overflows nor underflows, and keeps NaN", "[residual]") {
    SECTION("ordinary values") { CHECK(norm2(std::vector<double>{3.0, 4.0}) == 5.0); }
    SECTION("squares that would overflow") {
        CHECK(norm2(std::vector<double>{3e200, 4e200}) == Approx(5e200));
    }
    SECTION("squares that would underflow") {
        CHECK(norm2(std::vector<double>{3e-200, 4e-200}) == Approx(5e-200));
    }
    SECTION("empty and zero") {
        CHECK(norm2(std::vector<double>{}) == 0.0);
        CHECK(norm2(std::vector<double>{0.0, 0.0}) == 0.0);
    }
    SECTION("a NaN entry, alone or beside zeros, gives NaN") {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        CHECK(std::isnan(norm2(std::vector<double>{nan})));
        CHECK(std::isnan(norm2(std::vector<double>{0.0, nan})));
        CHECK(std::isnan(norm2(std::vector<double>{1.0, nan})));
    }
    SECTION("an infinite entry gives infinity") {
        CHECK(norm2(std::vector<double>{1.0, std::numeric_limits<double>::infinity()}) ==
              std::numeric_limits<double>::infinity());
    }
}
