#include "asor/solver.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <vector>

#include "asor/detail/linear_system.hpp"
#include "asor/detail/residual.hpp"
#include "asor/error.hpp"
#include "asor/lcp.hpp"
#include "asor/matrix_market.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

double true_residual(const CsrMatrix& a, const std::vector<double>& x,
                     const std::vector<double>& b) {
    return residual_norm(a, x, b, 1) / norm2(b);
}

// b = A * (k, k, ..., k): a family of right-hand sides with known solutions.
std::vector<double> rhs_for_constant(const CsrMatrix& a, double k) {
    std::vector<double> solution(static_cast<std::size_t>(a.rows), k);
    std::vector<double> b(solution.size());
    multiply(a, solution, b);
    return b;
}

// On the 64 x 64 Poisson grid (SPD) async at omega 1 needs some 8,000 sweeps
// to 1e-8, sequential SOR at Young's omega a few hundred: a sweep limit
// between the two fails async and not the fallback. (Async overshoots the
// limit by up to a monitor interval of sweeps, about 50 here.)
SolveOptions async_short_of_sweeps() {
    SolveOptions o;
    o.method = Method::async;
    o.threads = 2;
    o.stopping.max_sweeps = 1000;
    o.stopping.time_limit_seconds = 60.0;
    return o;
}

}  // namespace

TEST_CASE("a prepared solver solves several right-hand sides with one setup", "[solver][engine]") {
    const CsrMatrix a = test::poisson2d(16, 0.5);
    for (const Method method : {Method::sor, Method::async, Method::multicolor, Method::cg}) {
        INFO(to_string(method));
        SolveOptions o;
        o.method = method;
        o.omega = 1.3;
        o.threads = 2;
        o.stopping.max_sweeps = 1000000;
        o.stopping.time_limit_seconds = 60.0;
        Solver solver(a, o);
        CHECK(solver.setup_seconds() >= 0.0);
        for (const double k : {1.0, -2.0, 3.5}) {
            const std::vector<double> b = rhs_for_constant(a, k);
            std::vector<double> x(b.size(), 0.0);
            const SolveReport r = solver.solve(b, x);
            CHECK(r.converged);
            CHECK(r.relative_residual == Approx(true_residual(a, x, b)).epsilon(1e-10));
            CHECK(r.setup_seconds == solver.setup_seconds());  // reported apart, every time
            CHECK(std::abs(x[37] - k) < 1e-5 * std::abs(k));
        }
    }
}

TEST_CASE("a solver over a CsrView reads the caller's arrays in place", "[solver][engine]") {
    // Arrays held outside any CsrMatrix, as asor's Python module holds numpy's.
    const CsrMatrix source = test::poisson2d(12, 0.5);
    const std::vector<Offset> offsets = source.row_offsets;
    const std::vector<Index> columns = source.col_indices;
    std::vector<double> values = source.values;
    const CsrView view(source.rows, source.cols, offsets, columns, values);
    for (const Method method : {Method::gs, Method::async}) {
        INFO(to_string(method));
        SolveOptions options;
        options.method = method;
        options.threads = 2;
        options.storage = Storage::double_precision;
        options.stopping.tolerance = 1e-12;
        Solver solver(view, options);
        const CsrView seen = solver.matrix();
        CHECK(seen.row_offsets.data() == offsets.data());
        CHECK(seen.col_indices.data() == columns.data());
        CHECK(seen.values.data() == values.data());
        const std::vector<double> b = rhs_for_constant(source, 1.0);
        std::vector<double> x(b.size(), 0.0);
        REQUIRE(solver.solve(b, x).converged);
        // Halving the off-diagonal entries in the caller's array after the
        // setup (the diagonal, whose inverse the setup keeps, unchanged):
        // the next solve solves the changed system, as no copy of A exists.
        for (Index i = 0; i < source.rows; ++i) {
            for (Offset k = offsets[i]; k < offsets[i + 1]; ++k) {
                if (columns[k] != i) values[k] *= 0.5;
            }
        }
        std::fill(x.begin(), x.end(), 0.0);
        const SolveReport r = solver.solve(b, x);
        REQUIRE(r.converged);
        CHECK(residual_norm(view, x, b, 1) / norm2(b) <= 1e-12);
        CHECK(residual_norm(source, x, b, 1) / norm2(b) > 1e-3);
        values = source.values;
    }
}

TEST_CASE("solve() is a prepared solver used once", "[solver]") {
    const CsrMatrix a = test::poisson2d(12);
    const std::vector<double> b = rhs_for_ones_solution(a);
    SolveOptions o;
    o.method = Method::sor;
    o.omega = 1.6;
    std::vector<double> once(b.size(), 0.0), prepared(b.size(), 0.0);
    const SolveReport r1 = solve(a, b, once, o);
    Solver solver(a, o);
    const SolveReport r2 = solver.solve(b, prepared);
    CHECK(r1.sweeps == r2.sweeps);  // sequential SOR is deterministic
    CHECK(once == prepared);
}

TEST_CASE("the setup refuses bad options and an unfit matrix; each solve refuses a bad b or x",
          "[solver]") {
    const CsrMatrix a = test::poisson2d(3);
    SECTION("options out of range: usage") {
        SolveOptions o;
        o.omega = 2.0;
        REQUIRE_THROWS_AS(Solver(a, o), Error);
        try {
            Solver s(a, o);
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
        }
    }
    SECTION("a zero diagonal entry: input, at setup") {
        const CsrMatrix z = csr_from_triplets(2, 2, std::vector<Triplet>{{0, 0, 1.0}, {1, 0, 1.0}});
        REQUIRE_THROWS_WITH(Solver(z), Contains("row 2: diagonal entry is zero or missing"));
    }
    SECTION("cg takes no bounds; a non-symmetric matrix is refused by cg's setup") {
        SolveOptions o;
        o.method = Method::cg;
        const std::vector<double> zeros(9, 0.0);
        o.lower = zeros;
        REQUIRE_THROWS_WITH(Solver(a, o), Contains("cg does not take bounds"));
    }
    SECTION("a b or x of the wrong length: input, at the solve") {
        Solver solver(a);
        std::vector<double> x(9, 0.0);
        REQUIRE_THROWS_WITH(solver.solve(std::vector<double>(8, 1.0), x),
                            Contains("right-hand side has 8 entries (expected 9"));
        std::vector<double> short_x(4, 0.0);
        REQUIRE_THROWS_WITH(solver.solve(std::vector<double>(9, 1.0), short_x),
                            Contains("initial guess has 4 entries"));
    }
}

TEST_CASE("auto omega is estimated once, when the solver is prepared", "[solver]") {
    const CsrMatrix a = test::poisson2d(24);
    SolveOptions o;
    o.method = Method::sor;
    o.auto_omega = true;
    Solver solver(a, o);
    REQUIRE(solver.omega_choice().has_value());
    const double young = 2.0 / (1.0 + std::sin(M_PI / 25.0));  // rho(J) = cos(pi / 25)
    CHECK(solver.omega() == Approx(young).epsilon(1e-3));
    CHECK(solver.omega_choice()->seconds <= solver.setup_seconds());
    for (int k = 0; k < 2; ++k) {
        const std::vector<double> b = rhs_for_constant(a, 1.0 + k);
        std::vector<double> x(b.size(), 0.0);
        const SolveReport r = solver.solve(b, x);
        CHECK(r.converged);
        CHECK(r.omega == solver.omega());
        REQUIRE(r.omega_choice.has_value());
        CHECK(r.omega_choice->seconds == solver.omega_choice()->seconds);
    }
}

TEST_CASE("a failed async solve falls back to sequential SOR where A is SPD", "[solver][engine]") {
    const CsrMatrix a = test::poisson2d(64);
    const std::vector<double> b = rhs_for_ones_solution(a);
    SECTION("at the sweep limit: solved again by sor at Young's omega") {
        std::vector<double> x(b.size(), 0.0);
        const SolveReport r = solve(a, b, x, async_short_of_sweeps());
        REQUIRE(r.fallback.has_value());
        CHECK(r.fallback->used);
        CHECK(r.fallback->from == Method::async);
        CHECK(r.fallback->from_reason == StopReason::sweep_limit);
        CHECK(r.fallback->from_residual > 1e-8);
        CHECK_THAT(r.fallback->reason, Contains("symmetric positive definite"));
        CHECK(r.method == Method::sor);
        CHECK(r.omega == Approx(2.0 / (1.0 + std::sin(M_PI / 65.0))).epsilon(1e-3));
        CHECK(r.converged);
        CHECK(r.relative_residual == Approx(true_residual(a, x, b)).epsilon(1e-10));
        CHECK(r.initial_residual == 1.0);  // of x0, not of the failed attempt's x
        CHECK(r.seconds >= r.fallback->from_seconds);
    }
    SECTION("off: the failed attempt stands") {
        SolveOptions o = async_short_of_sweeps();
        o.fallback = false;
        std::vector<double> x(b.size(), 0.0);
        const SolveReport r = solve(a, b, x, o);
        CHECK_FALSE(r.fallback.has_value());
        CHECK(r.method == Method::async);
        CHECK(r.reason == StopReason::sweep_limit);
    }
    SECTION("other methods, and other stops, never fall back") {
        SolveOptions o = async_short_of_sweeps();
        o.method = Method::sor;
        o.omega = 1.0;
        std::vector<double> x(b.size(), 0.0);
        CHECK_FALSE(solve(a, b, x, o).fallback.has_value());
        o = async_short_of_sweeps();
        o.observer = [](const Progress&) { return ObserverAction::stop; };
        std::fill(x.begin(), x.end(), 0.0);
        const SolveReport stopped = solve(a, b, x, o);
        CHECK(stopped.reason == StopReason::observer_stop);
        CHECK_FALSE(stopped.fallback.has_value());
    }
}

TEST_CASE("where A is not SPD the fallback is not taken and the report says why", "[solver]") {
    SECTION("symmetric indefinite: async diverges") {
        // Eigenvalues 3 and -1: SOR diverges at any omega.
        const CsrMatrix a = csr_from_triplets(
            2, 2, std::vector<Triplet>{{0, 0, 1.0}, {0, 1, 2.0}, {1, 0, 2.0}, {1, 1, 1.0}});
        const std::vector<double> b = {1.0, 1.0};
        SolveOptions o;
        o.method = Method::async;
        o.omega = 1.9;  // diverges within a few thousand sweeps (1.5 may take millions)
        o.stopping.max_sweeps = 10000000;  // divergence, not a limit, must end it
        o.stopping.time_limit_seconds = 60.0;
        std::vector<double> x(2, 0.0);
        const SolveReport r = solve(a, b, x, o);
        CHECK(r.reason == StopReason::diverged);
        REQUIRE(r.fallback.has_value());
        CHECK_FALSE(r.fallback->used);
        CHECK_THAT(r.fallback->reason,
                   Contains("no fallback") && Contains("not positive definite") && Contains("try"));
    }
    SECTION("not symmetric") {
        // Diagonally dominant by rows, not symmetric: async converges below
        // some omega bound, and the reason says so.
        const CsrMatrix a = csr_from_triplets(
            2, 2, std::vector<Triplet>{{0, 0, 4.0}, {0, 1, 1.0}, {1, 0, 3.0}, {1, 1, 4.0}});
        const std::vector<double> b = {1.0, 1.0};
        SolveOptions o;
        o.method = Method::async;
        o.threads = 1;
        o.stopping.max_sweeps = 1;
        // Out of reach: the sweep limit stops it, even when the estimate
        // reaches 0 and keeps meeting every tightened target.
        o.stopping.tolerance = 1e-300;
        std::vector<double> x(2, 0.0);
        const SolveReport r = solve(a, b, x, o);
        REQUIRE(r.fallback.has_value());
        CHECK_FALSE(r.fallback->used);
        CHECK_THAT(r.fallback->reason, Contains("A is not symmetric") && Contains("try"));
    }
}

TEST_CASE("the default options converge on SuiteSparse 1138_bus through the fallback",
          "[solver][suitesparse]") {
    const std::filesystem::path file = std::filesystem::path(ASOR_SHARED_DATA) / "1138_bus.mtx";
    if (!std::filesystem::exists(file)) {
        WARN("skipped: " << file.string() << " is absent");
        return;
    }
    // async stagnates on it (residual about 3e-4 at the 10,000-sweep limit);
    // sequential SOR at Young's omega needs about 5,400 sweeps.
    const CsrMatrix a = read_matrix(file.string());
    const std::vector<double> b = rhs_for_ones_solution(a);
    SolveOptions o;
    o.threads = 2;
    std::vector<double> x(b.size(), 0.0);
    const SolveReport r = solve(a, b, x, o);
    INFO("async stopped at " << (r.fallback ? r.fallback->from_residual : 0.0));
    CHECK(r.converged);
    CHECK(r.relative_residual == Approx(true_residual(a, x, b)).epsilon(1e-10));
    if (r.fallback) CHECK(r.fallback->used);  // async alone may get there on a lucky run
}

TEST_CASE("a reordered solver takes and returns every vector in the caller's order",
          "[solver][reordering][engine]") {
    // A 20 x 20 grid renumbered at random: RCM applies a real permutation.
    const CsrMatrix a = test::shuffled(test::poisson2d(20, 0.5), 11);
    const auto n = static_cast<std::size_t>(a.rows);
    // A solution that is not constant, so that a misplaced entry shows.
    std::vector<double> solution(n);
    for (std::size_t i = 0; i < n; ++i) solution[i] = 1.0 + 0.01 * static_cast<double>(i % 37);
    std::vector<double> b(n);
    multiply(a, solution, b);
    const auto options = [](Method method, Reorder reorder) {
        SolveOptions o;
        o.method = method;
        o.omega = 1.3;
        o.threads = 2;
        o.reorder = reorder;
        o.fallback = false;
        o.stopping.tolerance = 1e-12;
        o.stopping.max_sweeps = 1000000;
        o.stopping.time_limit_seconds = 60.0;
        return o;
    };
    SECTION("sor and async: the same x as in the given order, the residual from A as given") {
        for (const Method method : {Method::sor, Method::async}) {
            INFO(to_string(method));
            Solver solver(a, options(method, Reorder::rcm));
            CHECK(solver.matrix().values.data() == a.values.data());
            CHECK(solver.reordering().applied);
            std::vector<double> x(n, 0.0), plain(n, 0.0);
            const SolveReport r = solver.solve(b, x);
            REQUIRE(r.converged);
            CHECK(r.reordering.applied);
            CHECK(r.reordering.after.mean_distance < r.reordering.before.mean_distance);
            CHECK(r.relative_residual == Approx(true_residual(a, x, b)).epsilon(1e-10));
            CHECK(solve(a, b, plain, options(method, Reorder::none)).converged);
            for (std::size_t i = 0; i < n; ++i) {
                CHECK(x[i] == Approx(plain[i]).epsilon(1e-9));
                CHECK(x[i] == Approx(solution[i]).epsilon(1e-9));
            }
        }
    }
    SECTION("x0 is read in the caller's order") {
        // Started from the solution, there is nothing to do.
        std::vector<double> x = solution;
        const SolveReport r = Solver(a, options(Method::sor, Reorder::rcm)).solve(b, x);
        CHECK(r.initial_residual < 1e-14);
        CHECK(r.sweeps == 0);
        CHECK(x == solution);
    }
    SECTION("bounds in the caller's order, and the LCP through them") {
        // Upper bounds that cut the solution off in some rows and not others.
        std::vector<double> lower(n, 0.0), upper(n);
        for (std::size_t i = 0; i < n; ++i) upper[i] = i % 3 == 0 ? 1.1 : 2.0;
        SolveOptions boxed = options(Method::async, Reorder::rcm);
        boxed.lower = lower;
        boxed.upper = upper;
        std::vector<double> x(n, 0.0), plain(n, 0.0);
        const SolveReport r = solve(a, b, x, boxed);
        REQUIRE(r.converged);
        CHECK(r.constrained);
        CHECK(r.constraints.bound_violation == 0.0);
        boxed.reorder = Reorder::none;
        REQUIRE(solve(a, b, plain, boxed).converged);
        int capped = 0;
        for (std::size_t i = 0; i < n; ++i) {
            CHECK(x[i] <= upper[i]);
            CHECK(x[i] == Approx(plain[i]).epsilon(1e-8));
            capped += x[i] == upper[i];
        }
        CHECK(capped > 0);
        std::vector<double> q(n), z(n, 0.0), z_plain(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) q[i] = i % 2 == 0 ? -1.0 : 0.5;
        const SolveReport lcp = solve_lcp(a, q, z, options(Method::sor, Reorder::rcm));
        REQUIRE(lcp.converged);
        REQUIRE(solve_lcp(a, q, z_plain, options(Method::sor, Reorder::none)).converged);
        for (std::size_t i = 0; i < n; ++i) CHECK(z[i] == Approx(z_plain[i]).margin(1e-10));
    }
    SECTION("several right-hand sides through one prepared solver") {
        Solver solver(a, options(Method::async, Reorder::rcm));
        for (const double k : {1.0, -2.0, 3.5}) {
            std::vector<double> bk(n), x(n, 0.0);
            for (std::size_t i = 0; i < n; ++i) bk[i] = k * b[i];
            const SolveReport r = solver.solve(bk, x);
            CHECK(r.converged);
            CHECK(r.relative_residual == Approx(true_residual(a, x, bk)).epsilon(1e-10));
            CHECK(x[123] == Approx(k * solution[123]).epsilon(1e-9));
        }
    }
    SECTION("snapshots see x in the caller's order") {
        // From the solution, with a tolerance out of reach: every snapshot
        // is the solution up to rounding, entry for entry.
        SolveOptions o = options(Method::async, Reorder::rcm);
        o.stopping.tolerance = 1e-300;
        o.stopping.max_sweeps = 1000000000;
        o.stopping.time_limit_seconds = 0.2;
        o.snapshot_interval_seconds = 0.01;
        int snapshots = 0;
        double farthest = 0.0;
        o.on_snapshot = [&](const Snapshot& s) {
            ++snapshots;
            for (std::size_t i = 0; i < n; ++i) {
                farthest = std::max(farthest, std::abs(s.x[i] - solution[i]));
            }
        };
        std::vector<double> x = solution;
        const SolveReport r = solve(a, b, x, o);
        CHECK(r.reason == StopReason::time_limit);
        CHECK(snapshots > 0);
        CHECK(farthest < 1e-9);
    }
    SECTION("errors name the caller's rows and entries") {
        std::vector<Triplet> t = {{0, 0, 1.0}, {1, 1, 1.0}, {2, 2, 0.0}, {0, 2, 1.0}, {2, 0, 1.0}};
        const CsrMatrix zero = csr_from_triplets(3, 3, t);
        REQUIRE_THROWS_WITH(Solver(zero, options(Method::sor, Reorder::rcm)),
                            Contains("row 3: diagonal entry is zero"));
        Solver solver(a, options(Method::sor, Reorder::rcm));
        std::vector<double> bad = b, x(n, 0.0);
        bad[41] = std::numeric_limits<double>::infinity();
        REQUIRE_THROWS_WITH(solver.solve(bad, x), Contains("right-hand side entry 42"));
    }
}

TEST_CASE("auto reorders only where RCM shrinks the spread, and the report says so",
          "[solver][reordering]") {
    SolveOptions o;
    o.method = Method::sor;
    o.omega = 1.5;
    o.reorder = Reorder::automatic;
    const CsrMatrix natural = test::poisson2d(24);
    const CsrMatrix lost = test::shuffled(natural, 12);
    for (const CsrMatrix* m : {&natural, &lost}) {
        const std::vector<double> b = rhs_for_constant(*m, 2.0);
        std::vector<double> x(b.size(), 0.0);
        const SolveReport r = solve(*m, b, x, o);
        CHECK(r.converged);
        CHECK(r.reordering.asked == Reorder::automatic);
        CHECK(r.reordering.applied == (m == &lost));
        CHECK(r.reordering.seconds <= r.setup_seconds);
        CHECK_THAT(r.reordering.rule, Contains("auto keeps it from"));
    }
    o.reorder = Reorder::none;
    std::vector<double> x(natural.rows, 0.0);
    const SolveReport none = solve(natural, rhs_for_constant(natural, 1.0), x, o);
    CHECK_FALSE(none.reordering.applied);
    CHECK(none.reordering.asked == Reorder::none);
}
