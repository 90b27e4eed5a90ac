#include "asor/detail/compact_matrix.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "asor/detail/linear_system.hpp"
#include "asor/detail/sweep.hpp"
#include "asor/error.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

CompactMatrix compact_of(const CsrMatrix& a) {
    const PreparedMatrix prepared = prepare_matrix(a, 1);
    return make_compact_matrix(a, prepared.inverse_diagonal, 1);
}

// Column j of entry k of row i, as the compact form stores it (not for a
// stencil chunk, whose columns are not stored).
Index stored_column(const CompactMatrix& c, Index i, Offset k) {
    const CompactMatrix::Chunk& chunk = c.chunks[i >> CompactMatrix::kChunkRowsLog2];
    REQUIRE(chunk.stencil_entries == 0);
    const std::size_t at = chunk.column_start + static_cast<std::size_t>(k - chunk.first_entry);
    return chunk.narrow ? i + c.column_offsets[at] : c.columns[at];
}

// A 1D Laplacian of n rows (plus 1 on the diagonal) with an extra coupling
// between row `far_row` and the row `distance` further on: the chunks that
// hold either row need 32-bit columns.
CsrMatrix chain_with_far_coupling(Index n, Index far_row, Index distance) {
    std::vector<Triplet> t;
    for (Index i = 0; i < n; ++i) {
        t.push_back({i, i, 4.0});
        if (i > 0) t.push_back({i, i - 1, -1.0});
        if (i + 1 < n) t.push_back({i, i + 1, -1.0});
    }
    t.push_back({far_row, far_row + distance, -0.5});
    t.push_back({far_row + distance, far_row, -0.5});
    return csr_from_triplets(n, n, t);
}

}  // namespace

TEST_CASE("the compact form holds A rounded to float32, columns unchanged", "[compact]") {
    SECTION("a banded matrix: every chunk narrow") {
        const CsrMatrix a = test::poisson2d(40, 0.3);
        const CompactMatrix c = compact_of(a);
        CHECK(c.narrow_share() == 1.0);
        CHECK(c.columns.empty());
        for (Index i = 0; i < a.rows; ++i) {
            REQUIRE(c.row_offsets[i] == a.row_offsets[i]);
            for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
                REQUIRE(stored_column(c, i, k) == a.col_indices[k]);
                REQUIRE(c.values[k] == static_cast<float>(a.values[k]));
            }
            REQUIRE(c.inverse_diagonal[i] == static_cast<float>(1.0 / (4.0 + 0.3)));
        }
    }
    SECTION("entries beyond 16-bit offsets make their chunks wide, and only those") {
        const Index n = 48 * CompactMatrix::kChunkRows;
        const CsrMatrix a = chain_with_far_coupling(n, 10, 40000);
        const CompactMatrix c = compact_of(a);
        for (std::size_t k = 0; k < c.chunks.size(); ++k) {
            const bool holds_far_row = k == 0 || k == 40010 / CompactMatrix::kChunkRows;
            CHECK(c.chunks[k].narrow == !holds_far_row);
        }
        CHECK(c.narrow_share() < 1.0);
        CHECK(c.narrow_share() > 0.5);
        for (Index i = 0; i < a.rows; ++i) {
            for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
                REQUIRE(stored_column(c, i, k) == a.col_indices[k]);
            }
        }
    }
    SECTION("bytes per row: 6 a non-zero plus 32 a row, against 12 plus 40") {
        const CsrMatrix a = test::poisson2d(30);
        const double n = a.rows;
        const double nnz = static_cast<double>(a.nnz());
        CHECK(compact_bytes_per_row(compact_of(a)) == Approx((6 * nnz + 32 * n + 4) / n));
        CHECK(double_bytes_per_row(a) == Approx((12 * nnz + 40 * n + 8) / n));
    }
}

// a(i, j) of a CSR matrix, 0 where it has no entry.
double entry_of(const CsrMatrix& a, Index i, Index j) {
    for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
        if (a.col_indices[k] == j) return a.values[k];
    }
    return 0.0;
}

TEST_CASE("a grid's chunks store its stencil once, values padded with zeros", "[compact]") {
    // 4096 rows, 4 chunks: the first and last hold rows whose stencil would
    // reach outside A (the first and last plane of the grid), so they keep
    // their columns; the two between are stencil chunks.
    const bool three_d = GENERATE(false, true);
    const CsrMatrix a = three_d ? test::poisson3d(16) : test::poisson2d(64, 0.25);
    const Index plane = three_d ? 256 : 64;
    const std::vector<Index> offsets = three_d ? std::vector<Index>{-256, -16, -1, 0, 1, 16, 256}
                                               : std::vector<Index>{-64, -1, 0, 1, 64};
    const CompactMatrix c = compact_of(a);
    REQUIRE(c.chunks.size() == 4);
    CHECK(c.stencil_share() == 0.5);
    for (std::size_t k = 0; k < c.chunks.size(); ++k) {
        const CompactMatrix::Chunk& chunk = c.chunks[k];
        const bool interior = k == 1 || k == 2;
        REQUIRE(chunk.stencil_entries == (interior ? offsets.size() : 0));
        if (!interior) continue;
        for (std::size_t e = 0; e < offsets.size(); ++e) {
            REQUIRE(chunk.stencil_offsets[e] == offsets[e]);
        }
    }
    for (Index i = plane; i < a.rows - plane; ++i) {
        if (c.chunks[i >> CompactMatrix::kChunkRowsLog2].stencil_entries == 0) continue;
        REQUIRE(c.row_offsets[i + 1] - c.row_offsets[i] == offsets.size());
        for (std::size_t e = 0; e < offsets.size(); ++e) {
            REQUIRE(c.values[c.row_offsets[i] + e] ==
                    static_cast<float>(entry_of(a, i, i + offsets[e])));
        }
    }
    SECTION("bytes per row: no columns and no row offsets for stencil rows") {
        const double n = a.rows;
        const double stored = static_cast<double>(c.values.size());
        const double narrow = static_cast<double>(c.column_offsets.size());
        CHECK(narrow == static_cast<double>(a.row_offsets[1024] + a.nnz() - a.row_offsets[3072]));
        CHECK(compact_bytes_per_row(c) ==
              Approx((4 * stored + 2 * narrow + 4 * (n / 2 + 1)) / n + 4 + 24));
    }
}

TEST_CASE("a matrix that does not survive float32 is refused, naming why", "[compact]") {
    SECTION("an entry beyond float's range") {
        const CsrMatrix a =
            csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1e39}, {1, 1, 1.0}, {1, 0, 1.0}});
        REQUIRE(compact_conversion_problem(a, 1).value() ==
                "entry (1, 1) 1e+39 is beyond float32's range");
    }
    SECTION("a non-zero entry below float's smallest normal number") {
        const CsrMatrix a =
            csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 1.0}, {1, 0, 1e-40}});
        REQUIRE(compact_conversion_problem(a, 1).value() ==
                "entry (2, 1) 1e-40 is below float32's smallest normal number");
    }
    SECTION("a row whose diagonal dominance the rounding breaks") {
        // 0.33333333 rounds up to 0.3333333433: three of them exceed 1.
        const CsrMatrix a = csr_from_triplets(3, 4,
                                              std::vector<Triplet>{{0, 0, 1.0},
                                                                   {0, 1, 0.33333333},
                                                                   {0, 2, 0.33333333},
                                                                   {0, 3, 0.33333333},
                                                                   {1, 1, 1.0},
                                                                   {2, 2, 1.0}});
        REQUIRE(compact_conversion_problem(a, 1).value() ==
                "row 1 loses its dominant diagonal in float32");
    }
    SECTION("the first bad row in order, whatever the thread count") {
        std::vector<Triplet> t;
        for (Index i = 0; i < 5000; ++i) t.push_back({i, i, 1.0});
        t.push_back({3000, 1, 1e-45});
        t.push_back({4000, 1, 1e-45});
        const CsrMatrix a = csr_from_triplets(5000, 5000, t);
        CHECK_THAT(compact_conversion_problem(a, 2).value(), Contains("entry (3001, 2)"));
    }
    SECTION("automatic storage keeps double for such a matrix; compact refuses it") {
        const CsrMatrix a =
            csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 1.0}, {1, 0, 1e-40}});
        const std::vector<double> inverse{1.0, 1.0};
        CHECK_FALSE(compact_for(a, inverse, Storage::automatic, 1).has_value());
        REQUIRE_THROWS_WITH(compact_for(a, inverse, Storage::compact, 1),
                            "compact storage: entry (2, 1) 1e-40 is below float32's smallest "
                            "normal number");
    }
    SECTION("a healthy matrix passes") {
        CHECK_FALSE(compact_conversion_problem(test::poisson3d(8), 2).has_value());
    }
}

TEST_CASE("automatic storage is compact only for a matrix beyond the cache", "[compact]") {
    const CsrMatrix small = test::poisson2d(20);
    const std::vector<double> inverse(static_cast<std::size_t>(small.rows), 0.25);
    CHECK_FALSE(compact_for(small, inverse, Storage::automatic, 1).has_value());
    CHECK(compact_for(small, inverse, Storage::compact, 1).has_value());
    CHECK_FALSE(compact_for(small, inverse, Storage::double_precision, 1).has_value());
    const CsrMatrix large = test::poisson2d(700);  // 2.4 million entries, 29 MB
    REQUIRE(large.storage_bytes() >= kCompactFromBytes);
    const std::vector<double> large_inverse(static_cast<std::size_t>(large.rows), 0.25);
    CHECK(compact_for(large, large_inverse, Storage::automatic, 2).has_value());
}

TEST_CASE("automatic storage stays double where most columns need 32 bits", "[compact]") {
    // Random columns over 250,000 rows: beyond 16-bit offsets from the row,
    // where compact storage saves a third of the bytes and no time.
    const CsrMatrix wide = test::random_diagonally_dominant(250000, 6, 1.5, 5);
    REQUIRE(wide.storage_bytes() >= kCompactFromBytes);
    const std::vector<double> inverse(static_cast<std::size_t>(wide.rows), 1.0);
    CHECK_FALSE(compact_for(wide, inverse, Storage::automatic, 2).has_value());
    const std::optional<CompactMatrix> asked = compact_for(wide, inverse, Storage::compact, 2);
    REQUIRE(asked.has_value());
    CHECK(asked->narrow_share() < kCompactFromNarrowShare);
}

TEST_CASE("refine_rhs is b minus the rounding of A times x", "[compact]") {
    const CsrMatrix a = test::random_diagonally_dominant(300, 5, 1.5, 7);
    std::vector<double> x(300), b(300), out(300);
    for (Index i = 0; i < 300; ++i) {
        x[i] = std::sin(0.1 * i) + 2.0;
        b[i] = std::cos(0.3 * i);
    }
    refine_rhs(a, b, x, out, 2);
    for (Index i = 0; i < 300; ++i) {
        double expected = b[i];
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            const double rounded = static_cast<float>(a.values[k]);
            expected -= (a.values[k] - rounded) * x[a.col_indices[k]];
        }
        REQUIRE(out[i] == Approx(expected).margin(1e-15));
    }
}

TEST_CASE("a sweep of stencil rows is the double sweep, up to the padding's rounding",
          "[compact]") {
    // Entries exact in float32; a boundary row's padded zero entry may take
    // the place of its nearest left neighbour, which changes the order of
    // its sums, so x agrees to rounding, not bit for bit.
    const CsrMatrix a = test::poisson2d(80, 0.0);
    const CompactMatrix c = compact_of(a);
    REQUIRE(c.stencil_share() > 0.5);
    const std::vector<double> inverse(static_cast<std::size_t>(a.rows), 0.25);
    std::vector<double> b(inverse.size());
    for (Index i = 0; i < a.rows; ++i) b[i] = std::sin(0.01 * i);
    const SweepData as_double{
        a.row_offsets.data(), a.col_indices.data(), a.values.data(), inverse.data(), b.data(), 1.3};
    SweepData as_compact{nullptr, nullptr, nullptr, nullptr, b.data(), 1.3};
    as_compact.compact = &c;
    std::vector<double> x1(b.size(), 0.5), x2(b.size(), 0.5);
    for (int sweep = 0; sweep < 5; ++sweep) {
        const double r1 = sweep_rows(as_double, ExclusiveView{x1.data()}, 0, a.rows);
        const double r2 = sweep_rows(as_compact, SharedView{x2.data()}, 0, a.rows);
        REQUIRE(r1 == Approx(r2).epsilon(1e-12));
    }
    for (std::size_t i = 0; i < x1.size(); ++i) REQUIRE(x1[i] == Approx(x2[i]).epsilon(1e-13));
    SECTION("a list of rows and projected rows go through the same stencil") {
        std::vector<Index> rows;
        for (Index i = a.rows - 1; i >= 0; i -= 2) rows.push_back(i);
        std::vector<double> lower(b.size(), -0.01), upper(b.size(), 0.02);
        SweepData bounded_double = as_double, bounded_compact = as_compact;
        bounded_double.lower = bounded_compact.lower = lower.data();
        bounded_double.upper = bounded_compact.upper = upper.data();
        const Index count = static_cast<Index>(rows.size());
        REQUIRE(
            sweep_row_list(bounded_double, ExclusiveView{x1.data()}, rows.data(), count) ==
            Approx(sweep_row_list(bounded_compact, ExclusiveView{x2.data()}, rows.data(), count))
                .epsilon(1e-12));
        for (std::size_t i = 0; i < x1.size(); ++i) REQUIRE(x1[i] == Approx(x2[i]).epsilon(1e-13));
        for (Index i : rows) {
            REQUIRE(x2[i] >= -0.01);
            REQUIRE(x2[i] <= 0.02);
        }
    }
}

TEST_CASE("a compact sweep is the double sweep of the rounded matrix", "[compact]") {
    // Entries exact in float32 and a diagonal of 4 (inverse 0.25, exact too):
    // both sweeps do the same arithmetic and must give the same x bit for
    // bit; the squared residual is summed chunk by chunk in compact storage,
    // so only its rounding may differ.
    const Index n = 40 * CompactMatrix::kChunkRows;
    const CsrMatrix a = chain_with_far_coupling(n, 100, 35000);
    const CompactMatrix c = compact_of(a);
    REQUIRE(c.narrow_share() < 1.0);
    const std::vector<double> inverse(static_cast<std::size_t>(n), 0.25);
    std::vector<double> b(static_cast<std::size_t>(n)), lower(b.size(), -0.2), upper(b.size(), 0.3);
    for (Index i = 0; i < n; ++i) b[i] = std::sin(0.01 * i);
    const SweepData as_double{
        a.row_offsets.data(), a.col_indices.data(), a.values.data(), inverse.data(), b.data(), 1.3};
    SweepData as_compact{nullptr, nullptr, nullptr, nullptr, b.data(), 1.3};
    as_compact.compact = &c;
    SECTION("in row order, across chunk boundaries") {
        std::vector<double> x1(b.size(), 0.0), x2(b.size(), 0.0);
        for (int sweep = 0; sweep < 3; ++sweep) {
            const double r1 = sweep_rows(as_double, ExclusiveView{x1.data()}, 5, n - 7);
            const double r2 = sweep_rows(as_compact, SharedView{x2.data()}, 5, n - 7);
            REQUIRE(r1 == Approx(r2).epsilon(1e-11));
        }
        REQUIRE(x1 == x2);
    }
    SECTION("a list of rows, as a colour of multicolor") {
        std::vector<Index> rows;
        for (Index i = n - 1; i >= 0; i -= 3) rows.push_back(i);
        std::vector<double> x1(b.size(), 1.0), x2(b.size(), 1.0);
        const Index count = static_cast<Index>(rows.size());
        REQUIRE(sweep_row_list(as_double, ExclusiveView{x1.data()}, rows.data(), count) ==
                sweep_row_list(as_compact, ExclusiveView{x2.data()}, rows.data(), count));
        REQUIRE(x1 == x2);
    }
    SECTION("projected onto bounds") {
        SweepData bounded_double = as_double, bounded_compact = as_compact;
        bounded_double.lower = bounded_compact.lower = lower.data();
        bounded_double.upper = bounded_compact.upper = upper.data();
        std::vector<double> x1(b.size(), 0.0), x2(b.size(), 0.0);
        REQUIRE(sweep_rows(bounded_double, ExclusiveView{x1.data()}, 0, n) ==
                Approx(sweep_rows(bounded_compact, ExclusiveView{x2.data()}, 0, n)).epsilon(1e-11));
        REQUIRE(x1 == x2);
    }
}
