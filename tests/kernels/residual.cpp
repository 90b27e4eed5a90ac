// Norms and residuals recomputed from A, x and b.
#include "asor/detail/residual.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "../test_problems.hpp"

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

TEST_CASE("column residual norms read several columns in either layout", "[residual]") {
    const CsrMatrix a = test::poisson2d(7, 0.5);
    const auto n = static_cast<std::size_t>(a.rows);
    constexpr int k = 3;
    // Column c: x_c(i) = i % (c + 2), b_c(i) = c - i.
    std::vector<double> by_column(n * k), b_by_column(n * k);
    for (int c = 0; c < k; ++c) {
        for (std::size_t i = 0; i < n; ++i) {
            by_column[c * n + i] = static_cast<double>(i % (c + 2));
            b_by_column[c * n + i] = static_cast<double>(c) - static_cast<double>(i);
        }
    }
    std::vector<double> expected(k);
    for (int c = 0; c < k; ++c) {
        const std::span<const double> x(by_column.data() + c * n, n);
        const std::span<const double> b(b_by_column.data() + c * n, n);
        expected[c] = residual_norm(a, x, b, 1);
        REQUIRE(expected[c] > 0.0);
    }
    SECTION("column-major, as DenseMatrix") {
        const auto norms =
            column_residual_norms(a, by_column, b_by_column, k, ColumnLayout::column_major, 2);
        REQUIRE(norms.size() == k);
        for (int c = 0; c < k; ++c) CHECK(norms[c] == Approx(expected[c]).epsilon(1e-14));
    }
    SECTION("interleaved, as the sweeps keep them") {
        std::vector<double> x(n * k), b(n * k);
        for (int c = 0; c < k; ++c) {
            for (std::size_t i = 0; i < n; ++i) {
                x[i * k + c] = by_column[c * n + i];
                b[i * k + c] = b_by_column[c * n + i];
            }
        }
        const auto norms = column_residual_norms(a, x, b, k, ColumnLayout::interleaved, 2);
        REQUIRE(norms.size() == k);
        for (int c = 0; c < k; ++c) CHECK(norms[c] == Approx(expected[c]).epsilon(1e-14));
    }
}
