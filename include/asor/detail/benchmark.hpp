// asor: methods and thread counts timed against each other in one process.
//
// The CSR traffic model. A sweep is memory bound, so its speed is judged by
// the bytes it must move if every array is streamed from memory once and the
// gathered x_j hit the cache. With n rows and nnz non-zeros (8-byte values,
// 4-byte column indices, 8-byte row offsets), one sweep of an SOR-type method
// (async, gs, sor, multicolor, local) moves
//     nnz * (8 + 4) + (n + 1) * 8 + 4 * n * 8
// (values and column indices, row offsets, then b, the inverse diagonal, x
// read and x written). Jacobi also reads the old x and writes the new one:
// 2 * n * 8 more. One iteration of Eigen's Jacobi-preconditioned conjugate
// gradients moves one SpMV, nnz * (8 + 4) + (n + 1) * 8, plus its p read and
// q = A p written, plus 17 vector passes (p.q, the x and r updates, the
// preconditioner z = D^-1 r, the norms and dot products, p = z + beta p):
// 19 * n * 8 besides the matrix. Effective bandwidth is these bytes
// divided by the time per sweep (median seconds over median sweeps).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/detail/bandwidth.hpp"
#include "asor/detail/residual_plot.hpp"
#include "asor/report.hpp"
#include "asor/solve.hpp"

namespace asor {

/// Median, minimum and maximum of a set of samples (in the samples' unit).
struct Summary {
    double median = 0.0;
    double min = 0.0;
    double max = 0.0;
};

/// The median is the mean of the middle two for an even count. Throws
/// asor::Error (usage) for no samples. NaN samples give unspecified figures.
Summary summarize(std::vector<double> samples);

/// How a method moves memory in one sweep (one iteration for cg).
enum class TrafficModel { relaxation, jacobi, cg };

/// The model of `method`: jacobi and cg by name, every other method relaxes.
/// Never throws.
TrafficModel traffic_model(Method method);

/// Bytes one sweep (one cg iteration) moves under the CSR traffic model above,
/// for a matrix of `rows` rows and `nonzeros` stored entries. Never throws.
std::uint64_t sweep_bytes(TrafficModel model, Index rows, Offset nonzeros);

/// One method at one thread count.
struct BenchmarkCase {
    Method method = Method::async;
    int threads = 1;  ///< as SolveOptions::threads (0: OpenMP's default)
    /// > 0: this case's omega (from choose_omega, say) instead of
    /// BenchmarkOptions::solve.omega.
    double omega = 0.0;
    /// As SolveOptions::storage; the result says which ran.
    Storage storage = Storage::automatic;
    friend bool operator==(const BenchmarkCase&, const BenchmarkCase&) = default;
};

/// Every method with every thread count and storage, methods in the order
/// given, each once: methods that are not parallel (MethodTraits) only with
/// 1 thread, whatever the list says, and cg only with automatic storage (it
/// always reads A in double). Thread counts are not checked here
/// (run_benchmark's solve() does).
std::vector<BenchmarkCase> benchmark_cases(std::span<const Method> methods,
                                           std::span<const int> thread_counts,
                                           std::span<const Storage> storages = {});

/// What one case gave over its repeats.
struct BenchmarkResult {
    BenchmarkCase run;
    /// Empty unless solve() refused this case (asor::Error, input); then its message.
    std::string refusal;
    Summary seconds;               ///< wall time of each solve() call, in seconds
    double sweeps = 0.0;           ///< median of the reports' sweeps (iterations for cg)
    std::uint64_t sweeps_max = 0;  ///< the most sweeps any thread made, over the repeats
    /// Bytes of one sweep under the traffic model, with the bytes per row of
    /// the storage that ran (SolveReport::bytes_per_row) for the relaxation
    /// methods.
    double sweep_bytes = 0.0;
    Storage storage = Storage::double_precision;  ///< the storage that ran
    /// Bytes per second: sweep_bytes times the median rows relaxed per row
    /// (sweeps weighted by block sizes) over the median seconds.
    double bandwidth = 0.0;
    /// Median seconds of gs over this case's median seconds; NaN without gs.
    double speedup_vs_gs = std::numeric_limits<double>::quiet_NaN();
    double speedup_vs_sor = std::numeric_limits<double>::quiet_NaN();  ///< the same against sor
    /// The largest recomputed ||b - A x||_2 / ||b||_2 over the repeats.
    double relative_residual = 0.0;
    double omega = std::numeric_limits<double>::quiet_NaN();  ///< as solved (NaN for cg)
    bool converged = false;                                   ///< in every repeat
    StopReason reason = StopReason::converged;                ///< of the last repeat
    /// The last repeat: the start, the estimate at each observer call, the final
    /// true residual (seconds since the solve's start, relative residuals).
    std::vector<PlotPoint> history;

    [[nodiscard]] bool refused() const { return !refusal.empty(); }
};

/// How run_benchmark runs every case.
struct BenchmarkOptions {
    int repeats = 5;  ///< solves per case, >= 1
    /// Shared by every case (omega, stopping, monitor interval); method and
    /// threads are set per case. Its observer, if any, is called as well, from
    /// the thread solve() calls observers on.
    SolveOptions solve;
    /// Called before each run with the case and the repeat (0-based), e.g. to
    /// show progress, on the calling thread. Not inside the timed region; its
    /// exceptions propagate.
    std::function<void(const BenchmarkCase&, int repeat)> on_run;
};

/// Runs every case `repeats` times from x0 (empty: zeros) and fills every
/// figure, speedups included. The cases alternate: the first repeat of each
/// in the order given, then the second of each, and so on, so that a change
/// in the machine's load touches every case alike. Each case prepares one
/// Solver first (its setup, the omega estimate with auto_omega included,
/// is not timed) and solves every repeat with it, without the fallback
/// (each method is timed as it is). A case whose solve() throws
/// asor::Error (input), as cg does for a non-symmetric matrix, is marked
/// refused and the others go on; so is every case when `a` or `b` is unfit
/// (b of the wrong length, a zero diagonal entry: not checked up front).
/// Other errors (usage: options out of range) propagate, as do the
/// observer's and on_run's exceptions. Throws asor::Error (usage) for repeats
/// below 1, (input) for an x0 that check_initial_guess refuses. Runs one
/// solve at a time; as thread-safe as solve() with the methods given.
std::vector<BenchmarkResult> run_benchmark(CsrView a, std::span<const double> b,
                                           std::span<const double> x0,
                                           std::span<const BenchmarkCase> cases,
                                           const BenchmarkOptions& options);

/// Sets speedup_vs_gs and speedup_vs_sor of every result that is not refused
/// from the median seconds of the first gs and sor cases that are not (NaN
/// where that baseline is absent or refused). Never throws.
void compute_speedups(std::span<BenchmarkResult> results);

/// The result's bandwidth as a fraction of the read bandwidth measured at its
/// thread count; NaN when that was not measured or the case was refused.
/// Never throws.
double stream_fraction(const BenchmarkResult& result, std::span<const ReadBandwidth> stream);

/// Comma-separated values with a header line and one line per result:
/// method, threads, status (ok or refused), sweeps, sweeps_max, seconds
/// median, min and max, both speedups, sweep bytes, bandwidth in GB/s, its
/// stream fraction, relative residual, converged, reason, the refusal
/// message (quoted), omega and the storage that ran. Unknown figures (NaN, or infinite) are empty
/// fields. Throws nothing but std::bad_alloc.
std::string benchmark_csv(std::span<const BenchmarkResult> results,
                          std::span<const ReadBandwidth> stream = {});

/// The same figures as a JSON object: the `extra` string fields (input names,
/// say), "stream" (an array of threads and GB/s) and "results", one object
/// per result; ends with a newline. Unknown figures (NaN, or infinite) are
/// null. `extra` names are not checked against the others (a clash gives a
/// duplicate key). Throws nothing but std::bad_alloc.
std::string benchmark_json(std::span<const BenchmarkResult> results,
                           std::span<const ReadBandwidth> stream = {},
                           const ReportFields& extra = {});

}  // namespace asor
