#include "asor/generators.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "asor/error.hpp"
#include "test_files.hpp"
#include "test_problems.hpp"

using namespace asor;

namespace {

ProblemSpec spec_of(ProblemKind kind, std::int64_t size) {
    ProblemSpec spec;
    spec.kind = kind;
    spec.size = size;
    return spec;
}

bool same_matrix(const CsrMatrix& a, const CsrMatrix& b) {
    return a.rows == b.rows && a.cols == b.cols && a.row_offsets == b.row_offsets &&
           a.col_indices == b.col_indices && a.values == b.values;
}

/// A^T, built through the triplet path (independent of the generators).
CsrMatrix transpose(const CsrMatrix& a) {
    std::vector<Triplet> t;
    for (Index i = 0; i < a.rows; ++i) {
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            t.push_back({a.col_indices[k], i, a.values[k]});
        }
    }
    return csr_from_triplets(a.cols, a.rows, t);
}

/// The range of |a_ii| / sum_{j != i} |a_ij| over the rows, and whether
/// every diagonal entry is positive.
struct Dominance {
    double min_ratio = INFINITY;
    double max_ratio = 0.0;
    bool positive_diagonal = true;
};

Dominance dominance(const CsrMatrix& a) {
    Dominance d;
    for (Index i = 0; i < a.rows; ++i) {
        double off = 0.0;
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            if (a.col_indices[k] != i) off += std::abs(a.values[k]);
        }
        const double diagonal = entry(a, i, i);
        d.positive_diagonal = d.positive_diagonal && diagonal > 0.0;
        d.min_ratio = std::min(d.min_ratio, diagonal / off);
        d.max_ratio = std::max(d.max_ratio, diagonal / off);
    }
    return d;
}

/// L + I with L a graph Laplacian: off-diagonals negative, positive diagonal,
/// every row's dominance margin exactly 1 (so A is SPD, eigenvalues >= 1).
void check_laplacian_plus_identity(const CsrMatrix& a) {
    CHECK(dominance(a).positive_diagonal);
    CHECK(test::dominance_margin(a) == Approx(1.0).epsilon(1e-12));
    Offset positive_off_diagonals = 0;
    for (Index i = 0; i < a.rows; ++i) {
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            if (a.col_indices[k] != i && a.values[k] >= 0.0) ++positive_off_diagonals;
        }
    }
    CHECK(positive_off_diagonals == 0);
}

std::string usage_error(const ProblemSpec& spec) {
    return test::error_of([&] { generate_matrix(spec); }, ErrorKind::usage);
}

}  // namespace

TEST_CASE("problem kinds parse from their names and refuse others", "[generators]") {
    for (ProblemKind kind : all_problem_kinds) {
        CHECK(parse_problem_kind(to_string(kind)) == kind);
        CHECK_FALSE(problem_description(kind).empty());
        CHECK(is_symmetric(kind) == (kind != ProblemKind::diagdom));
    }
    const std::string message =
        test::error_of([] { parse_problem_kind("poisson4d"); }, ErrorKind::usage);
    CHECK_THAT(message, Catch::Contains("'poisson4d'") && Catch::Contains("denserows"));
}

TEST_CASE("every kind has the documented number of rows", "[generators]") {
    SECTION("grids: N^2 or N^3 rows") {
        CHECK(generate_matrix(spec_of(ProblemKind::poisson2d, 7)).rows == 49);
        CHECK(generate_matrix(spec_of(ProblemKind::aniso2d, 7)).rows == 49);
        CHECK(generate_matrix(spec_of(ProblemKind::poisson3d, 7)).rows == 343);
    }
    SECTION("the other kinds: N rows") {
        for (ProblemKind kind :
             {ProblemKind::randspd, ProblemKind::diagdom, ProblemKind::denserows}) {
            const CsrMatrix a = generate_matrix(spec_of(kind, 50));
            CHECK(a.rows == 50);
            CHECK(a.cols == 50);
        }
    }
    SECTION("no size: the kind's default") {
        for (ProblemKind kind : all_problem_kinds) {
            ProblemSpec spec;
            spec.kind = kind;
            const std::int64_t n = default_size(kind);
            const std::int64_t rows =
                kind == ProblemKind::poisson3d || kind == ProblemKind::varcoef3d ? n * n * n
                : kind == ProblemKind::poisson2d || kind == ProblemKind::aniso2d ? n * n
                                                                                 : n;
            CHECK(generate_matrix(spec).rows == rows);
        }
    }
    SECTION("the smallest sizes") {
        for (ProblemKind kind : all_problem_kinds) {
            const std::int64_t n = kind == ProblemKind::diagdom ? 2 : 1;
            ProblemSpec spec = spec_of(kind, n);
            spec.dense = 1;
            const CsrMatrix a = generate_matrix(spec);
            CHECK(a.rows == n);
            CHECK_NOTHROW(check_structure(a));
        }
    }
}

TEST_CASE("grid kinds have the documented stencils", "[generators]") {
    SECTION("poisson2d is the 5-point Laplacian") {
        CHECK(same_matrix(generate_matrix(spec_of(ProblemKind::poisson2d, 9)), test::poisson2d(9)));
    }
    SECTION("varcoef3d: symmetric, coefficients from 0.1 to 1.9, rows summing to the boundary") {
        const CsrMatrix a = generate_matrix(spec_of(ProblemKind::varcoef3d, 9));
        REQUIRE(a.rows == 729);
        double smallest = 2.0, largest = 0.0;
        for (Index i = 0; i < a.rows; ++i) {
            double row_sum = 0.0;
            for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
                const Index j = a.col_indices[k];
                row_sum += a.values[k];
                if (j == i) continue;
                smallest = std::min(smallest, -a.values[k]);
                largest = std::max(largest, -a.values[k]);
                // a_ji == a_ij: the harmonic mean is symmetric in its arguments.
                bool found = false;
                for (Offset m = a.row_offsets[j]; m < a.row_offsets[j + 1]; ++m) {
                    if (a.col_indices[m] == i) found = a.values[m] == a.values[k];
                }
                REQUIRE(found);
            }
            // Interior rows sum to 0 (a conservative stencil); boundary rows
            // keep the cell's coefficient for each missing neighbour.
            const Index x = i % 9, y = (i / 9) % 9, z = i / 81;
            const bool interior = x > 0 && x < 8 && y > 0 && y < 8 && z > 0 && z < 8;
            if (interior) REQUIRE(std::abs(row_sum) < 1e-12);
            if (!interior) REQUIRE(row_sum > 0.05);
        }
        CHECK(smallest >= 0.1);
        CHECK(largest <= 1.9);
        CHECK(largest / smallest > 5.0);  // the coefficient does vary
    }
    SECTION("poisson3d is the 7-point Laplacian") {
        CHECK(same_matrix(generate_matrix(spec_of(ProblemKind::poisson3d, 6)), test::poisson3d(6)));
    }
    SECTION("aniso2d: diagonal 2 + 2E, -1 along x, -E along y") {
        ProblemSpec spec = spec_of(ProblemKind::aniso2d, 5);
        spec.epsilon = 0.25;
        const CsrMatrix a = generate_matrix(spec);
        const Index k = 2 * 5 + 2;  // an interior point
        CHECK(entry(a, k, k) == 2.5);
        CHECK(entry(a, k, k - 1) == -1.0);
        CHECK(entry(a, k, k + 1) == -1.0);
        CHECK(entry(a, k, k - 5) == -0.25);
        CHECK(entry(a, k, k + 5) == -0.25);
        CHECK(entry(a, 0, 0) == 2.5);  // Dirichlet boundary: the full diagonal
        CHECK(a.nnz() == 25 + 2 * 2 * 5 * 4);
    }
}

TEST_CASE("symmetric kinds are numerically symmetric and diagdom is not", "[generators]") {
    for (ProblemKind kind : all_problem_kinds) {
        CAPTURE(to_string(kind));
        const CsrMatrix a = generate_matrix(spec_of(kind, 12));
        CHECK_NOTHROW(check_structure(a));
        CHECK(same_matrix(a, transpose(a)) == is_symmetric(kind));
    }
}

TEST_CASE("diagdom is strictly diagonally dominant by rows with the requested ratio",
          "[generators]") {
    for (double ratio : {1.01, 2.0, 10.0}) {
        SECTION("ratio " + std::to_string(ratio)) {
            ProblemSpec spec = spec_of(ProblemKind::diagdom, 500);
            spec.ratio = ratio;
            spec.degree = 7;
            const CsrMatrix a = generate_matrix(spec);
            const Dominance d = dominance(a);
            CHECK(d.positive_diagonal);
            CHECK(d.min_ratio == Approx(ratio).epsilon(1e-12));
            CHECK(d.max_ratio == Approx(ratio).epsilon(1e-12));
            CHECK(a.nnz() <= 500 * 8);
            CHECK(a.nnz() > 500 * 7);  // few repeats among 499 columns
        }
    }
}

TEST_CASE("randspd and denserows are L + I: strictly dominant, positive diagonal, so SPD",
          "[generators]") {
    SECTION("randspd: margin 1 in every row, about D entries per row") {
        ProblemSpec spec = spec_of(ProblemKind::randspd, 2000);
        spec.degree = 6;
        const CsrMatrix a = generate_matrix(spec);
        check_laplacian_plus_identity(a);
        CHECK(static_cast<double>(a.nnz()) / a.rows == Approx(7.0).epsilon(0.05));
    }
    SECTION("denserows: K rows touch every column") {
        ProblemSpec spec = spec_of(ProblemKind::denserows, 300);
        spec.dense = 3;
        const CsrMatrix a = generate_matrix(spec);
        check_laplacian_plus_identity(a);
        int dense = 0;
        for (Index i = 0; i < a.rows; ++i) {
            const Offset length = a.row_offsets[i + 1] - a.row_offsets[i];
            if (length == a.cols) ++dense;
            CHECK((length == a.cols || length <= 3 + 3));
        }
        CHECK(dense == 3);
    }
}

TEST_CASE("random kinds are deterministic for a seed", "[generators]") {
    for (ProblemKind kind : {ProblemKind::randspd, ProblemKind::diagdom}) {
        SECTION(std::string(to_string(kind))) {
            ProblemSpec spec = spec_of(kind, 300);
            spec.seed = 42;
            const CsrMatrix a = generate_matrix(spec);
            CHECK(same_matrix(a, generate_matrix(spec)));
            spec.seed = 43;
            CHECK_FALSE(same_matrix(a, generate_matrix(spec)));
        }
    }
    SECTION("seed 1 gives the same first entries everywhere") {
        // Explicit arithmetic on mt19937_64's fixed sequence, no std
        // distributions: these values do not depend on the standard library.
        const CsrMatrix a = generate_matrix(spec_of(ProblemKind::diagdom, 1000));
        const std::vector<Index> columns(a.col_indices.begin(), a.col_indices.begin() + 4);
        const std::vector<double> values(a.values.begin(), a.values.begin() + 4);
        CHECK(columns == std::vector<Index>{0, 30, 325, 351});
        CHECK(values[1] == Approx(-0.7497779234).epsilon(1e-9));
    }
}

TEST_CASE("shift adds S * I to every kind", "[generators]") {
    for (ProblemKind kind : all_problem_kinds) {
        CAPTURE(to_string(kind));
        ProblemSpec spec = spec_of(kind, 10);
        const CsrMatrix a = generate_matrix(spec);
        spec.shift = 0.75;
        const CsrMatrix shifted = generate_matrix(spec);
        REQUIRE(shifted.col_indices == a.col_indices);
        for (Index i = 0; i < a.rows; ++i) {
            for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
                const double expected = a.values[k] + (a.col_indices[k] == i ? 0.75 : 0.0);
                CHECK(shifted.values[k] == Approx(expected).epsilon(1e-14));
            }
        }
    }
}

TEST_CASE("bad specs are refused with usage errors", "[generators]") {
    SECTION("size below 1 (2 for diagdom)") {
        CHECK_THAT(usage_error(spec_of(ProblemKind::poisson2d, 0)),
                   Catch::Contains("size is 0 (expected at least 1"));
        CHECK_THAT(usage_error(spec_of(ProblemKind::randspd, -5)), Catch::Contains("size is -5"));
        CHECK_THAT(usage_error(spec_of(ProblemKind::diagdom, 1)),
                   Catch::Contains("at least 2 for diagdom"));
    }
    SECTION("rows beyond 2^31 - 1") {
        CHECK_THAT(usage_error(spec_of(ProblemKind::poisson3d, 1291)),
                   Catch::Contains("1291^3 rows exceed 2^31 - 1"));
        CHECK_THAT(usage_error(spec_of(ProblemKind::poisson2d, 46341)),
                   Catch::Contains("46341^2 rows"));
        CHECK_THAT(usage_error(spec_of(ProblemKind::aniso2d, std::int64_t{1} << 40)),
                   Catch::Contains("too large"));
        CHECK_THAT(usage_error(spec_of(ProblemKind::randspd, std::int64_t{1} << 31)),
                   Catch::Contains("rows exceed"));
    }
    SECTION("a negative shift that breaks positivity") {
        ProblemSpec spec =
            spec_of(ProblemKind::poisson2d, 9);  // smallest eigenvalue 8 sin^2(pi/20)
        spec.shift = -0.19;
        CHECK_NOTHROW(generate_matrix(spec));
        spec.shift = -0.2;
        CHECK_THAT(usage_error(spec), Catch::Contains("indefinite"));
        spec = spec_of(ProblemKind::randspd, 10);
        spec.shift = -1.0;
        CHECK_THAT(usage_error(spec), Catch::Contains("shift > -1"));
        spec = spec_of(ProblemKind::diagdom, 10);
        spec.shift = -0.5;  // ratio 2: margin (2 - 1) / 2
        CHECK_THAT(usage_error(spec), Catch::Contains("not strictly diagonally dominant"));
        spec.shift = std::numeric_limits<double>::quiet_NaN();
        CHECK_THAT(usage_error(spec), Catch::Contains("expected finite"));
    }
    SECTION("kind parameters out of range") {
        ProblemSpec spec = spec_of(ProblemKind::diagdom, 10);
        spec.ratio = 1.0;
        CHECK_THAT(usage_error(spec), Catch::Contains("ratio is 1 (expected"));
        spec = spec_of(ProblemKind::randspd, 10);
        spec.degree = 0;
        CHECK_THAT(usage_error(spec), Catch::Contains("degree is 0"));
        spec = spec_of(ProblemKind::aniso2d, 10);
        spec.epsilon = 0.0;
        CHECK_THAT(usage_error(spec), Catch::Contains("epsilon is 0"));
        spec = spec_of(ProblemKind::denserows, 10);
        spec.dense = 11;
        CHECK_THAT(usage_error(spec), Catch::Contains("dense is 11"));
        spec.dense = 0;
        CHECK_THAT(usage_error(spec), Catch::Contains("dense is 0"));
    }
    SECTION("parameters a kind does not use are not checked") {
        ProblemSpec spec = spec_of(ProblemKind::poisson2d, 4);
        spec.ratio = 0.0;
        spec.degree = -1;
        CHECK_NOTHROW(generate_matrix(spec));
    }
}
