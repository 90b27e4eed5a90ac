#include "asor/detail/linear_system.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "asor/error.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

// What a Solver checks: A when it is prepared, then each b.
void check_system(const CsrMatrix& a, std::span<const double> b) {
    (void)prepare_matrix(a, 1);
    (void)check_rhs(b, a.rows);
}

}  // namespace

TEST_CASE("a system is refused before solving when SOR cannot run on it", "[system]") {
    SECTION("non-square matrix") {
        const CsrMatrix a = csr_from_triplets(2, 3, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 1.0}});
        REQUIRE_THROWS_WITH(check_system(a, std::vector<double>(2, 1.0)),
                            Contains("matrix is 2 x 3") && Contains("square"));
    }
    SECTION("missing diagonal entry names the first bad row, 1-based") {
        const CsrMatrix a =
            csr_from_triplets(3, 3, std::vector<Triplet>{{0, 0, 1.0}, {1, 0, 1.0}, {2, 2, 1.0}});
        REQUIRE_THROWS_WITH(check_system(a, std::vector<double>(3, 1.0)),
                            Contains("row 2: diagonal entry is zero or missing"));
    }
    SECTION("explicit zero diagonal entry") {
        const CsrMatrix a =
            csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 0.0}, {1, 0, 2.0}});
        REQUIRE_THROWS_WITH(check_system(a, std::vector<double>(2, 1.0)),
                            Contains("row 2: diagonal entry is zero"));
    }
    SECTION("right-hand side of the wrong length") {
        const CsrMatrix a = test::poisson2d(3);
        REQUIRE_THROWS_WITH(check_system(a, std::vector<double>(8, 1.0)),
                            Contains("right-hand side has 8 entries (expected 9"));
    }
    SECTION("non-finite right-hand side") {
        const CsrMatrix a = test::poisson2d(2);
        std::vector<double> b(4, 1.0);
        b[2] = std::numeric_limits<double>::quiet_NaN();
        REQUIRE_THROWS_WITH(check_system(a, b), Contains("entry 3 is not finite"));
    }
    SECTION("diagonal entry whose inverse overflows") {
        const CsrMatrix a =
            csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 1e-320}});
        REQUIRE_THROWS_WITH(check_system(a, std::vector<double>(2, 1.0)),
                            Contains("row 2: diagonal entry 1e-320 is too small: its inverse "
                                     "overflows"));
    }
    SECTION("entries whose squares would overflow, in A, b or x0") {
        const CsrMatrix big =
            csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 1.0}, {1, 0, -2e150}});
        REQUIRE_THROWS_WITH(check_system(big, std::vector<double>(2, 1.0)),
                            Contains("row 2: entry 2e+150 exceeds 1e150 in magnitude") &&
                                Contains("scale the system"));
        const CsrMatrix a = test::poisson2d(2);
        REQUIRE_THROWS_WITH(check_system(a, std::vector<double>{1.0, 1.0, 1e151, 1.0}),
                            Contains("right-hand side entry 3, 1e+151, exceeds 1e150"));
        REQUIRE_THROWS_WITH(check_initial_guess(std::vector<double>{0.0, -1e200}, 2),
                            Contains("initial guess entry 2, -1e+200, exceeds 1e150"));
        CHECK_NOTHROW(check_system(a, std::vector<double>{1e150, 1.0, -1e150, 1.0}));
    }
    SECTION("non-finite matrix entry (the reader refuses them; library callers may not)") {
        const CsrMatrix a = csr_from_triplets(
            2, 2, std::vector<Triplet>{{0, 0, 1.0}, {1, 1, 1.0}, {0, 1, std::nan("")}});
        REQUIRE_THROWS_WITH(check_system(a, std::vector<double>(2, 1.0)),
                            Contains("row 1: entry is not finite"));
    }
    SECTION("non-finite initial guess") {
        REQUIRE_THROWS_WITH(check_initial_guess(std::vector<double>{0.0, INFINITY}, 2),
                            Contains("initial guess entry 2 is not finite"));
    }
    SECTION("initial guess of the wrong length") {
        REQUIRE_THROWS_WITH(check_initial_guess(std::vector<double>(5, 0.0), 4),
                            Contains("initial guess has 5 entries (expected 4"));
    }
    SECTION("errors are asor::Error of kind input") {
        const CsrMatrix a = test::poisson2d(2);
        try {
            check_system(a, std::vector<double>(1, 1.0));
            FAIL("no exception");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::input);
        }
    }
}

TEST_CASE("a prepared matrix holds the inverse diagonal; a system adds the norm of b", "[system]") {
    const CsrMatrix a = test::poisson2d(2, 1.0);  // diagonal 5
    const PreparedMatrix prepared = prepare_matrix(a);
    CHECK(prepared.inverse_diagonal == std::vector<double>(4, 0.2));
    const std::vector<double> b{3.0, 4.0, 0.0, 0.0};
    const LinearSystem s = make_system(prepared, b);
    CHECK(s.rhs_norm == 5.0);
    CHECK(s.inverse_diagonal.data() == prepared.inverse_diagonal.data());
    CHECK(check_rhs(std::vector<double>(4, 0.0), 4) == 1.0);  // b = 0: ratios stay finite
}

TEST_CASE("the default right-hand side makes all ones the exact solution", "[system]") {
    const CsrMatrix a = test::poisson2d(3);
    const std::vector<double> b = rhs_for_ones_solution(a);
    // Corner rows have two neighbours, edge rows three, the centre four.
    CHECK(b == std::vector<double>{2, 1, 2, 1, 0, 1, 2, 1, 2});
}
