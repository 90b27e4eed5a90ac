// What `asor info` says about a matrix, on matrices whose properties are known.
#include "asor/matrix_properties.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "asor/generators.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

TEST_CASE("the 2D Poisson matrix: symmetric M-matrix with rho(J) = cos(pi / (N + 1))", "[info]") {
    const auto n = GENERATE(16, 32);
    const MatrixProperties p = analyze_matrix(test::poisson2d(n));
    const double rho = std::cos(std::numbers::pi / (n + 1));
    CHECK(p.rows == n * n);
    CHECK(p.min_row_nonzeros == 3);
    CHECK(p.max_row_nonzeros == 5);
    CHECK(p.symmetric);
    CHECK(p.positive_diagonal);
    CHECK(p.m_matrix_candidate);
    CHECK(p.strictly_dominant_rows == 4 * n - 4);  // the boundary rows
    CHECK(p.weakly_dominant_rows == n * n);
    CHECK(std::fabs(p.jacobi_radius - rho) < 1e-3);
    CHECK(p.recommended_omega == Approx(2.0 / (1.0 + std::sqrt(1.0 - rho * rho))).epsilon(1e-2));
    CHECK_THAT(p.async_guarantee, Contains("an M-matrix"));
    CHECK(p.async_omega_bound == Approx(2.0 / (1.0 + rho)).epsilon(1e-3));
    CHECK_THAT(to_json(p), Contains("\"jacobi_radius\": "));
}

TEST_CASE("a strictly diagonally dominant matrix has a proven async omega range", "[info]") {
    ProblemSpec spec;
    spec.kind = ProblemKind::diagdom;
    spec.size = 500;
    spec.ratio = 2.0;
    const MatrixProperties p = analyze_matrix(generate_matrix(spec));
    CHECK_FALSE(p.symmetric);
    CHECK(p.strictly_dominant_rows == 500);
    CHECK(p.worst_dominance_ratio == Approx(2.0));
    CHECK(std::isnan(p.jacobi_radius));  // not symmetric: no Lanczos estimate
    CHECK(p.async_omega_bound == Approx(2.0 / 1.5));
    CHECK_THAT(p.async_guarantee, Contains("strictly diagonally dominant"));
}

TEST_CASE("no guarantee is claimed where none holds", "[info]") {
    SECTION("symmetric indefinite: rho(J) = 2, no omega") {
        const CsrMatrix a = csr_from_triplets(
            2, 2, std::vector<Triplet>{{0, 0, 1.0}, {0, 1, 2.0}, {1, 0, 2.0}, {1, 1, 1.0}});
        const MatrixProperties p = analyze_matrix(a);
        CHECK(p.symmetric);
        CHECK(p.jacobi_radius == Approx(2.0));
        CHECK(std::isnan(p.recommended_omega));
        CHECK_FALSE(p.m_matrix_candidate);
        CHECK_THAT(p.async_guarantee, Contains("none known"));
    }
    SECTION("not square") {
        const CsrMatrix a = csr_from_triplets(2, 3, std::vector<Triplet>{{0, 0, 1.0}});
        const MatrixProperties p = analyze_matrix(a);
        CHECK_THAT(p.async_guarantee, Contains("not square"));
    }
    SECTION("a symmetric matrix off by more than rounding is not called symmetric") {
        const CsrMatrix a = csr_from_triplets(
            2, 2, std::vector<Triplet>{{0, 0, 4.0}, {0, 1, -1.0}, {1, 0, -1.001}, {1, 1, 4.0}});
        const MatrixProperties p = analyze_matrix(a);
        CHECK_FALSE(p.symmetric);
        CHECK(p.symmetry_error == Approx(0.001 / 4.0));
    }
}

TEST_CASE("Lanczos stops once the extreme eigenvalues have settled", "[info]") {
    // Shifted by 0.5: D = 4.5, so D^-1 A has eigenvalues (4.5 - 4 cos(pi j / 33)
    // ... ) in [1 - rho, 1 + rho], rho = 4 cos(pi / 33) / 4.5, well inside (0, 2).
    const MatrixProperties p = analyze_matrix(test::poisson2d(32, 0.5));
    const double rho = 4.0 * std::cos(std::numbers::pi / 33) / 4.5;
    CHECK(p.lanczos_steps < 40);
    CHECK(p.spectrum_low == Approx(1.0 - rho).epsilon(1e-4));
    CHECK(p.spectrum_high == Approx(1.0 + rho).epsilon(1e-2));  // a lower estimate
    CHECK(p.spectrum_high <= 1.0 + rho + 1e-12);
    CHECK(p.spectrum_bound == Approx(8.5 / 4.5));
    CHECK(p.jacobi_radius == Approx(rho).epsilon(1e-5));
}
