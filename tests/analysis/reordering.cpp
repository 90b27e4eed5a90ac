// Reverse Cuthill-McKee: a permutation that recovers the band of a matrix
// whose numbering was lost, and the permutations of matrices and vectors
// that the Solver applies with it.
#include "asor/reordering.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <utility>
#include <vector>

#include "asor/error.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

bool is_permutation(const std::vector<Index>& perm, Index n) {
    if (perm.size() != static_cast<std::size_t>(n)) return false;
    std::vector<int> count(perm.size(), 0);
    for (const Index v : perm) {
        if (v < 0 || v >= n || count[v]++ > 0) return false;
    }
    return true;
}

// A symmetric matrix with unit diagonal and an entry -0.1 for each edge.
CsrMatrix graph_matrix(Index n, const std::vector<std::pair<Index, Index>>& edges) {
    std::vector<Triplet> t;
    for (Index i = 0; i < n; ++i) t.push_back({i, i, 1.0});
    for (const auto& [i, j] : edges) {
        t.push_back({i, j, -0.1});
        t.push_back({j, i, -0.1});
    }
    return csr_from_triplets(n, n, t);
}

// The matrix with band `k`: a_ij for |i - j| <= k, diagonally dominant.
CsrMatrix banded(Index n, Index k) {
    std::vector<Triplet> t;
    for (Index i = 0; i < n; ++i) {
        for (Index j = std::max(0, i - k); j <= std::min(n - 1, i + k); ++j) {
            t.push_back({i, j, i == j ? 4.0 * k : -1.0});
        }
    }
    return csr_from_triplets(n, n, t);
}

Index rcm_bandwidth(const CsrMatrix& a) {
    return measure_spread(permute_symmetric(a, rcm_ordering(a))).bandwidth;
}

}  // namespace

TEST_CASE("rcm_ordering is a permutation of the rows", "[reordering]") {
    SECTION("a grid") {
        const CsrMatrix a = test::poisson2d(12);
        CHECK(is_permutation(rcm_ordering(a), a.rows));
    }
    SECTION("a non-symmetric pattern: A + A^T is ordered") {
        const CsrMatrix a = test::random_diagonally_dominant(300, 3, 2.0, 5);
        const std::vector<Index> perm = rcm_ordering(a);
        CHECK(is_permutation(perm, a.rows));
        CHECK_NOTHROW(check_permutation(perm, a.rows));
    }
    SECTION("1 x 1, a diagonal matrix and the empty matrix") {
        CHECK(rcm_ordering(csr_from_triplets(1, 1, std::vector<Triplet>{{0, 0, 2.0}})) ==
              std::vector<Index>{0});
        std::vector<Triplet> diagonal;
        for (Index i = 0; i < 5; ++i) diagonal.push_back({i, i, 1.0});
        const CsrMatrix d = csr_from_triplets(5, 5, diagonal);
        CHECK(is_permutation(rcm_ordering(d), 5));
        CHECK(measure_spread(d).bandwidth == 0);
        CHECK(measure_spread(d).mean_distance == 0.0);
        CHECK(rcm_ordering(CsrMatrix{}).empty());
    }
}

TEST_CASE("RCM recovers a small bandwidth from a shuffled matrix", "[reordering]") {
    SECTION("a path: bandwidth 1, so RCM started at one of its ends") {
        // From an inner node the two directions interleave: bandwidth 2.
        const CsrMatrix path = test::shuffled(banded(500, 1), 3);
        REQUIRE(measure_spread(path).bandwidth > 100);
        CHECK(rcm_bandwidth(path) == 1);
    }
    SECTION("a band of half-width 3") {
        const CsrMatrix band = test::shuffled(banded(400, 3), 4);
        CHECK(rcm_bandwidth(band) <= 6);
    }
    SECTION("a 30 x 30 grid: the width of an antidiagonal") {
        const CsrMatrix grid = test::shuffled(test::poisson2d(30), 5);
        const Spread before = measure_spread(grid);
        const std::vector<Index> perm = rcm_ordering(grid);
        const Spread after = measure_spread(grid, perm);
        CHECK(after.bandwidth <= 31);
        CHECK(after.mean_distance * 10.0 < before.mean_distance);
        // measure_spread(a, perm) is the spread of the permuted matrix.
        const Spread built = measure_spread(permute_symmetric(grid, perm));
        CHECK(built.bandwidth == after.bandwidth);
        CHECK(built.mean_distance == Approx(after.mean_distance));
    }
}

TEST_CASE("RCM orders each component on its own, from a pseudo-peripheral node", "[reordering]") {
    SECTION("two paths and an isolated node, shuffled: each path contiguous") {
        // Nodes 0-49 and 50-99 form two paths; 100 is isolated.
        std::vector<std::pair<Index, Index>> edges;
        for (Index i = 0; i + 1 < 50; ++i) {
            edges.emplace_back(i, i + 1);
            edges.emplace_back(50 + i, 51 + i);
        }
        const std::vector<Index> shuffle = test::random_permutation(101, 6);
        const CsrMatrix a = permute_symmetric(graph_matrix(101, edges), shuffle);
        const std::vector<Index> perm = rcm_ordering(a);
        REQUIRE(is_permutation(perm, 101));
        CHECK(measure_spread(a, perm).bandwidth == 1);
        // Component of each new position, in the unshuffled numbering.
        std::vector<int> component(101);
        for (Index k = 0; k < 101; ++k) {
            const Index original = shuffle[perm[k]];
            component[k] = original < 50 ? 0 : original < 100 ? 1 : 2;
        }
        int changes = 0;
        for (Index k = 1; k < 101; ++k) changes += component[k] != component[k - 1];
        CHECK(changes == 2);
    }
    SECTION("neighbours are numbered by increasing degree") {
        // 0 - 1 - 2, then 2 - 3 - 5 and 2 - 4: from node 0 (an end), 2's
        // neighbours 3 (degree 2) and 4 (degree 1) are numbered 4 first.
        const CsrMatrix a = graph_matrix(6, {{0, 1}, {1, 2}, {2, 3}, {2, 4}, {3, 5}});
        CHECK(rcm_ordering(a) == std::vector<Index>{5, 3, 4, 2, 1, 0});
    }
}

TEST_CASE("permuting a matrix and vectors, then back, is the identity", "[reordering]") {
    const CsrMatrix a = test::random_diagonally_dominant(200, 4, 2.0, 7);
    const std::vector<Index> perm = test::random_permutation(a.rows, 8);
    std::vector<Index> inverse(perm.size());
    for (std::size_t k = 0; k < perm.size(); ++k) inverse[perm[k]] = static_cast<Index>(k);
    const CsrMatrix b = permute_symmetric(a, perm);
    SECTION("P A P^T, then P^T (P A P^T) P, gives A back entry for entry") {
        REQUIRE_NOTHROW(check_structure(b));
        CHECK(entry(b, 5, 17) == entry(a, perm[5], perm[17]));
        const CsrMatrix back = permute_symmetric(b, inverse);
        CHECK(back.row_offsets == a.row_offsets);
        CHECK(back.col_indices == a.col_indices);
        CHECK(back.values == a.values);
    }
    SECTION("vectors: unpermute undoes permute, and (P A P^T)(P x) = P (A x)") {
        std::vector<double> x(perm.size()), px(perm.size()), back(perm.size());
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1.0 + 0.5 * static_cast<double>(i);
        permute_vector(x, perm, px);
        unpermute_vector(px, perm, back);
        CHECK(back == x);
        std::vector<double> ax(x.size()), bpx(x.size()), pax(x.size());
        multiply(a, x, ax);
        multiply(b, px, bpx);
        permute_vector(ax, perm, pax);
        for (std::size_t i = 0; i < x.size(); ++i) CHECK(bpx[i] == Approx(pax[i]).epsilon(1e-14));
    }
}

TEST_CASE("choose_reordering applies RCM as asked, and auto only where it shrinks the spread",
          "[reordering]") {
    const CsrMatrix natural = test::poisson2d(20);
    const CsrMatrix lost = test::shuffled(natural, 9);
    SECTION("none: nothing measured, nothing applied") {
        const ReorderingChoice c = choose_reordering(lost, Reorder::none);
        CHECK(c.perm.empty());
        CHECK_FALSE(c.report.applied);
        CHECK(c.report.before.bandwidth == 0);
    }
    SECTION("rcm: applied even where it does not shrink the spread") {
        const ReorderingChoice c = choose_reordering(natural, Reorder::rcm);
        CHECK(c.report.applied);
        CHECK(is_permutation(c.perm, natural.rows));
        CHECK(c.report.before.bandwidth == 20);
        CHECK_THAT(c.report.rule, Contains("rcm asked"));
    }
    SECTION("auto: applied to the shuffled grid, not to the grid in natural order") {
        const ReorderingChoice shuffled = choose_reordering(lost, Reorder::automatic);
        CHECK(shuffled.report.applied);
        CHECK(shuffled.report.before.mean_distance >=
              kAutoReorderFactor * shuffled.report.after.mean_distance);
        const ReorderingChoice kept = choose_reordering(natural, Reorder::automatic);
        CHECK_FALSE(kept.report.applied);
        CHECK(kept.perm.empty());
        CHECK_THAT(kept.report.rule, Contains("none") && Contains("auto keeps it from"));
    }
}

TEST_CASE("reordering refuses what is not a square matrix or a permutation", "[reordering]") {
    const CsrMatrix a = test::poisson2d(3);
    SECTION("a matrix that is not square") {
        const CsrMatrix wide = csr_from_triplets(2, 3, std::vector<Triplet>{{0, 0, 1.0}});
        REQUIRE_THROWS_WITH(rcm_ordering(wide), Contains("matrix is 2 x 3"));
        REQUIRE_THROWS_WITH(permute_symmetric(wide, std::vector<Index>{0, 1}),
                            Contains("needs a square matrix"));
    }
    SECTION("a permutation of the wrong size, out of range or with a repeat") {
        REQUIRE_THROWS_WITH(permute_symmetric(a, std::vector<Index>{0, 1}),
                            Contains("permutation has 2 entries (expected 9"));
        REQUIRE_THROWS_WITH(check_permutation(std::vector<Index>{0, 1, 3}, 3),
                            Contains("permutation entry 2 is 3 (expected 0 to 2)"));
        REQUIRE_THROWS_WITH(check_permutation(std::vector<Index>{0, 1, 1}, 3),
                            Contains("permutation entry 2 repeats 1"));
        try {
            check_permutation(std::vector<Index>{-1}, 1);
            FAIL("a negative entry was accepted");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::input);
        }
    }
    SECTION("an unknown name") {
        CHECK(parse_reorder("auto") == Reorder::automatic);
        CHECK(to_string(Reorder::rcm) == "rcm");
        REQUIRE_THROWS_WITH(parse_reorder("amd"),
                            Contains("unknown reordering 'amd' (expected one of none, rcm, auto)"));
    }
}
