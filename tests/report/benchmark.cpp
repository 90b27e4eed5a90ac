// Timing several methods side by side: cases, medians, speedups, the traffic
// model and the machine-readable forms. Nothing here checks a speed.
#include "asor/detail/benchmark.hpp"
#include "asor/detail/compact_matrix.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "asor/detail/bandwidth.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/error.hpp"
#include "test_problems.hpp"

using namespace asor;
using Catch::Matchers::Contains;

namespace {

BenchmarkResult result_with_median(Method method, int threads, double median) {
    BenchmarkResult r;
    r.run = {method, threads};
    r.seconds = {median, median, median};
    return r;
}

std::size_t count_lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("summarize gives the median, minimum and maximum", "[benchmark]") {
    SECTION("odd count: the middle sample") {
        const Summary s = summarize({0.3, 0.1, 0.2});
        CHECK(s.median == 0.2);
        CHECK(s.min == 0.1);
        CHECK(s.max == 0.3);
    }
    SECTION("even count: the mean of the middle two") {
        CHECK(summarize({4.0, 1.0, 3.0, 2.0}).median == 2.5);
    }
    SECTION("no samples is a usage error") {
        REQUIRE_THROWS_WITH(summarize({}), Contains("no samples"));
    }
}

TEST_CASE("the CSR traffic model counts the bytes of one sweep", "[benchmark]") {
    // n = 10, nnz = 28: matrix 28 * 12 + 11 * 8 = 424 bytes.
    CHECK(sweep_bytes(TrafficModel::relaxation, 10, 28) == 424 + 4 * 10 * 8);
    CHECK(sweep_bytes(TrafficModel::jacobi, 10, 28) == 424 + 6 * 10 * 8);
    CHECK(sweep_bytes(TrafficModel::cg, 10, 28) == 424 + 19 * 10 * 8);
    SECTION("the 32 x 32 Poisson problem: about 100 kB a sweep") {
        CHECK(sweep_bytes(TrafficModel::relaxation, 1024, 4992) == 100872);
    }
    SECTION("each method's model") {
        for (Method m :
             {Method::async, Method::gs, Method::sor, Method::multicolor, Method::local}) {
            CHECK(traffic_model(m) == TrafficModel::relaxation);
        }
        CHECK(traffic_model(Method::jacobi) == TrafficModel::jacobi);
        CHECK(traffic_model(Method::cg) == TrafficModel::cg);
    }
}

TEST_CASE("benchmark cases run sequential methods once, on one thread", "[benchmark]") {
    const std::vector<Method> methods = {Method::gs, Method::async, Method::sor, Method::gs};
    const std::vector<int> threads = {1, 2, 2};
    const std::vector<BenchmarkCase> cases = benchmark_cases(methods, threads);
    const std::vector<BenchmarkCase> expected = {
        {Method::gs, 1}, {Method::async, 1}, {Method::async, 2}, {Method::sor, 1}};
    CHECK(cases == expected);
}

TEST_CASE("benchmark cases take each storage, cg only its own", "[benchmark]") {
    const std::vector<Method> methods = {Method::sor, Method::cg};
    const std::vector<int> threads = {1};
    const std::vector<Storage> storages = {Storage::double_precision, Storage::compact};
    const std::vector<BenchmarkCase> expected = {{Method::sor, 1, 0.0, Storage::double_precision},
                                                 {Method::sor, 1, 0.0, Storage::compact},
                                                 {Method::cg, 1, 0.0, Storage::automatic}};
    CHECK(benchmark_cases(methods, threads, storages) == expected);
}

TEST_CASE("a case's sweep bytes are those of the storage that ran", "[benchmark]") {
    const CsrMatrix a = test::poisson2d(20, 0.5);
    const std::vector<double> b = rhs_for_ones_solution(a);
    const std::vector<Method> methods = {Method::sor, Method::jacobi};
    const std::vector<Storage> storages = {Storage::double_precision, Storage::compact};
    BenchmarkOptions options;
    options.repeats = 1;
    options.solve.omega = 1.0;
    const auto r =
        run_benchmark(a, b, {}, benchmark_cases(methods, std::vector<int>{1}, storages), options);
    REQUIRE(r.size() == 4);
    const double n = a.rows;
    CHECK(r[0].storage == Storage::double_precision);
    CHECK(r[0].sweep_bytes == Approx(double_bytes_per_row(a) * n));
    CHECK(r[0].sweep_bytes ==
          Approx(static_cast<double>(sweep_bytes(TrafficModel::relaxation, a.rows, a.nnz()))));
    CHECK(r[1].storage == Storage::compact);
    CHECK(r[1].sweep_bytes < 0.7 * r[0].sweep_bytes);
    CHECK(r[3].sweep_bytes == Approx(r[1].sweep_bytes + 16.0 * n));  // jacobi: old x, new x
}

TEST_CASE("speedups are ratios of medians against gs and sor", "[benchmark]") {
    std::vector<BenchmarkResult> r = {result_with_median(Method::gs, 1, 2.0),
                                      result_with_median(Method::sor, 1, 1.0),
                                      result_with_median(Method::async, 2, 0.5)};
    SECTION("both baselines present") {
        compute_speedups(r);
        CHECK(r[0].speedup_vs_gs == 1.0);
        CHECK(r[0].speedup_vs_sor == 0.5);
        CHECK(r[2].speedup_vs_gs == 4.0);
        CHECK(r[2].speedup_vs_sor == 2.0);
    }
    SECTION("a baseline that did not run gives NaN") {
        r.erase(r.begin());
        compute_speedups(r);
        CHECK(std::isnan(r[1].speedup_vs_gs));
        CHECK(r[1].speedup_vs_sor == 2.0);
    }
    SECTION("a refused baseline gives NaN, and a refused case has none") {
        r[0].refusal = "refused";
        r[2].refusal = "refused";
        compute_speedups(r);
        CHECK(std::isnan(r[1].speedup_vs_gs));
        CHECK(std::isnan(r[2].speedup_vs_sor));
    }
}

TEST_CASE("run_benchmark times every case from the same start", "[benchmark]") {
    const CsrMatrix a = test::poisson2d(10);
    const std::vector<double> b = rhs_for_ones_solution(a);
    const std::vector<Method> methods = {Method::gs, Method::sor, Method::async};
    const std::vector<int> threads = {1, 2};
    const auto cases = benchmark_cases(methods, threads);
    BenchmarkOptions options;
    options.repeats = 3;
    options.solve.omega = 1.5;
    int runs = 0;
    // The cases alternate: the first repeat of each, then the second, ...
    options.on_run = [&](const BenchmarkCase& c, int repeat) {
        CHECK(repeat == runs / 4);
        CHECK(c == cases[runs % 4]);
        ++runs;
    };
    const auto results = run_benchmark(a, b, {}, cases, options);

    REQUIRE(results.size() == 4);
    CHECK(runs == 12);
    for (const BenchmarkResult& r : results) {
        CHECK_FALSE(r.refused());
        CHECK(r.converged);
        CHECK(r.relative_residual <= 1e-8);
        CHECK(r.seconds.min <= r.seconds.median);
        CHECK(r.seconds.median <= r.seconds.max);
        CHECK(r.bandwidth > 0.0);
        // The start, then the final recomputed residual.
        REQUIRE(r.history.size() >= 2);
        CHECK(r.history.front().seconds == 0.0);
        CHECK(r.history.front().residual == 1.0);
        CHECK(r.history.back().residual <= 1e-8);
    }
    CHECK(results[0].speedup_vs_gs == 1.0);
    CHECK(results[1].speedup_vs_sor == 1.0);
    SECTION("sequential bandwidth is the model's bytes times sweeps over the median") {
        const BenchmarkResult& gs = results[0];
        REQUIRE(a.nnz() == 460);
        CHECK(gs.sweep_bytes == 460 * 12 + 101 * 8 + 4 * 100 * 8);
        CHECK(gs.bandwidth == Approx(gs.sweep_bytes * gs.sweeps / gs.seconds.median));
    }
    SECTION("a start at the solution needs no sweep") {
        const std::vector<double> ones(100, 1.0);
        options.on_run = nullptr;
        const auto again = run_benchmark(a, b, ones, cases, options);
        for (const BenchmarkResult& r : again) CHECK(r.sweeps == 0.0);
    }
}

TEST_CASE("a method that refuses the matrix is reported, not fatal", "[benchmark]") {
    const CsrMatrix a = test::random_diagonally_dominant(50, 4, 2.0, 7);  // not symmetric
    const std::vector<double> b = rhs_for_ones_solution(a);
    const std::vector<Method> methods = {Method::cg, Method::sor};
    const std::vector<int> threads = {1};
    BenchmarkOptions options;
    options.repeats = 1;
    const auto results = run_benchmark(a, b, {}, benchmark_cases(methods, threads), options);
    REQUIRE(results.size() == 2);
    CHECK(results[0].refused());
    CHECK_THAT(results[0].refusal, Contains("symmetric"));
    CHECK_FALSE(results[0].converged);
    CHECK(results[1].converged);
    CHECK(std::isnan(results[1].speedup_vs_gs));

    SECTION("options out of range stop the whole run") {
        options.solve.omega = 2.5;
        REQUIRE_THROWS_AS(run_benchmark(a, b, {}, benchmark_cases(methods, threads), options),
                          Error);
    }
    SECTION("an initial guess of the wrong length is refused up front") {
        const std::vector<double> short_x0(3, 0.0);
        REQUIRE_THROWS_AS(run_benchmark(a, b, short_x0, benchmark_cases(methods, threads), options),
                          Error);
    }
}

TEST_CASE("CSV and JSON hold one row per case with every figure", "[benchmark]") {
    std::vector<BenchmarkResult> r = {result_with_median(Method::gs, 1, 2.0),
                                      result_with_median(Method::async, 2, 0.5),
                                      result_with_median(Method::cg, 2, 0.0)};
    r[1].bandwidth = 4e9;
    r[2].refusal = "matrix is not symmetric: \"a(1,2)\"";
    compute_speedups(r);
    const std::vector<ReadBandwidth> stream = {{2, 8e9}};
    CHECK(stream_fraction(r[1], stream) == 0.5);
    CHECK(std::isnan(stream_fraction(r[0], stream)));  // 1 thread not measured

    const std::string csv = benchmark_csv(r, stream);
    CHECK(count_lines(csv) == 4);
    CHECK_THAT(csv, Contains("method,threads,status,sweeps,sweeps_max,seconds_median"));
    CHECK_THAT(csv, Contains("\nasync,2,ok,"));
    CHECK_THAT(csv, Contains(",4,0.5,"));  // speedup vs gs, then stream fraction further on
    CHECK_THAT(csv, Contains("cg,2,refused,"));
    CHECK_THAT(csv, Contains("\"matrix is not symmetric: \"\"a(1,2)\"\"\""));

    const std::string json = benchmark_json(r, stream, {{"matrix", "A.mtx"}});
    for (const char* expected : {R"("matrix": "A.mtx")", R"("stream": [{"threads": 2, "gb_s": 8}])",
                                 R"("speedup_vs_gs": 4)", R"("stream_fraction": 0.5)",
                                 R"("status": "refused")", R"("speedup_vs_sor": null)"}) {
        CHECK_THAT(json, Contains(expected));
    }
}

TEST_CASE("read bandwidth is measured for each thread count asked", "[benchmark]") {
    const std::vector<int> threads = {1, 2};
    const auto measured = measure_read_bandwidth(threads, std::size_t{1} << 20, 1);
    REQUIRE(measured.size() == 2);
    CHECK(measured[0].threads == 1);
    CHECK(measured[1].threads == 2);
    CHECK(measured[0].bytes_per_second > 0.0);
    CHECK(default_stream_bytes() >= std::size_t{256} << 20);
    const std::vector<int> none = {0};
    REQUIRE_THROWS_AS(measure_read_bandwidth(none, std::size_t{1} << 20, 1), Error);
}
