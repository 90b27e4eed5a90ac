// Stress test of the asynchronous engine: many async solves, each drawn from
// a seed, with every way a solve can end.
//
// Each case picks a problem (shifted 2D and 3D Poisson, anisotropic
// diffusion, random diagonally dominant, random SPD, dense hub rows, a
// 4-row matrix, SuiteSparse matrices when --suitesparse has them), 1 to
// --max-threads threads (on however few cores there are), an omega, a
// monitor interval, a tolerance, a start (zeros, random, or already the
// solution), and one ending:
//
//   converge        no interference: run to the tolerance
//   observer_stop   the observer returns stop at its k-th call
//   cancel          another thread raises the cancel flag after a random delay
//   cancel_early    the flag is raised before solve() is called
//   observer_throw  the observer throws at its k-th call
//   limit           a sweep limit of a few sweeps, or a time limit of a few ms
//
// What must hold; anything else is a failure reported with the case's seed:
//   1. every solve returns: a watchdog aborts the process, naming the case,
//      if one takes longer than --watchdog seconds (each has a time limit of
//      at most 20 s), and within 5 s of a cancel or an observer's stop;
//   2. the report's residual is ||b - A x|| / ||b|| recomputed here, by hand,
//      from the x returned; `converged` is that residual <= tol;
//   3. x is finite, whatever the outcome (a diverged solve keeps its last
//      finite iterate);
//   4. an observer stop, a cancel or a limit ends the solve with that
//      StopReason, unless the tolerance or another criterion came first; a
//      cancel raised before the call always ends it with `cancelled`;
//   5. the observer is never called by two threads at once, sees the time
//      and the sweep counts only grow, and an exception it throws comes out
//      of solve() unchanged;
//   6. strictly diagonally dominant problems, q = ||D^-1 (A - D)||_inf <= 0.99,
//      solved with omega < 2 / (1 + q) (where async SOR contracts in the max
//      norm, so it converges whatever the interleaving), converge when
//      nothing interferes: reason `converged`, before the 20 s time limit.
//
// Usage: asor_stress [--seconds S | --cases N] [--seed S] [--case SEED]
//                    [--max-threads T] [--watchdog S] [--time-scale F]
//                    [--suitesparse DIR] [--verbose]
// --seconds defaults to $STRESS_SECONDS, else 30; --seed to $STRESS_SEED,
// else a random one; the seed is printed. `--case SEED` runs one case again
// (same problem and parameters; the interleaving of threads differs).
// --time-scale (default $STRESS_TIME_SCALE, else 1) multiplies every time
// bound (time limits, the stop latency bound, the watchdog's default 60 s):
// e.g. 5 under ThreadSanitizer, 3 under AddressSanitizer.
// Exit status: 0 when every case passed, 1 when some failed, 2 for bad usage;
// a hang aborts (SIGABRT).
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "asor/detail/linear_system.hpp"
#include "asor/error.hpp"
#include "asor/generators.hpp"
#include "asor/matrix_market.hpp"
#include "asor/solve.hpp"

using namespace asor;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

// ---------------------------------------------------------------------------
// Problems

struct Problem {
    std::string name;
    CsrMatrix a;
    std::vector<double> b;
    /// ||D^-1 (A - D)||_inf: below 1, async SOR with omega in (0, 2 / (1 + q))
    /// contracts in the max norm by |1 - omega| + omega q per sweep of every
    /// row, whatever the interleaving, so it converges.
    double q = 0.0;
    bool solution_is_ones = false;  ///< b = A * ones
    /// Must converge: q < 1 by a margin, so that it does so within the time
    /// limit (orsirr_1, q = 0.9997, needs up to 20 s on 16 threads here).
    [[nodiscard]] bool guaranteed() const { return q <= 0.99; }
};

double jacobi_row_sum_bound(const CsrMatrix& a) {
    double q = 0.0;
    for (Index i = 0; i < a.rows; ++i) {
        double diagonal = 0.0, off = 0.0;
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            if (a.col_indices[k] == i) {
                diagonal = std::abs(a.values[k]);
            } else {
                off += std::abs(a.values[k]);
            }
        }
        q = std::max(q, off / diagonal);
    }
    return q;
}

Problem make_problem(std::string name, CsrMatrix a, std::vector<double> b = {}) {
    Problem p{std::move(name), std::move(a), std::move(b)};
    if (p.b.empty()) {
        p.b = rhs_for_ones_solution(p.a);
        p.solution_is_ones = true;
    }
    p.q = jacobi_row_sum_bound(p.a);
    return p;
}

Problem from_generator(const std::string& name, ProblemSpec spec) {
    return make_problem(name, generate_matrix(spec));
}

ProblemSpec spec(ProblemKind kind, std::int64_t size, double shift) {
    ProblemSpec s;
    s.kind = kind;
    s.size = size;
    s.shift = shift;
    return s;
}

/// The generated problems, then the SuiteSparse ones; `generated` is set to
/// how many are generated.
std::vector<Problem> build_problems(const fs::path& suitesparse, std::size_t& generated) {
    std::vector<Problem> problems;
    problems.push_back(
        from_generator("poisson2d 2x2 + 0.1 I", spec(ProblemKind::poisson2d, 2, 0.1)));
    problems.push_back(
        from_generator("poisson2d 16x16 + 0.5 I", spec(ProblemKind::poisson2d, 16, 0.5)));
    problems.push_back(
        from_generator("poisson2d 64x64 + 0.1 I", spec(ProblemKind::poisson2d, 64, 0.1)));
    problems.push_back(
        from_generator("poisson2d 150x150 + 0.05 I", spec(ProblemKind::poisson2d, 150, 0.05)));
    problems.push_back(
        from_generator("poisson2d 200x200 + I", spec(ProblemKind::poisson2d, 200, 1.0)));
    // Not diagonally dominant by a margin: slow; for the stops and limits.
    problems.push_back(from_generator("poisson2d 300x300", spec(ProblemKind::poisson2d, 300, 0.0)));
    problems.push_back(
        from_generator("poisson3d 20^3 + 0.3 I", spec(ProblemKind::poisson3d, 20, 0.3)));
    problems.push_back(
        from_generator("aniso2d 100x100 + 0.2 I", spec(ProblemKind::aniso2d, 100, 0.2)));
    ProblemSpec tight = spec(ProblemKind::diagdom, 1000, 0.0);
    tight.ratio = 1.1;
    tight.seed = 7;
    problems.push_back(from_generator("diagdom 1000 ratio 1.1", tight));
    ProblemSpec wide = spec(ProblemKind::diagdom, 30000, 0.0);
    wide.seed = 11;
    problems.push_back(from_generator("diagdom 30000 ratio 2", wide));
    problems.push_back(
        from_generator("randspd 5000 + 0.5 I", spec(ProblemKind::randspd, 5000, 0.5)));
    problems.push_back(
        from_generator("denserows 5000 + 0.5 I", spec(ProblemKind::denserows, 5000, 0.5)));

    generated = problems.size();
    if (!fs::is_directory(suitesparse)) return problems;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(suitesparse)) {
        const fs::path& path = entry.path();
        const std::string stem = path.stem().string();
        if (path.extension() == ".mtx" && !stem.ends_with("_b")) files.push_back(path);
    }
    std::sort(files.begin(), files.end());  // the same pool, hence the same cases, everywhere
    for (const fs::path& path : files) {
        try {
            CsrMatrix a = read_matrix(path.string());
            const fs::path b_file = path.parent_path() / (path.stem().string() + "_b.mtx");
            std::vector<double> b =
                fs::exists(b_file) ? read_vector(b_file.string()) : std::vector<double>{};
            Problem p = make_problem(path.filename().string(), std::move(a), std::move(b));
            (void)prepare_matrix(p.a, 1);  // only systems solve() accepts
            (void)check_rhs(p.b, p.a.rows);
            problems.push_back(std::move(p));
        } catch (const Error& e) {
            std::printf("  skipping %s: %s\n", path.filename().string().c_str(), e.what());
        }
    }
    return problems;
}

// ---------------------------------------------------------------------------
// Cases

enum class Ending { converge, observer_stop, cancel, cancel_early, observer_throw, limit };
constexpr const char* kEndingNames[] = {"converge",     "observer_stop",  "cancel",
                                        "cancel_early", "observer_throw", "limit"};
const char* name_of(Ending e) { return kEndingNames[static_cast<int>(e)]; }

enum class Start { zeros, random, solution };
constexpr const char* kStartNames[] = {"zeros", "random", "solution"};

struct Case {
    std::uint64_t seed = 0;
    std::size_t problem = 0;
    int threads = 1;
    double omega = 1.0;
    double monitor_interval = 1e-3;
    double tolerance = 1e-8;
    Start start = Start::zeros;  ///< solution: ones where b = A * ones, else zeros
    Ending ending = Ending::converge;
    bool watch_progress = false;  ///< converge: attach an observer that only checks
    int stop_at_call = 0;         ///< observer_stop, observer_throw
    double cancel_delay = 0.0;    ///< cancel, in seconds
    bool sweep_limit = false;     ///< limit: sweeps (else time)
    std::uint64_t max_sweeps = 0;
    double time_limit = 0.0;
};

/// Everything about a case follows from its seed (and the problem pool, whose
/// first `generated` problems are generated, the rest read from files).
Case draw_case(std::uint64_t seed, const std::vector<Problem>& problems, std::size_t generated,
               int max_threads) {
    std::mt19937_64 rng(seed);
    const auto uniform = [&](double lo, double hi) {
        return lo + (hi - lo) * std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    };
    const auto integer = [&](int lo, int hi) {
        return std::uniform_int_distribution<int>(lo, hi)(rng);
    };
    Case c;
    c.seed = seed;
    // Half the cases on generated problems, half on files (when there are any).
    const int files = static_cast<int>(problems.size() - generated);
    c.problem = files > 0 && integer(0, 1) == 1
                    ? generated + static_cast<std::size_t>(integer(0, files - 1))
                    : static_cast<std::size_t>(integer(0, static_cast<int>(generated) - 1));
    const Problem& p = problems[c.problem];
    c.threads = integer(1, max_threads);
    if (p.guaranteed()) {
        const double omega_max = 2.0 / (1.0 + p.q);
        c.omega = uniform(0.5, 1.0 + 0.95 * (std::min(omega_max, 1.95) - 1.0));
    } else {
        constexpr double omegas[] = {0.8, 1.0, 1.2, 1.5, 1.8};
        c.omega = omegas[integer(0, 4)];
    }
    c.monitor_interval = std::pow(10.0, uniform(-4.0, -1.7));  // 0.1 ms to 20 ms
    constexpr double tolerances[] = {1e-6, 1e-8, 1e-10, 1e-12};
    c.tolerance = tolerances[integer(0, 3)];
    const int start = integer(0, 19);
    c.start = start < 14 ? Start::zeros : start < 19 ? Start::random : Start::solution;
    const int ending = integer(0, 99);
    c.ending = ending < 35   ? Ending::converge
               : ending < 55 ? Ending::observer_stop
               : ending < 70 ? Ending::cancel
               : ending < 75 ? Ending::cancel_early
               : ending < 90 ? Ending::observer_throw
                             : Ending::limit;
    c.watch_progress = integer(0, 1) == 1;
    c.stop_at_call = integer(1, 40);
    c.cancel_delay = integer(0, 9) == 0 ? 0.0 : std::pow(10.0, uniform(-5.0, -1.0));
    c.sweep_limit = integer(0, 1) == 1;
    c.max_sweeps = static_cast<std::uint64_t>(integer(1, 50));
    c.time_limit = std::pow(10.0, uniform(-3.0, -1.3));  // 1 ms to 50 ms
    return c;
}

std::string describe(const Case& c, const std::vector<Problem>& problems) {
    char text[512];
    std::snprintf(text, sizeof text,
                  "case 0x%016llx: %s, %d threads, omega %.3f, monitor %.2g s, tol %g, "
                  "start %s, %s",
                  static_cast<unsigned long long>(c.seed), problems[c.problem].name.c_str(),
                  c.threads, c.omega, c.monitor_interval, c.tolerance,
                  kStartNames[static_cast<int>(c.start)], name_of(c.ending));
    std::string s = text;
    switch (c.ending) {
        case Ending::observer_stop:
        case Ending::observer_throw:
            s += " at call " + std::to_string(c.stop_at_call);
            break;
        case Ending::cancel:
            std::snprintf(text, sizeof text, " after %.3g s", c.cancel_delay);
            s += text;
            break;
        case Ending::limit:
            if (c.sweep_limit) {
                s += " of " + std::to_string(c.max_sweeps) + " sweeps";
            } else {
                std::snprintf(text, sizeof text, " of %.3g s", c.time_limit);
                s += text;
            }
            break;
        default:
            break;
    }
    return s;
}

// ---------------------------------------------------------------------------
// The watchdog: a thread asleep on a condition variable until a solve's
// deadline passes. It never wakes otherwise except to be re-armed.

class Watchdog {
  public:
    explicit Watchdog(double seconds)
        : limit_(
              std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds))),
          thread_([this] { watch(); }) {}
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;
    ~Watchdog() {
        {
            std::lock_guard lock(mutex_);
            quit_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

    void arm(std::string what) {
        {
            std::lock_guard lock(mutex_);
            what_ = std::move(what);
            deadline_ = Clock::now() + limit_;
            ++generation_;
        }
        wake_.notify_one();
    }
    void disarm() {
        {
            std::lock_guard lock(mutex_);
            deadline_.reset();
            ++generation_;
        }
        wake_.notify_one();
    }

  private:
    void watch() {
        std::unique_lock lock(mutex_);
        while (!quit_) {
            if (!deadline_) {
                wake_.wait(lock);
                continue;
            }
            const std::uint64_t generation = generation_;
            const Clock::time_point deadline = *deadline_;
            if (wake_.wait_until(lock, deadline,
                                 [&] { return quit_ || generation_ != generation; })) {
                continue;
            }
            std::fprintf(stderr,
                         "\nHANG: a solve did not return within %.0f s; aborting.\n  %s\n"
                         "  run it again with: asor_stress --case SEED (the case's seed above)\n",
                         std::chrono::duration<double>(limit_).count(), what_.c_str());
            std::fflush(stdout);
            std::fflush(stderr);
            std::abort();
        }
    }

    const Clock::duration limit_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool quit_ = false;
    std::optional<Clock::time_point> deadline_;
    std::uint64_t generation_ = 0;
    std::string what_;
    std::thread thread_;  // last: starts once the members above exist
};

// Raises a cancel flag after a delay unless told first that the solve is
// over; sleeps on a condition variable meanwhile.
class DelayedCancel {
  public:
    DelayedCancel(std::atomic<bool>& flag, double delay_seconds)
        : thread_([this, &flag, delay_seconds] {
              std::unique_lock lock(mutex_);
              if (wake_.wait_for(lock, std::chrono::duration<double>(delay_seconds),
                                 [this] { return done_; })) {
                  return;
              }
              raised_at_ = Clock::now();
              flag.store(true, std::memory_order_release);
          }) {}
    DelayedCancel(const DelayedCancel&) = delete;
    DelayedCancel& operator=(const DelayedCancel&) = delete;
    ~DelayedCancel() { finish(); }

    /// Returns when the flag was raised, if it was.
    std::optional<Clock::time_point> finish() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        wake_.notify_one();
        if (thread_.joinable()) thread_.join();
        return raised_at_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false;
    std::optional<Clock::time_point> raised_at_;
    std::thread thread_;  // last
};

// ---------------------------------------------------------------------------
// Running and checking one case

/// Thrown by the observer in observer_throw cases; solve() must rethrow it.
struct ObserverError {
    std::uint64_t seed;
};

/// What the observer saw, checked after solve() returns (the monitor thread
/// has been joined by then, so reading these is safe).
struct ObserverLog {
    std::atomic<int> inside{0};  ///< calls in progress: never more than 1
    int calls = 0;
    bool overlapped = false;
    bool went_back = false;   ///< time or sweeps decreased between calls
    bool bad_sweeps = false;  ///< sweeps_min > sweeps_max
    double last_elapsed = -1.0;
    std::uint64_t last_sweeps_min = 0;
    double initial_residual = -1.0;
    std::optional<Clock::time_point> stopped_at;  ///< when it returned stop or threw
    double last_estimate = -1.0;
};

/// ||b - A x||_2 / ||b||_2 computed sequentially, independently of asor's
/// own code, with a bound on the rounding error of any way of computing it.
struct Residual {
    double value = 0.0;
    /// Two computations that sum in different orders may differ by this
    /// much: 2 (k + 2) eps || |b| + |A| |x| ||_2 / ||b||_2, k the longest row
    /// (the classic bound on the error of a dot product, for each of them).
    double rounding = 0.0;
};

Residual true_residual(const CsrMatrix& a, const std::vector<double>& b,
                       const std::vector<double>& x) {
    double r2 = 0.0, b2 = 0.0, s2 = 0.0;
    Offset longest_row = 0;
    for (Index i = 0; i < a.rows; ++i) {
        double ax = 0.0, size = std::abs(b[static_cast<std::size_t>(i)]);
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            const double term = a.values[k] * x[static_cast<std::size_t>(a.col_indices[k])];
            ax += term;
            size += std::abs(term);
        }
        longest_row = std::max(longest_row, a.row_offsets[i + 1] - a.row_offsets[i]);
        const double r = b[static_cast<std::size_t>(i)] - ax;
        r2 += r * r;
        b2 += b[static_cast<std::size_t>(i)] * b[static_cast<std::size_t>(i)];
        s2 += size * size;
    }
    const double eps = std::numeric_limits<double>::epsilon();
    return {std::sqrt(r2) / std::sqrt(b2),
            2.0 * static_cast<double>(longest_row + 2) * eps * std::sqrt(s2) / std::sqrt(b2)};
}

struct Outcome {
    std::string label;  ///< the stop reason, or "rethrown"
    std::vector<std::string> failures;
    double seconds = 0.0;
    /// From raising the cancel flag, or the observer's stop or throw, to
    /// solve() returning; negative when there was none.
    double stop_latency = -1.0;
};

/// A stop must end the solve promptly: a monitor interval, the rest of a
/// worker's chunk of rows, one residual. This bound is loose, for loaded
/// machines; the summary prints the longest seen.
constexpr double kStopLatencyLimit = 5.0;

/// Time limits: provably convergent problems get time to converge; the
/// others may never converge and only need to stop.
constexpr double kTimeLimitGuaranteed = 20.0;
constexpr double kTimeLimitOthers = 0.5;

Outcome run_case(const Case& c, const std::vector<Problem>& problems, double time_scale,
                 Watchdog& watchdog, const std::string& description) {
    const Problem& p = problems[c.problem];
    Outcome out;
    const auto fail = [&](const std::string& what) { out.failures.push_back(what); };

    std::vector<double> x(static_cast<std::size_t>(p.a.rows), 0.0);
    std::mt19937_64 rng(c.seed ^ 0x9e3779b97f4a7c15ULL);
    if (c.start == Start::random) {
        std::uniform_real_distribution<double> value(-1.0, 1.0);
        for (double& v : x) v = value(rng);
    } else if (c.start == Start::solution && p.solution_is_ones) {
        // x = ones solves A x = A * ones up to rounding: no sweep is needed.
        std::fill(x.begin(), x.end(), 1.0);
    }

    SolveOptions options;
    options.method = Method::async;
    // The engine is under test: a fallback would hand a failed case to
    // sequential SOR (tests/methods/solver.cpp tests the fallback).
    options.fallback = false;
    options.omega = c.omega;
    options.threads = c.threads;
    options.monitor_interval_seconds = c.monitor_interval;
    options.stopping.tolerance = c.tolerance;
    options.stopping.max_sweeps = 10'000'000;
    options.stopping.time_limit_seconds =
        (p.guaranteed() ? kTimeLimitGuaranteed : kTimeLimitOthers) * time_scale;
    if (c.ending == Ending::limit) {
        if (c.sweep_limit) {
            options.stopping.max_sweeps = c.max_sweeps;
        } else {
            options.stopping.time_limit_seconds = c.time_limit;
        }
    }

    ObserverLog log;
    const bool stops = c.ending == Ending::observer_stop;
    const bool throws = c.ending == Ending::observer_throw;
    if (stops || throws || c.watch_progress) {
        options.observer = [&log, &c, stops, throws](const Progress& progress) {
            if (log.inside.fetch_add(1, std::memory_order_acq_rel) != 0) log.overlapped = true;
            ++log.calls;
            if (progress.elapsed_seconds < log.last_elapsed ||
                progress.sweeps_min < log.last_sweeps_min) {
                log.went_back = true;
            }
            if (progress.sweeps_min > progress.sweeps_max) log.bad_sweeps = true;
            log.last_elapsed = progress.elapsed_seconds;
            log.last_sweeps_min = progress.sweeps_min;
            log.last_estimate = progress.estimated_residual;
            log.initial_residual = progress.initial_residual;
            const bool now = (stops || throws) && log.calls == c.stop_at_call;
            if (now) log.stopped_at = Clock::now();
            log.inside.fetch_sub(1, std::memory_order_acq_rel);
            if (now && throws) throw ObserverError{c.seed};
            return now ? ObserverAction::stop : ObserverAction::proceed;
        };
    }
    std::atomic<bool> cancel{c.ending == Ending::cancel_early};
    if (c.ending == Ending::cancel || c.ending == Ending::cancel_early) options.cancel = &cancel;

    std::optional<DelayedCancel> canceller;
    if (c.ending == Ending::cancel) canceller.emplace(cancel, c.cancel_delay);
    std::optional<SolveReport> report;
    bool rethrown = false;
    watchdog.arm(description);
    const auto start = Clock::now();
    try {
        report = solve(p.a, p.b, x, options);
    } catch (const ObserverError& e) {
        rethrown = true;
        if (!throws || e.seed != c.seed)
            fail("an ObserverError came out of a case that threw none");
    } catch (const std::exception& e) {
        fail(std::string("solve() threw: ") + e.what());
    } catch (...) {
        fail("solve() threw something unknown");
    }
    const auto returned = Clock::now();
    watchdog.disarm();
    out.seconds = seconds_between(start, returned);
    std::optional<Clock::time_point> raised;
    if (canceller) raised = canceller->finish();
    if (raised) out.stop_latency = seconds_between(*raised, returned);
    if (log.stopped_at) out.stop_latency = seconds_between(*log.stopped_at, returned);
    if (out.stop_latency > kStopLatencyLimit * time_scale) {
        fail("solve() returned " + std::to_string(out.stop_latency) + " s after the stop");
    }

    // 5. The observer's view.
    if (log.overlapped) fail("the observer was called by two threads at once");
    if (log.went_back) fail("the observer saw the time or the slowest sweep count decrease");
    if (log.bad_sweeps) fail("the observer saw sweeps_min > sweeps_max");
    if (stops || throws) {
        if (log.calls > c.stop_at_call) {
            fail("the observer was called " + std::to_string(log.calls) +
                 " times after asking to stop at call " + std::to_string(c.stop_at_call));
        }
    }
    if (throws && log.calls == c.stop_at_call && !rethrown) {
        fail("the observer threw but solve() did not rethrow its exception");
    }

    // 3. x is finite.
    const bool x_finite =
        std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });

    if (rethrown) {
        out.label = "rethrown";
        // Nothing restores x after an exception: only where x cannot
        // overflow must it be finite.
        if (!x_finite && p.guaranteed()) fail("x is not finite after the observer's exception");
        return out;
    }
    if (!report) {
        out.label = "threw";
        return out;
    }
    const SolveReport& r = *report;
    out.label = std::string(to_string(r.reason));

    // 2. The report tells the truth about x.
    const Residual truth = true_residual(p.a, p.b, x);
    const double residual = truth.value;
    const double margin = truth.rounding + 1e-9 * residual;
    char text[256];
    if (std::isfinite(residual)) {
        if (!(std::abs(r.relative_residual - residual) <= margin)) {
            std::snprintf(text, sizeof text,
                          "reported residual %.17g, recomputed %.17g (rounding allows %.3g)",
                          r.relative_residual, residual, margin);
            fail(text);
        }
    } else if (std::isfinite(r.relative_residual)) {
        fail("x gives a non-finite residual but the report says " +
             std::to_string(r.relative_residual));
    }
    // Up to rounding, `converged` means residual <= tol.
    if (r.converged && !(residual <= c.tolerance + margin)) {
        std::snprintf(text, sizeof text,
                      "reported converged, but the true residual %.6e exceeds tol %g", residual,
                      c.tolerance);
        fail(text);
    }
    if (!r.converged && residual < c.tolerance - margin) {
        std::snprintf(text, sizeof text,
                      "reported not converged, but the true residual %.6e is below tol %g",
                      residual, c.tolerance);
        fail(text);
    }
    if (r.converged && r.reason == StopReason::diverged) fail("converged and diverged at once");
    if (!x_finite) fail("x is not finite after a solve that ended " + out.label);
    if (r.sweeps > r.sweeps_max) fail("report.sweeps > report.sweeps_max");
    if (r.threads < 1 || r.threads > c.threads) {
        fail("report.threads is " + std::to_string(r.threads));
    }
    if (log.calls > 0 && r.initial_residual > 0.0 &&
        std::abs(log.initial_residual - r.initial_residual) > 1e-12 * r.initial_residual) {
        fail("the observer and the report disagree on the initial residual");
    }

    // 4 and 6. The ending asked for is the ending got, unless the tolerance
    // (or, on problems without a guarantee, a limit or divergence) came first.
    const StopReason reason = r.reason;
    const bool converged_first = reason == StopReason::converged && r.converged;
    const bool other_criterion_first =
        !p.guaranteed() && (reason == StopReason::time_limit || reason == StopReason::sweep_limit ||
                            reason == StopReason::diverged);
    const auto expect = [&](StopReason wanted, bool also_allowed) {
        if (reason != wanted && !also_allowed) {
            fail("expected " + std::string(to_string(wanted)) + ", got " + out.label);
        }
    };
    switch (c.ending) {
        case Ending::converge:
            if (p.guaranteed()) {
                expect(StopReason::converged, false);
                if (!r.converged) fail("a provably convergent problem did not converge");
                // Converged, but only checked when the time limit stopped
                // the workers: the estimate never met its target.
                if (r.seconds >= options.stopping.time_limit_seconds) {
                    std::snprintf(text, sizeof text,
                                  "ran to the time limit (%.3f s): %d verifications, sweeps "
                                  "%llu to %llu, last estimate seen %.3e",
                                  r.seconds, r.verifications,
                                  static_cast<unsigned long long>(r.sweeps),
                                  static_cast<unsigned long long>(r.sweeps_max), log.last_estimate);
                    fail(text);
                }
            }
            break;
        case Ending::observer_stop:
            expect(StopReason::observer_stop, converged_first || other_criterion_first);
            if (reason == StopReason::observer_stop && log.calls != c.stop_at_call) {
                fail("observer_stop after " + std::to_string(log.calls) +
                     " observer calls, asked at call " + std::to_string(c.stop_at_call));
            }
            break;
        case Ending::observer_throw:
            // It returned normally, so the observer never reached its throw.
            if (log.calls >= c.stop_at_call) fail("solve() returned after the observer threw");
            if (!(converged_first || other_criterion_first)) {
                fail("no exception, and the solve ended " + out.label);
            }
            break;
        case Ending::cancel:
            expect(StopReason::cancelled, converged_first || other_criterion_first);
            if (reason == StopReason::cancelled && !raised) fail("cancelled without a cancel");
            break;
        case Ending::cancel_early:
            // Raised before the call: the first check sees it, unless x0
            // already met the tolerance (no check at all), or x overflowed
            // during the first monitor interval, which makes it diverged
            // (sherman5 at omega 1.5 does so within 16 ms).
            expect(StopReason::cancelled, (r.verifications == 0 && converged_first) ||
                                              (reason == StopReason::diverged && !p.guaranteed()));
            break;
        case Ending::limit:
            expect(c.sweep_limit ? StopReason::sweep_limit : StopReason::time_limit,
                   converged_first || reason == StopReason::diverged);
            break;
    }
    return out;
}

// ---------------------------------------------------------------------------
// The driver

struct Settings {
    double seconds = 30.0;
    long cases = 0;  ///< > 0: run this many cases instead of for `seconds`
    std::uint64_t seed = 0;
    std::optional<std::uint64_t> one_case;
    int max_threads = 16;
    double time_scale = 1.0;
    std::optional<double> watchdog;  ///< default: 60 s times time_scale
    fs::path suitesparse = ASOR_SHARED_DATA;
    bool verbose = false;
};

[[noreturn]] void usage(const char* message) {
    std::fprintf(stderr,
                 "asor_stress: %s\nusage: asor_stress [--seconds S | --cases N] [--seed S] "
                 "[--case SEED] [--max-threads T] [--watchdog S] [--time-scale F] "
                 "[--suitesparse DIR] "
                 "[--verbose]\n",
                 message);
    std::exit(2);
}

std::uint64_t parse_u64(const char* text) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0') usage("not a number");
    return v;
}

double parse_positive(const char* text) {
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    if (end == text || *end != '\0' || !(v > 0.0)) usage("not a positive number");
    return v;
}

Settings parse_settings(int argc, char** argv) {
    Settings s;
    if (const char* env = std::getenv("STRESS_SECONDS"); env != nullptr && *env != '\0') {
        s.seconds = parse_positive(env);
    }
    if (const char* env = std::getenv("STRESS_TIME_SCALE"); env != nullptr && *env != '\0') {
        s.time_scale = parse_positive(env);
    }
    if (const char* env = std::getenv("STRESS_SEED"); env != nullptr && *env != '\0') {
        s.seed = parse_u64(env);
    } else {
        s.seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^
                 std::random_device{}() ^
                 static_cast<std::uint64_t>(Clock::now().time_since_epoch().count());
    }
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> const char* {
            if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
            return argv[++i];
        };
        if (arg == "--seconds") {
            s.seconds = parse_positive(value());
        } else if (arg == "--cases") {
            s.cases = static_cast<long>(parse_u64(value()));
        } else if (arg == "--seed") {
            s.seed = parse_u64(value());
        } else if (arg == "--case") {
            s.one_case = parse_u64(value());
        } else if (arg == "--max-threads") {
            s.max_threads = static_cast<int>(parse_u64(value()));
            if (s.max_threads < 1 || s.max_threads > 256) usage("--max-threads: 1 to 256");
        } else if (arg == "--watchdog") {
            s.watchdog = parse_positive(value());
        } else if (arg == "--time-scale") {
            s.time_scale = parse_positive(value());
        } else if (arg == "--suitesparse") {
            s.suitesparse = value();
        } else if (arg == "--verbose") {
            s.verbose = true;
        } else {
            usage(("unknown argument " + arg).c_str());
        }
    }
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    const Settings settings = parse_settings(argc, argv);
    const double watchdog_seconds = settings.watchdog.value_or(60.0 * settings.time_scale);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    std::size_t generated = 0;
    const std::vector<Problem> problems = build_problems(settings.suitesparse, generated);
    const bool have_suitesparse = problems.size() > generated;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g s", settings.seconds);
    const std::string duration = settings.one_case ? "one case"
                                 : settings.cases  ? std::to_string(settings.cases) + " cases"
                                                   : seconds;
    std::printf("asor stress: seed 0x%016llx, %s, threads 1 to %d on %u cores, watchdog %.0f s\n",
                static_cast<unsigned long long>(settings.seed), duration.c_str(),
                settings.max_threads, std::thread::hardware_concurrency(), watchdog_seconds);
    std::printf(
        "problems: %zu generated, %zu read (%s)\n", generated, problems.size() - generated,
        have_suitesparse
            ? ("SuiteSparse from " + settings.suitesparse.string()).c_str()
            : ("SuiteSparse skipped: " + settings.suitesparse.string() + " is absent").c_str());

    if (settings.verbose) {
        for (const Problem& p : problems) {
            std::printf("  %-28s %7d rows, q = ||D^-1 (A - D)||_inf = %.6f\n", p.name.c_str(),
                        p.a.rows, p.q);
        }
    }
    Watchdog watchdog(watchdog_seconds);
    std::mt19937_64 seeds(settings.seed);
    std::map<std::string, std::map<std::string, long>> outcomes;  // ending -> label -> count
    std::vector<long> by_threads(static_cast<std::size_t>(settings.max_threads) + 1, 0);
    long cases = 0, failed = 0, guaranteed_runs = 0, guaranteed_converged = 0;
    double longest = 0.0, worst_latency = 0.0;
    std::string longest_case;
    const auto begin = Clock::now();
    auto next_report = begin + std::chrono::seconds(30);

    for (;;) {
        if (settings.one_case) {
            if (cases == 1) break;
        } else if (settings.cases > 0) {
            if (cases >= settings.cases) break;
        } else if (seconds_between(begin, Clock::now()) >= settings.seconds) {
            break;
        }
        const std::uint64_t case_seed = settings.one_case ? *settings.one_case : seeds();
        const Case c = draw_case(case_seed, problems, generated, settings.max_threads);
        const std::string description = describe(c, problems);
        if (settings.verbose) std::printf("%s ...", description.c_str());
        const Outcome out = run_case(c, problems, settings.time_scale, watchdog, description);
        ++cases;
        ++outcomes[name_of(c.ending)][out.label];
        ++by_threads[static_cast<std::size_t>(c.threads)];
        if (c.ending == Ending::converge && problems[c.problem].guaranteed()) {
            ++guaranteed_runs;
            if (out.label == "converged") ++guaranteed_converged;
        }
        if (out.seconds > longest) {
            longest = out.seconds;
            longest_case = description;
        }
        worst_latency = std::max(worst_latency, out.stop_latency);
        if (settings.verbose) std::printf(" %s in %.3f s\n", out.label.c_str(), out.seconds);
        if (!out.failures.empty()) {
            ++failed;
            std::printf("FAIL %s\n", description.c_str());
            for (const std::string& f : out.failures) std::printf("     %s\n", f.c_str());
        }
        if (!settings.verbose && Clock::now() >= next_report) {
            std::printf("  %ld cases, %ld failed, %.0f s\n", cases, failed,
                        seconds_between(begin, Clock::now()));
            next_report += std::chrono::seconds(30);
        }
    }

    const double total = seconds_between(begin, Clock::now());
    std::printf("\n%ld cases in %.1f s, seed 0x%016llx\n", cases, total,
                static_cast<unsigned long long>(settings.seed));
    for (const auto& [ending, labels] : outcomes) {
        long n = 0;
        for (const auto& [label, count] : labels) n += count;
        std::printf("  %-15s %5ld:", ending.c_str(), n);
        for (const auto& [label, count] : labels) std::printf(" %s %ld,", label.c_str(), count);
        std::printf("\n");
    }
    std::printf("  threads:");
    for (int t = 1; t <= settings.max_threads; ++t) {
        std::printf(" %d:%ld", t, by_threads[static_cast<std::size_t>(t)]);
    }
    std::printf("\n  provably convergent problems left to converge: %ld, converged: %ld\n",
                guaranteed_runs, guaranteed_converged);
    std::printf("  longest solve: %.3f s (%s)\n", longest, longest_case.c_str());
    std::printf("  longest from a cancel, an observer stop or throw to solve() returning: %.3f s\n",
                worst_latency);
    std::printf("%s: %ld of %ld cases failed\n", failed == 0 ? "PASS" : "FAIL", failed, cases);
    return failed == 0 ? 0 : 1;
}
