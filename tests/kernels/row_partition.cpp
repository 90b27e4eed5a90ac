#include "asor/detail/row_partition.hpp"

#include <catch2/catch.hpp>

#include "test_problems.hpp"

using namespace asor;

namespace {

Offset block_nonzeros(const CsrMatrix& a, const RowPartition& p, int b) {
    return a.row_offsets[p.end_row(b)] - a.row_offsets[p.first_row(b)];
}

void check_covers_all_rows(const CsrMatrix& a, const RowPartition& p) {
    REQUIRE(p.first_row(0) == 0);
    REQUIRE(p.end_row(p.blocks() - 1) == a.rows);
    for (int b = 0; b < p.blocks(); ++b) REQUIRE(p.first_row(b) < p.end_row(b));
}

}  // namespace

TEST_CASE("row partition covers every row once with non-empty contiguous blocks", "[partition]") {
    const CsrMatrix a = test::poisson2d(10);
    for (int blocks : {1, 2, 3, 4, 7, 8, 100}) {
        const RowPartition p = RowPartition::balanced_by_nonzeros(a, blocks);
        REQUIRE(p.blocks() == blocks);
        check_covers_all_rows(a, p);
    }
}

TEST_CASE("row partition gives at most one block per row", "[partition]") {
    const CsrMatrix a = test::poisson2d(2);  // 4 rows
    const RowPartition p = RowPartition::balanced_by_nonzeros(a, 8);
    REQUIRE(p.blocks() == 4);
    check_covers_all_rows(a, p);
}

TEST_CASE("row partition balances non-zeros, not rows", "[partition]") {
    SECTION("a uniform matrix splits into near-equal blocks") {
        const CsrMatrix a = test::poisson2d(100);
        const RowPartition p = RowPartition::balanced_by_nonzeros(a, 4);
        for (int b = 0; b < 4; ++b) {
            CHECK(std::abs(double(block_nonzeros(a, p, b)) - a.nnz() / 4.0) < 0.01 * a.nnz());
        }
    }
    SECTION("a few dense rows do not leave one thread with most of the work") {
        const CsrMatrix a = test::with_dense_rows(20000, 2);  // rows 0 and 10000 are dense
        const RowPartition p = RowPartition::balanced_by_nonzeros(a, 4);
        check_covers_all_rows(a, p);
        const double share = double(a.nnz() + a.rows) / 4;
        for (int b = 0; b < 4; ++b) {
            const double work = double(block_nonzeros(a, p, b) + p.end_row(b) - p.first_row(b));
            CHECK(work < 1.1 * share);
        }
        // Balancing by rows would have put a dense row plus a quarter of the
        // rest in the first block: well over 1.1 shares.
        CHECK(p.end_row(0) < a.rows / 4);
    }
}
