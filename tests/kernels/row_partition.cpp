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

TEST_CASE("a block's rows alone are those whose entries of x no other block touches",
          "[partition]") {
    SECTION("a tridiagonal matrix in two blocks: all but the rows next to the cut") {
        std::vector<Triplet> entries;
        for (Index i = 0; i < 10; ++i) {
            entries.push_back({i, i, 2.0});
            if (i > 0) entries.push_back({i, i - 1, -1.0});
            if (i < 9) entries.push_back({i, i + 1, -1.0});
        }
        const CsrMatrix a = csr_from_triplets(10, 10, entries);
        const RowPartition p = RowPartition::balanced_by_nonzeros(a, 2);
        REQUIRE(p.end_row(0) == 5);
        const std::vector<RowRange> alone = rows_of_the_block_alone(a, p);
        REQUIRE(alone.size() == 2);
        // x_4 and x_5 are read across the cut; rows 3 and 6 read them.
        CHECK(alone[0].first == 0);
        CHECK(alone[0].end == 3);
        CHECK(alone[1].first == 7);
        CHECK(alone[1].end == 10);
    }
    SECTION("a 10 x 10 grid in two blocks: a grid line of rows away from the cut") {
        const CsrMatrix a = test::poisson2d(10);
        const RowPartition p = RowPartition::balanced_by_nonzeros(a, 2);
        REQUIRE(p.end_row(0) == 50);
        const std::vector<RowRange> alone = rows_of_the_block_alone(a, p);
        CHECK(alone[0].first == 0);
        CHECK(alone[0].end == 30);  // rows 40-49 are read by block 1; rows 30-39 read them
        CHECK(alone[1].first == 70);
        CHECK(alone[1].end == 100);
    }
    SECTION("one block: every row") {
        const CsrMatrix a = test::poisson2d(10);
        const std::vector<RowRange> alone =
            rows_of_the_block_alone(a, RowPartition::balanced_by_nonzeros(a, 1));
        CHECK(alone[0].first == 0);
        CHECK(alone[0].end == 100);
    }
    SECTION("a column past the rows (another process's ghost) is outside every block") {
        const std::vector<Triplet> entries = {{0, 0, 2.0}, {1, 1, 2.0}, {1, 2, -1.0}};
        const CsrMatrix a = csr_from_triplets(2, 3, entries);
        const std::vector<RowRange> alone =
            rows_of_the_block_alone(a, RowPartition::balanced_by_nonzeros(a, 1));
        CHECK(alone[0].first == 0);
        CHECK(alone[0].end == 1);
    }
}
