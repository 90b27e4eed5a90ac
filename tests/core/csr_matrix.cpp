// Specification of the CSR matrix and its builders (asor/csr_matrix.hpp).
#include <catch2/catch.hpp>

#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/error.hpp"

using asor::CsrMatrix;
using asor::Triplet;
using Catch::Matchers::Contains;

namespace {

/// A valid 3 x 4 matrix with an empty middle row:
///   [ 1 0 2 0 ]
///   [ 0 0 0 0 ]
///   [ 0 3 0 4 ]
CsrMatrix small_matrix() {
    CsrMatrix a;
    a.rows = 3;
    a.cols = 4;
    a.row_offsets = {0, 2, 2, 4};
    a.col_indices = {0, 2, 1, 3};
    a.values = {1, 2, 3, 4};
    return a;
}

std::string structure_error_of(asor::CsrView a) {
    try {
        asor::check_structure(a);
    } catch (const asor::Error& e) {
        CHECK(e.kind() == asor::ErrorKind::input);
        return e.what();
    }
    FAIL("check_structure accepted a broken matrix");
    return {};
}

}  // namespace

TEST_CASE("csr_from_triplets orders entries by row, then by column", "[csr_matrix]") {
    const std::vector<Triplet> entries = {{2, 3, 4}, {0, 2, 2}, {2, 1, 3}, {0, 0, 1}};
    const CsrMatrix a = asor::csr_from_triplets(3, 4, entries);
    const CsrMatrix expected = small_matrix();
    CHECK(a.rows == 3);
    CHECK(a.cols == 4);
    CHECK(a.row_offsets == expected.row_offsets);
    CHECK(a.col_indices == expected.col_indices);
    CHECK(a.values == expected.values);
    CHECK(a.nnz() == 4);
    asor::check_structure(a);
}

TEST_CASE("csr_from_triplets sums duplicate entries", "[csr_matrix]") {
    const std::vector<Triplet> entries = {
        {1, 1, 1.5}, {0, 1, 1}, {1, 1, 2}, {1, 0, 5}, {1, 1, -0.5}};
    const CsrMatrix a = asor::csr_from_triplets(2, 2, entries);
    CHECK(a.row_offsets == std::vector<asor::Offset>{0, 1, 3});
    CHECK(a.col_indices == std::vector<asor::Index>{1, 0, 1});
    CHECK(a.values == std::vector<double>{1, 5, 3});
    CHECK(a.storage_bytes() ==
          3 * sizeof(asor::Offset) + 3 * sizeof(asor::Index) + 3 * sizeof(double));
}

TEST_CASE("csr_from_triplets accepts no entries and empty rows", "[csr_matrix]") {
    SECTION("a 3 x 2 zero matrix") {
        const CsrMatrix a = asor::csr_from_triplets(3, 2, {});
        CHECK(a.row_offsets == std::vector<asor::Offset>{0, 0, 0, 0});
        CHECK(a.nnz() == 0);
        asor::check_structure(a);
    }
    SECTION("a 0 x 0 matrix") {
        const CsrMatrix a = asor::csr_from_triplets(0, 0, {});
        CHECK(a.row_offsets == std::vector<asor::Offset>{0});
        asor::check_structure(a);
    }
}

TEST_CASE("a CsrView refers to the arrays it views", "[csr_matrix]") {
    const CsrMatrix a = small_matrix();
    SECTION("a CsrMatrix's, converted implicitly") {
        const asor::CsrView v = a;
        CHECK(v.rows == 3);
        CHECK(v.cols == 4);
        CHECK(v.row_offsets.data() == a.row_offsets.data());
        CHECK(v.col_indices.data() == a.col_indices.data());
        CHECK(v.values.data() == a.values.data());
        CHECK(v.nnz() == 4);
        CHECK(v.bytes() == 4 * sizeof(asor::Offset) + 4 * (sizeof(asor::Index) + sizeof(double)));
        CHECK(asor::entry(a, 2, 3) == 4.0);
    }
    SECTION("arrays held elsewhere, checked like a matrix's") {
        std::vector<asor::Offset> offsets = a.row_offsets;
        std::vector<asor::Index> columns = a.col_indices;
        const std::vector<double> values = a.values;
        asor::check_structure(asor::CsrView(3, 4, offsets, columns, values));
        columns[1] = 0;
        CHECK_THAT(structure_error_of(asor::CsrView(3, 4, offsets, columns, values)),
                   Contains("not strictly increasing"));
        offsets.pop_back();
        CHECK_THAT(structure_error_of(asor::CsrView(3, 4, offsets, columns, values)),
                   Contains("row_offsets has 3 elements"));
    }
    SECTION("an empty view is a 0 x 0 matrix") {
        const asor::CsrView v;
        CHECK(v.nnz() == 0);
        asor::check_structure(v);
    }
}

TEST_CASE("csr_from_triplets rejects an index outside the matrix", "[csr_matrix]") {
    SECTION("row too large") {
        const std::vector<Triplet> entries = {{0, 0, 1}, {2, 0, 1}};
        CHECK_THROWS_WITH(asor::csr_from_triplets(2, 2, entries),
                          Contains("entry 1 at (2, 0) is outside the 2 x 2 matrix"));
    }
    SECTION("negative column") {
        const std::vector<Triplet> entries = {{0, -1, 1}};
        CHECK_THROWS_AS(asor::csr_from_triplets(2, 2, entries), asor::Error);
    }
}

TEST_CASE("check_structure names the first broken invariant", "[csr_matrix]") {
    CsrMatrix a = small_matrix();
    asor::check_structure(a);
    SECTION("row_offsets of the wrong size") {
        a.row_offsets.pop_back();
        CHECK_THAT(structure_error_of(a),
                   Contains("row_offsets has 3 elements (expected rows + 1 = 4)"));
    }
    SECTION("row_offsets not starting at 0") {
        a.row_offsets[0] = 1;
        CHECK_THAT(structure_error_of(a), Contains("row_offsets[0] is not 0"));
    }
    SECTION("arrays shorter than nnz") {
        a.values.pop_back();
        CHECK_THAT(structure_error_of(a), Contains("found 4 and 3"));
    }
    SECTION("decreasing row_offsets") {
        a.row_offsets = {0, 3, 2, 4};
        CHECK_THAT(structure_error_of(a), Contains("row_offsets decreases at row 1"));
    }
    SECTION("column out of range") {
        a.col_indices[3] = 4;
        CHECK_THAT(structure_error_of(a), Contains("row 2 has column 4 outside [0, 4)"));
    }
    SECTION("columns not increasing") {
        a.col_indices[1] = 0;
        CHECK_THAT(structure_error_of(a), Contains("row 0 has columns not strictly increasing"));
    }
}

TEST_CASE("multiply computes y = A x", "[csr_matrix]") {
    const CsrMatrix a = small_matrix();
    const std::vector<double> x = {1, -1, 0.5, 2};
    std::vector<double> y(3, 99.0);
    asor::multiply(a, x, y);
    // Row by row from the dense form in small_matrix's comment.
    CHECK(y == std::vector<double>{1 * 1 + 2 * 0.5, 0, 3 * -1 + 4 * 2});
}

TEST_CASE("entry gives the stored value of a_ij, or 0", "[csr_matrix]") {
    const CsrMatrix a = asor::csr_from_triplets(
        3, 4, std::vector<Triplet>{{0, 3, 2.5}, {0, 0, 1.0}, {2, 1, -4.0}, {0, 2, 7.0}});
    CHECK(asor::entry(a, 0, 0) == 1.0);
    CHECK(asor::entry(a, 0, 2) == 7.0);
    CHECK(asor::entry(a, 0, 3) == 2.5);
    CHECK(asor::entry(a, 2, 1) == -4.0);
    CHECK(asor::entry(a, 0, 1) == 0.0);  // between stored columns
    CHECK(asor::entry(a, 1, 0) == 0.0);  // an empty row
    CHECK(asor::entry(a, 2, 3) == 0.0);  // past the last stored column
}
