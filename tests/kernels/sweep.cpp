// The sweep kernel for several right-hand sides at once.
#include "asor/detail/sweep.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "asor/detail/compact_matrix.hpp"
#include "asor/detail/linear_system.hpp"
#include "test_problems.hpp"

using namespace asor;

namespace {

// k right-hand sides and starting guesses, column c at entries c, k + c, ...
struct Interleaved {
    std::vector<double> b, x;
};

Interleaved interleaved(Index n, int k) {
    Interleaved s{std::vector<double>(static_cast<std::size_t>(n) * k),
                  std::vector<double>(static_cast<std::size_t>(n) * k)};
    for (Index i = 0; i < n; ++i) {
        for (int c = 0; c < k; ++c) {
            s.b[static_cast<std::size_t>(i) * k + c] = std::sin(0.01 * i * (c + 1)) + c;
            s.x[static_cast<std::size_t>(i) * k + c] = 0.1 * c;
        }
    }
    return s;
}

std::vector<double> column(const std::vector<double>& v, int k, int c) {
    std::vector<double> out(v.size() / k);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = v[i * k + c];
    return out;
}

}  // namespace

TEST_CASE("a sweep of k right-hand sides is k sweeps of one, bit for bit", "[sweep]") {
    // A grid's interior chunks are stencil chunks in compact storage.
    const bool grid = GENERATE(false, true);
    const CsrMatrix a =
        grid ? test::poisson2d(80, 0.3) : test::random_diagonally_dominant(5000, 6, 1.4, 5);
    const PreparedMatrix prepared = prepare_matrix(a, 1);
    const CompactMatrix compact = make_compact_matrix(a, prepared.inverse_diagonal, 1);
    const int k = GENERATE(2, 3, 4);
    const bool use_compact = GENERATE(false, true);
    // Shared: every entry through std::atomic_ref; exclusive: plain memory,
    // the k columns of a row as one vector where k allows.
    const bool shared = GENERATE(true, false);
    CAPTURE(grid, k, use_compact, shared);
    if (grid && use_compact) REQUIRE(compact.stencil_share() > 0.5);
    Interleaved together = interleaved(a.rows, k);
    SweepData d{a.row_offsets.data(), a.col_indices.data(),
                a.values.data(),      prepared.inverse_diagonal.data(),
                together.b.data(),    1.3};
    if (use_compact) d.compact = &compact;
    SweepData many = d;
    many.columns = k;
    double residual_sq = 0.0;
    for (int sweep = 0; sweep < 3; ++sweep) {
        residual_sq = shared ? sweep_rows(many, SharedView{together.x.data()}, 0, a.rows)
                             : sweep_rows(many, ExclusiveView{together.x.data()}, 0, a.rows);
    }
    const Interleaved start = interleaved(a.rows, k);
    double summed = 0.0;
    for (int c = 0; c < k; ++c) {
        const std::vector<double> b = column(start.b, k, c);
        std::vector<double> x = column(start.x, k, c);
        SweepData one = d;
        one.rhs = b.data();
        double last = 0.0;
        for (int sweep = 0; sweep < 3; ++sweep) {
            last = sweep_rows(one, ExclusiveView{x.data()}, 0, a.rows);
        }
        summed += last;
        REQUIRE(x == column(together.x, k, c));
    }
    CHECK(residual_sq == Approx(summed).epsilon(1e-12));

    SECTION("and a list of rows, as multicolor relaxes a colour") {
        std::vector<Index> rows;
        for (Index i = a.rows - 1; i >= 0; i -= 2) rows.push_back(i);
        Interleaved listed = interleaved(a.rows, k);
        many.rhs = listed.b.data();
        (void)sweep_row_list(many, ExclusiveView{listed.x.data()}, rows.data(),
                             static_cast<Index>(rows.size()));
        for (int c = 0; c < k; ++c) {
            const std::vector<double> b = column(listed.b, k, c);
            std::vector<double> x = column(start.x, k, c);
            SweepData one = d;
            one.rhs = b.data();
            (void)sweep_row_list(one, ExclusiveView{x.data()}, rows.data(),
                                 static_cast<Index>(rows.size()));
            REQUIRE(x == column(listed.x, k, c));
        }
    }
}
