#include "asor/detail/coloring.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "test_problems.hpp"

using namespace asor;

namespace {

// Every row appears once, and no stored entry joins two rows of one colour.
void check_valid(const CsrMatrix& a, const RowColoring& coloring) {
    REQUIRE(coloring.rows.size() == std::size_t(a.rows));
    std::vector<int> color(static_cast<std::size_t>(a.rows), -1);
    for (int c = 0; c < coloring.colors(); ++c) {
        REQUIRE(coloring.color_offsets[c] < coloring.color_offsets[c + 1]);  // no empty colour
        for (Offset k = coloring.color_offsets[c]; k < coloring.color_offsets[c + 1]; ++k) {
            REQUIRE(color[coloring.rows[k]] == -1);
            color[coloring.rows[k]] = c;
        }
    }
    for (Index i = 0; i < a.rows; ++i) {
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            const Index j = a.col_indices[k];
            if (j != i) REQUIRE(color[i] != color[j]);
        }
    }
}

}  // namespace

TEST_CASE("greedy colouring separates every coupled pair of rows", "[coloring]") {
    SECTION("2D Poisson is red-black") {
        const CsrMatrix a = test::poisson2d(7);
        const RowColoring coloring = color_rows_greedily(a);
        check_valid(a, coloring);
        CHECK(coloring.colors() == 2);
    }
    SECTION("3D Poisson is red-black too") {
        const CsrMatrix a = test::poisson3d(5);
        const RowColoring coloring = color_rows_greedily(a);
        check_valid(a, coloring);
        CHECK(coloring.colors() == 2);
    }
    SECTION("a non-symmetric pattern is coloured on A and its transpose") {
        // Row 2 stores a_20 but row 0 does not store a_02: still coupled.
        const CsrMatrix a = csr_from_triplets(
            3, 3, std::vector<Triplet>{{0, 0, 1}, {1, 1, 1}, {2, 2, 1}, {2, 0, 1}});
        const RowColoring coloring = color_rows_greedily(a);
        check_valid(a, coloring);
        CHECK(coloring.colors() == 2);
    }
    SECTION("random unstructured matrix") {
        const CsrMatrix a = test::random_diagonally_dominant(2000, 7, 1.5, 3);
        check_valid(a, color_rows_greedily(a));
    }
    SECTION("a dense row needs its own colour") {
        const CsrMatrix a = test::with_dense_rows(50, 1);
        const RowColoring coloring = color_rows_greedily(a);
        check_valid(a, coloring);
        CHECK(coloring.colors() == 3);
    }
}

TEST_CASE("rows of one colour are listed in increasing order", "[coloring]") {
    const RowColoring coloring = color_rows_greedily(test::poisson2d(6));
    for (int c = 0; c < coloring.colors(); ++c) {
        for (Offset k = coloring.color_offsets[c] + 1; k < coloring.color_offsets[c + 1]; ++k) {
            CHECK(coloring.rows[k - 1] < coloring.rows[k]);
        }
    }
}
