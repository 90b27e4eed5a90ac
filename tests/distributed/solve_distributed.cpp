// solve_distributed on every rank of MPI_COMM_WORLD, checked against the
// one-process solve; each rank's answer is checked where it lands (rank 0),
// and every residual recomputed from x and A, never taken from the report.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include "asor/csr_matrix.hpp"
#include "asor/detail/compact_matrix.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/detail/residual.hpp"
#include "asor/distributed.hpp"
#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "asor/solve.hpp"
#include "test_problems.hpp"

using namespace asor;

namespace {

// The rank and size as the launcher gave them (main's MpiSession started
// MPI): Open MPI's mpirun or MPICH's mpiexec.
int from_launcher(const char* open_mpi, const char* mpich, int otherwise) {
    for (const char* name : {open_mpi, mpich}) {
        if (const char* value = std::getenv(name)) return std::atoi(value);
    }
    return otherwise;
}
int world_rank() { return from_launcher("OMPI_COMM_WORLD_RANK", "PMI_RANK", 0); }
int world_size() { return from_launcher("OMPI_COMM_WORLD_SIZE", "PMI_SIZE", 1); }

// Input files are written by rank 0, in the test's own working directory;
// only rank 0 reads them, inside solve_distributed.
void write_on_root(const std::string& path, const std::string& text) {
    if (world_rank() == 0) std::ofstream(path) << text;
}

SolveOptions options_for(double tolerance) {
    SolveOptions o;
    o.threads = 1;
    o.omega = 1.5;
    o.stopping.tolerance = tolerance;
    o.stopping.max_sweeps = 10000000;
    o.stopping.time_limit_seconds = 60.0;
    return o;
}

}  // namespace

TEST_CASE("solve_distributed matches the one-process solve of a 2D Poisson problem", "[mpi]") {
    const CsrMatrix a = test::poisson2d(30, 0.1);
    if (world_rank() == 0) write_matrix("poisson.mtx", a);
    const std::vector<double> b = rhs_for_ones_solution(a);
    // Every rank reads the file after rank 0 wrote it: the library's first
    // collective step (rank 0 reads) orders this.
    const DistributedSolution s = solve_distributed("poisson.mtx", "", options_for(1e-10));
    REQUIRE(s.ranks == world_size());
    REQUIRE(s.report.converged);
    REQUIRE(s.report.reason == StopReason::converged);
    REQUIRE(s.report.rows == a.rows);
    REQUIRE(s.row_bounds.size() == static_cast<std::size_t>(s.ranks) + 1);
    if (world_rank() != 0) {
        REQUIRE(s.x.empty());
        return;
    }
    REQUIRE(s.x.size() == static_cast<std::size_t>(a.rows));
    const double recomputed = residual_norm(a, s.x, b) / norm2(b);
    REQUIRE(recomputed <= 1e-10);
    REQUIRE(std::abs(recomputed - s.report.relative_residual) <= 1e-3 * recomputed + 1e-16);
    std::vector<double> x(a.rows, 0.0);
    REQUIRE(solve(a, b, x, options_for(1e-10)).converged);
    REQUIRE(test::max_difference(x, s.x) < 1e-7);
}

// Two workers a rank: they share the rank's x, ghosts included, with each
// other and with the communication thread (what ThreadSanitizer, make
// test-tsan, checks; the other cases run one worker a rank).
TEST_CASE("two workers a rank sweep beside the communication thread", "[mpi]") {
    const CsrMatrix a = test::poisson2d(30, 0.1);
    if (world_rank() == 0) write_matrix("two_workers.mtx", a);
    for (const Method method : {Method::async, Method::local}) {
        SolveOptions o = options_for(1e-10);
        o.method = method;
        o.threads = 2;
        const DistributedSolution s = solve_distributed("two_workers.mtx", "", o);
        REQUIRE(s.report.converged);
        REQUIRE(s.report.threads == 2);
        REQUIRE(s.report.blocks == 2);
        if (world_rank() != 0) continue;
        const std::vector<double> b = rhs_for_ones_solution(a);
        REQUIRE(residual_norm(a, s.x, b) / norm2(b) <= 1e-10);
    }
}

TEST_CASE("local across ranks, the synchronous baseline, matches the one-process solve", "[mpi]") {
    const CsrMatrix a = test::poisson2d(20, 0.1);
    if (world_rank() == 0) write_matrix("local.mtx", a);
    SolveOptions o = options_for(1e-10);
    o.method = Method::local;
    const DistributedSolution s = solve_distributed("local.mtx", "", o);
    REQUIRE(s.report.converged);
    REQUIRE(s.report.method == Method::local);
    REQUIRE(s.report.sweeps == s.report.sweeps_max);  // every rank sweeps in step
    if (world_rank() != 0) return;
    const std::vector<double> b = rhs_for_ones_solution(a);
    REQUIRE(residual_norm(a, s.x, b) / norm2(b) <= 1e-10);
    std::vector<double> x(a.rows, 0.0);
    REQUIRE(solve(a, b, x, options_for(1e-10)).converged);
    REQUIRE(test::max_difference(x, s.x) < 1e-7);
}

TEST_CASE("solve_distributed reads b from a file", "[mpi]") {
    const CsrMatrix a = test::poisson2d(12);
    std::vector<double> b(a.rows);
    for (Index i = 0; i < a.rows; ++i) b[i] = 1.0 + 0.01 * i;
    if (world_rank() == 0) {
        write_matrix("small.mtx", a);
        write_vector("small_b.mtx", b);
    }
    const DistributedSolution s = solve_distributed("small.mtx", "small_b.mtx", options_for(1e-9));
    REQUIRE(s.report.converged);
    if (world_rank() == 0) REQUIRE(residual_norm(a, s.x, b) / norm2(b) <= 1e-9);
}

TEST_CASE("bad input is the same asor::Error on every rank", "[mpi]") {
    write_on_root("bad.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 1\n1 1 x\n");
    try {
        (void)solve_distributed("bad.mtx", "", options_for(1e-8));
        FAIL("no error");
    } catch (const Error& e) {
        REQUIRE(e.kind() == ErrorKind::input);
        REQUIRE(std::string(e.what()).rfind("bad.mtx:3:", 0) == 0);
    }
    REQUIRE_THROWS_AS(solve_distributed("no_such_file.mtx", "", options_for(1e-8)), Error);
}

TEST_CASE("a zero diagonal entry is an input error on every rank", "[mpi]") {
    write_on_root("zero_diagonal.mtx",
                  "%%MatrixMarket matrix coordinate real general\n4 4 3\n1 1 2\n2 2 2\n3 3 2\n");
    REQUIRE_THROWS_AS(solve_distributed("zero_diagonal.mtx", "", options_for(1e-8)), Error);
}

TEST_CASE("fewer rows than ranks is an input error on every rank", "[mpi]") {
    write_on_root("one_row.mtx", "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 2\n");
    if (world_size() == 1) {
        REQUIRE(solve_distributed("one_row.mtx", "", options_for(1e-8)).report.converged);
    } else {
        REQUIRE_THROWS_WITH(solve_distributed("one_row.mtx", "", options_for(1e-8)),
                            Catch::Contains("at least one row per rank"));
    }
}

TEST_CASE("the sweep limit stops every rank after the same reduction", "[mpi]") {
    if (world_rank() == 0) write_matrix("limit.mtx", test::poisson2d(30));
    SolveOptions o = options_for(1e-12);
    o.stopping.max_sweeps = 5;
    const DistributedSolution s = solve_distributed("limit.mtx", "", o);
    REQUIRE(!s.report.converged);
    REQUIRE(s.report.reason == StopReason::sweep_limit);
    REQUIRE(s.report.sweeps >= 5);
}

TEST_CASE("omega is capped across ranks", "[mpi]") {
    if (world_rank() == 0) write_matrix("capped.mtx", test::poisson2d(8));
    SolveOptions o = options_for(1e-8);
    o.omega = 1.95;
    const DistributedSolution s = solve_distributed("capped.mtx", "", o);
    REQUIRE(s.report.omega == (world_size() > 1 ? kMostOmegaAcrossRanks : 1.95));
}

TEST_CASE("options the distributed engine does not take are refused on every rank", "[mpi]") {
    SolveOptions o = options_for(1e-8);
    o.method = Method::gs;
    REQUIRE_THROWS_AS(solve_distributed("capped.mtx", "", o), Error);
    o = options_for(1e-8);
    o.omega = 2.5;
    REQUIRE_THROWS_AS(solve_distributed("capped.mtx", "", o), Error);
    for (const double timeout : {0.0, -1.0, std::nan("")}) {
        DistributedOptions d;
        d.rank_timeout_seconds = timeout;
        REQUIRE_THROWS_WITH(solve_distributed("capped.mtx", "", options_for(1e-8), d),
                            Catch::Contains("rank timeout"));
    }
}

TEST_CASE("a short rank timeout raises no false alarm while every rank is alive", "[mpi]") {
    if (world_rank() == 0) write_matrix("alive.mtx", test::poisson2d(40, 0.1));
    for (const Method method : {Method::async, Method::local}) {
        SolveOptions o = options_for(1e-10);
        o.method = method;
        DistributedOptions d;
        d.rank_timeout_seconds = 0.5;
        REQUIRE(solve_distributed("alive.mtx", "", o, d).report.converged);
    }
}

TEST_CASE("every rank's statistics are gathered on rank 0 and add up", "[mpi]") {
    if (world_rank() == 0) write_matrix("stats.mtx", test::poisson2d(30, 0.1));
    for (const Method method : {Method::async, Method::local}) {
        SolveOptions o = options_for(1e-10);
        o.method = method;
        const DistributedSolution s = solve_distributed("stats.mtx", "", o);
        REQUIRE(s.report.converged);
        if (world_rank() != 0) {
            REQUIRE(s.rank_stats.empty());
            continue;
        }
        REQUIRE(s.rank_stats.size() == static_cast<std::size_t>(s.ranks));
        std::uint64_t sent = 0, received = 0, sweeps_min = UINT64_MAX, sweeps_max = 0;
        for (std::size_t r = 0; r < s.rank_stats.size(); ++r) {
            const RankStats& rank = s.rank_stats[r];
            REQUIRE(rank.first_row == s.row_bounds[r]);
            REQUIRE(rank.end_row == s.row_bounds[r + 1]);
            sent += rank.messages_sent;
            received += rank.messages_received;
            // Every halo message of this problem carries one grid line of
            // 30 values (a neighbour's first or last rows).
            REQUIRE(rank.bytes_sent == rank.messages_sent * 30 * sizeof(double));
            REQUIRE(rank.thread_stats.size() == rank.thread_halo_age.size());
            Index rows = 0;
            for (std::size_t t = 0; t < rank.thread_stats.size(); ++t) {
                const ThreadStats& thread = rank.thread_stats[t];
                rows += thread.rows;
                REQUIRE(thread.first_row >= rank.first_row);
                REQUIRE(thread.end_row <= rank.end_row);
                REQUIRE(thread.busy_seconds > 0.0);
                sweeps_min = std::min(sweeps_min, thread.sweeps);
                sweeps_max = std::max(sweeps_max, thread.sweeps);
                REQUIRE(rank.thread_halo_age[t] >= 0.0);
                if (method == Method::local) REQUIRE(rank.thread_halo_age[t] == 0.0);
            }
            REQUIRE(rows == rank.end_row - rank.first_row);
            if (s.ranks > 1) {
                REQUIRE(rank.messages_sent > 0);
                REQUIRE(rank.messages_received > 0);
            }
        }
        // The last verification drained every message: all that was sent
        // was received, and the report's total is the ranks' sum.
        REQUIRE(sent == received);
        REQUIRE(sent == s.halo_messages);
        REQUIRE(sweeps_min == s.report.sweeps);
        REQUIRE(sweeps_max == s.report.sweeps_max);
        if (method == Method::local && s.ranks > 1) {
            // One exchange per sweep and per verification with each neighbour.
            const std::uint64_t pairs = 2 * static_cast<std::uint64_t>(s.ranks - 1);
            REQUIRE(sent == pairs * (s.report.sweeps + s.report.verifications));
        }
    }
}

TEST_CASE("snapshots across ranks hand rank 0 the whole x while the solve goes on", "[mpi]") {
    const CsrMatrix a = test::poisson2d(50, 0.02);  // long enough for a few snapshots
    if (world_rank() == 0) write_matrix("snapshots.mtx", a);
    const std::vector<double> b = rhs_for_ones_solution(a);
    for (const Method method : {Method::async, Method::local}) {
        SolveOptions o = options_for(1e-10);
        o.method = method;
        o.snapshot_interval_seconds = 1e-4;
        int calls = 0;
        std::uint64_t last_sweeps = 0;
        bool whole_and_finite = true;
        o.on_snapshot = [&](const Snapshot& s) {
            ++calls;
            whole_and_finite = whole_and_finite && s.x.size() == static_cast<std::size_t>(a.rows);
            for (const double v : s.x) whole_and_finite = whole_and_finite && std::isfinite(v);
            // Sweeps only grow from one snapshot to the next.
            whole_and_finite = whole_and_finite && s.progress.sweeps_min >= last_sweeps;
            last_sweeps = s.progress.sweeps_min;
        };
        const DistributedSolution s = solve_distributed("snapshots.mtx", "", o);
        REQUIRE(s.report.converged);
        if (world_rank() != 0) {
            REQUIRE(calls == 0);  // rank 0's alone
            continue;
        }
        REQUIRE(calls >= 1);
        REQUIRE(whole_and_finite);
        REQUIRE(last_sweeps <= s.report.sweeps);
        REQUIRE(residual_norm(a, s.x, b) / norm2(b) <= 1e-10);
    }
}

TEST_CASE("solve_distributed starts from x0 read by rank 0", "[mpi]") {
    const CsrMatrix a = test::poisson2d(20, 0.1);
    if (world_rank() == 0) {
        write_matrix("x0.mtx", a);
        write_vector("ones.mtx", std::vector<double>(a.rows, 1.0));
        write_vector("short_x0.mtx", std::vector<double>(5, 1.0));
    }
    DistributedOptions d;
    d.x0_path = "ones.mtx";  // the solution of b = A * ones
    Index rows_seen = -1;
    d.on_root_input = [&](const CsrMatrix& m) { rows_seen = m.rows; };
    const DistributedSolution s = solve_distributed("x0.mtx", "", options_for(1e-10), d);
    REQUIRE(s.report.converged);
    REQUIRE(s.report.initial_residual < 1e-14);
    REQUIRE(s.report.sweeps == 0);
    REQUIRE(rows_seen == (world_rank() == 0 ? a.rows : -1));
    if (world_rank() == 0)
        REQUIRE(test::max_difference(s.x, std::vector<double>(a.rows, 1.0)) == 0.0);

    d.x0_path = "short_x0.mtx";
    REQUIRE_THROWS_WITH(solve_distributed("x0.mtx", "", options_for(1e-10), d),
                        Catch::Contains("short_x0.mtx: initial guess has 5 entries (expected 400"));
    d.x0_path.clear();
    d.on_root_input = [](const CsrMatrix&) { throw Error(ErrorKind::input, "refused on rank 0"); };
    REQUIRE_THROWS_WITH(solve_distributed("x0.mtx", "", options_for(1e-10), d),
                        Catch::Equals("refused on rank 0"));
}

namespace {

SolveOptions compact_options(double tolerance) {
    SolveOptions o = options_for(tolerance);
    o.storage = Storage::compact;
    o.omega = 1.1;
    return o;
}

// The checks every compact solve across ranks passes: the one-process
// answer, and the true residual recomputed on rank 0.
void check_like_one_process(const CsrMatrix& a, const DistributedSolution& s,
                            const SolveOptions& o) {
    REQUIRE(s.report.converged);
    REQUIRE(s.report.storage == Storage::compact);
    if (world_rank() != 0) return;
    const std::vector<double> b = rhs_for_ones_solution(a);
    const double recomputed = residual_norm(a, s.x, b) / norm2(b);
    REQUIRE(recomputed <= o.stopping.tolerance);
    REQUIRE(std::abs(recomputed - s.report.relative_residual) <= 1e-3 * recomputed + 1e-16);
    std::vector<double> x(a.rows, 0.0);
    SolveOptions one = o;
    one.method = Method::sor;
    const SolveReport r = solve(a, b, x, one);
    REQUIRE(r.storage == Storage::compact);
    REQUIRE(test::max_difference(x, s.x) < 1e-7);
    if (world_size() == 1) REQUIRE(s.report.bytes_per_row == Approx(r.bytes_per_row));
}

}  // namespace

TEST_CASE("compact storage across ranks refines to the double tolerance", "[mpi][storage]") {
    const auto check = [](const CsrMatrix& a, const std::string& path, double tolerance) {
        if (world_rank() == 0) write_matrix(path, a);
        const SolveOptions o = compact_options(tolerance);
        const DistributedSolution s = solve_distributed(path, "", o);
        check_like_one_process(a, s, o);
        // None of these values is exact in float32: the rounded system's
        // answer misses the tolerance until each rank corrects its b.
        REQUIRE(s.report.refinements >= 1);
        REQUIRE_FALSE(s.report.storage_fell_back);
        REQUIRE(s.report.bytes_per_row < double_bytes_per_row(a));
        REQUIRE(s.report.bytes_per_row > 0.0);
    };
    // Grid stencils: each rank's rows next to a ghost take 32-bit columns.
    SECTION("2D Poisson") { check(test::poisson2d(30, 0.1), "compact_poisson.mtx", 1e-11); }
    // Columns anywhere: many ghosts, most chunks wide.
    SECTION("random") {
        check(test::random_diagonally_dominant(3000, 6, 1.5, 11), "compact_random.mtx", 1e-12);
    }
}

TEST_CASE("compact storage across ranks gives way to double when refinement stops paying",
          "[mpi][storage]") {
    // One block per rank of the matrix of tests/methods/storage.cpp (lower
    // triangular, a coupling float32 cannot hold), no coupling between
    // blocks: the rank's sweeps are Gauss-Seidel on its block, solved in
    // one sweep, but a correction does not reduce the true residual.
    const double c = 1e8 / 3.0;
    const Index per_block = 4;
    const Index n = per_block * world_size();
    std::vector<Triplet> t;
    for (Index first = 0; first < n; first += per_block) {
        for (Index i = first; i < first + per_block; ++i) {
            t.push_back({i, i, 1.0});
            for (Index j = first; j < i; ++j) t.push_back({i, j, c});
        }
    }
    const CsrMatrix a = csr_from_triplets(n, n, t);
    if (world_rank() == 0) write_matrix("gives_way.mtx", a);
    SolveOptions o = compact_options(1e-14);
    o.omega = 1.0;
    const DistributedSolution s = solve_distributed("gives_way.mtx", "", o);
    REQUIRE(s.report.converged);
    REQUIRE(s.report.refinements == 1);
    REQUIRE(s.report.storage_fell_back);
    if (world_rank() == 0) {
        const std::vector<double> b = rhs_for_ones_solution(a);
        REQUIRE(residual_norm(a, s.x, b) / norm2(b) <= 1e-14);
    }
}

TEST_CASE("storage across ranks is decided on all of A, as on one process", "[mpi][storage]") {
    const CsrMatrix a = test::poisson2d(12, 0.1);
    if (world_rank() == 0) write_matrix("auto.mtx", a);
    SECTION("auto keeps a matrix that fits in cache in double") {
        SolveOptions o = options_for(1e-10);
        REQUIRE(o.storage == Storage::automatic);
        const DistributedSolution s = solve_distributed("auto.mtx", "", o);
        REQUIRE(s.report.converged);
        REQUIRE(s.report.storage == Storage::double_precision);
        REQUIRE(s.report.refinements == 0);
        // The row offsets of each rank's first row apart, double's bytes.
        REQUIRE(s.report.bytes_per_row == Approx(double_bytes_per_row(a)).epsilon(0.01));
    }
    SECTION("compact refuses entries float32 cannot hold, on every rank") {
        write_on_root("tiny.mtx",
                      "%%MatrixMarket matrix coordinate real general\n"
                      "4 4 5\n1 1 2\n2 2 2\n3 3 2\n4 4 2\n4 1 1e-40\n");
        REQUIRE_THROWS_WITH(solve_distributed("tiny.mtx", "", compact_options(1e-8)),
                            Catch::Equals("tiny.mtx: compact storage: entry (4, 1) 1e-40 is "
                                          "below float32's smallest normal number"));
        // auto: double, as for any matrix this small.
        SolveOptions o = options_for(1e-8);
        const DistributedSolution s = solve_distributed("tiny.mtx", "", o);
        REQUIRE(s.report.storage == Storage::double_precision);
    }
}
