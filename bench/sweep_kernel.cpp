// The sweep kernel alone against the machine's read bandwidth: the bytes per
// second a relaxation sweep moves when nothing else runs (no monitor, no
// verification, no thread start inside the timing), on shifted 2D Poisson
// problems from one that fits in a core's cache to one far beyond the
// last-level cache, in both storages, for 1 and 4 right-hand sides. Each
// thread sweeps its half of the rows again and again over the shared x, as
// async does. Where a problem that fits in cache runs no faster per row than
// one that streams from memory, the sweep is bound by the core (its
// dependency chain and instruction count), not by memory bandwidth. Each
// thread sweeps its block as async's workers do (sweep_block_rows): the rows
// it has alone with plain loads and stores, the rest through atomics.
// Configurations alternate repeat by repeat, after a run of the read
// kernel each repeat; figures are medians, and the share of the read
// bandwidth is the sweep's median against the read kernel's median.
//
// Usage: bench_sweep_kernel [sweeps=20] [repeats=5] [grids=100,300,1000,2000]
#include <omp.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "asor/detail/bandwidth.hpp"
#include "asor/detail/compact_matrix.hpp"
#include "asor/detail/sweep.hpp"
#include "asor/generators.hpp"
#include "bench_common.hpp"

using namespace asor;

namespace {

struct Problem {
    Index grid;
    CsrMatrix a;
    std::vector<double> inverse_diagonal;
    CompactMatrix compact;
    std::vector<double> rhs;  ///< 4 interleaved columns; 1 column uses its first n entries
    std::vector<double> x;
    // The blocks of 1 and 2 threads, and the rows each has alone.
    RowPartition one_block, two_blocks;
    std::vector<RowRange> alone_in_one, alone_in_two;
};

Problem make_problem(Index grid) {
    ProblemSpec spec;
    spec.kind = ProblemKind::poisson2d;
    spec.size = grid;
    spec.shift = 0.5;
    Problem p{grid, generate_matrix(spec), {}, {}, {}, {}, {}, {}, {}, {}};
    const auto n = static_cast<std::size_t>(p.a.rows);
    p.inverse_diagonal.resize(n);
    for (Index i = 0; i < p.a.rows; ++i) {
        for (Offset e = p.a.row_offsets[i]; e < p.a.row_offsets[i + 1]; ++e) {
            if (p.a.col_indices[e] == i) p.inverse_diagonal[i] = 1.0 / p.a.values[e];
        }
    }
    p.compact = make_compact_matrix(p.a, p.inverse_diagonal);
    p.rhs.assign(n * kMaxSweptColumns, 1.0);
    p.x.assign(n * kMaxSweptColumns, 0.0);
    p.one_block = RowPartition::balanced_by_nonzeros(p.a, 1);
    p.two_blocks = RowPartition::balanced_by_nonzeros(p.a, 2);
    p.alone_in_one = rows_of_the_block_alone(p.a, p.one_block);
    p.alone_in_two = rows_of_the_block_alone(p.a, p.two_blocks);
    return p;
}

struct Config {
    Problem* problem;
    bool compact;
    int columns;
    int threads;
    std::vector<double> seconds;

    [[nodiscard]] double bytes_per_row() const {
        const double matrix =
            compact ? compact_bytes_per_row(problem->compact) : double_bytes_per_row(problem->a);
        return matrix + (columns - 1) * 3.0 * sizeof(double);
    }
};

// `sweeps` sweeps of each thread's half, timed from the moment every thread
// has started to the moment the last one ends.
double time_sweeps(const Config& c, int sweeps) {
    Problem& p = *c.problem;
    SweepData data{p.a.row_offsets.data(),    p.a.col_indices.data(), p.a.values.data(),
                   p.inverse_diagonal.data(), p.rhs.data(),           1.2};
    if (c.compact) data.compact = &p.compact;
    data.columns = c.columns;
    std::fill(p.x.begin(), p.x.end(), 0.0);
    double seconds = 0.0;
#pragma omp parallel num_threads(c.threads)
    {
        const int t = omp_get_thread_num();
        const RowPartition& blocks = c.threads == 1 ? p.one_block : p.two_blocks;
        const Index first = blocks.first_row(t);
        const Index end = blocks.end_row(t);
        const RowRange alone = (c.threads == 1 ? p.alone_in_one : p.alone_in_two)[t];
        double sink = 0.0;
#pragma omp barrier
        const auto start = std::chrono::steady_clock::now();
        for (int s = 0; s < sweeps; ++s)
            sink += sweep_block_rows(data, p.x.data(), first, end, alone);
#pragma omp barrier
#pragma omp single
        seconds = bench::seconds_since(start);
        if (sink < 0.0) std::printf("impossible\n");  // keeps the sweeps' results live
    }
    return seconds;
}

std::vector<Index> parse_grids(const std::string& list) {
    std::vector<Index> grids;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');) grids.push_back(std::atoi(item.c_str()));
    return grids;
}

}  // namespace

int main(int argc, char** argv) {
    const int sweeps = argc > 1 ? std::atoi(argv[1]) : 20;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    const std::vector<Index> grids = parse_grids(argc > 3 ? argv[3] : "100,300,1000,2000");

    std::printf("machine: %s\n", bench::machine_description().c_str());
    const std::array<int, 2> thread_counts{1, 2};
    std::printf("shifted 2D Poisson, omega 1.2; %d sweeps a run, %d alternating repeats\n", sweeps,
                repeats);

    std::vector<Problem> problems;
    problems.reserve(grids.size());
    for (Index g : grids) problems.push_back(make_problem(g));
    std::vector<Config> configs;
    for (Problem& p : problems) {
        for (bool compact : {false, true}) {
            for (int columns : {1, 4}) {
                for (int threads : thread_counts)
                    configs.push_back({&p, compact, columns, threads, {}});
            }
        }
    }
    // The read bandwidth once a repeat, beside the sweeps, so that the share
    // compares the medians of runs made under the same conditions (the
    // host's bandwidth drifts by 10-20% within minutes).
    std::vector<double> stream_runs[2];
    for (int r = 0; r < repeats; ++r) {
        const std::vector<ReadBandwidth> now =
            measure_read_bandwidth(thread_counts, default_stream_bytes(), 1);
        for (std::size_t t = 0; t < 2; ++t) stream_runs[t].push_back(now[t].bytes_per_second);
        for (Config& c : configs) c.seconds.push_back(time_sweeps(c, sweeps));
    }
    double stream[2] = {};
    std::printf("read bandwidth, median of %d runs, one before each repeat (range):", repeats);
    for (std::size_t t = 0; t < 2; ++t) {
        const auto s = bench::summarize(stream_runs[t]);
        stream[t] = s.median;
        std::printf(" %d thread%s %.1f GB/s (%.1f-%.1f)%s", thread_counts[t], t > 0 ? "s" : "",
                    s.median / 1e9, s.min / 1e9, s.max / 1e9, t == 0 ? "," : "\n");
    }
    std::printf("%9s  %8s  %7s  %7s  %9s  %10s  %8s  %10s  %9s\n", "rows", "storage", "columns",
                "threads", "bytes/row", "ns/row", "GB/s", "of stream", "range");
    for (const Config& c : configs) {
        const auto s = bench::summarize(c.seconds);
        const double row_sweeps = static_cast<double>(c.problem->a.rows) * sweeps;
        const double gbps = c.bytes_per_row() * row_sweeps / s.median / 1e9;
        const double share = gbps * 1e9 / stream[c.threads == 1 ? 0 : 1];
        std::printf("%9d  %8s  %7d  %7d  %9.1f  %10.2f  %8.1f  %9.0f%%  %4.2f-%4.2f\n",
                    c.problem->a.rows, c.compact ? "compact" : "double", c.columns, c.threads,
                    c.bytes_per_row(), s.median / row_sweeps * 1e9, gbps, 100.0 * share,
                    s.min / s.median, s.max / s.median);
    }
    return 0;
}
