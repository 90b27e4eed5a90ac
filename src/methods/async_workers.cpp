// The workers of asynchronous SOR: each OpenMP worker sweeps its own row
// blocks again and again over the shared x, with no lock and no barrier
// between sweeps, until another thread raises the stop flag.
#include "async_workers.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

namespace asor::detail {

namespace {

// A worker this many sweeps ahead of the slowest block gives up its core
// after each sweep (see run_worker).
constexpr std::uint64_t kSweepsAheadBeforeYield = 2;

// Across ranks, a worker that swept this many times since other ranks'
// values last arrived yields its core after each further sweep.
constexpr std::uint64_t kSweepsOnTheSameHalosBeforeYield = 2;

// Rows between two looks at the stop flag inside a sweep, so that a large
// block does not delay a stop by a whole sweep.
constexpr Index kRowsBetweenStopChecks = 2048;

// Relaxes rows [first, end) of `block` once, looking at the stop flag every
// kRowsBetweenStopChecks rows; nothing if a stop was seen.
std::optional<double> sweep_range(const SweepData& data, double* x, const RowBlock& block,
                                  Index first, Index end, const std::atomic<bool>& stop) {
    double residual_sq = 0.0;
    for (Index row = first; row < end; row += kRowsBetweenStopChecks) {
        residual_sq += sweep_block_rows(data, x, row, std::min(end, row + kRowsBetweenStopChecks),
                                        block.alone);
        if (stop.load(std::memory_order_acquire)) return std::nullopt;
    }
    return residual_sq;
}

// Sweeps one block completely unless a stop is seen on the way; returns the
// block's squared residual estimate, or nothing if interrupted. With inner
// sweeps, the block is cut into sub-blocks of `inner_rows` rows, each
// relaxed `inner_sweeps` times in a row while its part of A is in cache:
// each byte fetched from memory then serves several updates (a two-stage
// method; Frommer and Szyld). The estimate is each sub-block's residual of
// its first inner sweep: the state before this visit, as without them.
std::optional<double> sweep_block(const SweepData& data, double* x, const RowBlock& block,
                                  int inner_sweeps, Index inner_rows,
                                  const std::atomic<bool>& stop) {
    if (inner_sweeps <= 1) return sweep_range(data, x, block, block.first_row, block.end_row, stop);
    double residual_sq = 0.0;
    for (Index first = block.first_row; first < block.end_row; first += inner_rows) {
        const Index end = std::min(block.end_row, first + inner_rows);
        for (int pass = 0; pass < inner_sweeps; ++pass) {
            const auto sub_block = sweep_range(data, x, block, first, end, stop);
            if (!sub_block) return std::nullopt;
            if (pass == 0) residual_sq += *sub_block;
        }
    }
    return residual_sq;
}

// With SolveOptions::inner_sweeps = 0, each block's count of inner sweeps
// follows the measured speed of convergence: a pass takes the block's
// estimate from one value to the next in some time, and the count moves one
// step at a time in the direction that raised the rate (e-folds of the
// estimate per second), turning back when the rate falls. The estimates
// are noisy (neighbours move too), so the count wanders by one around the
// best; the bound keeps a bad streak from going far.
class InnerSweepTuner {
  public:
    explicit InnerSweepTuner(int fixed) : adapt_(fixed == 0), count_(fixed == 0 ? 2 : fixed) {}
    [[nodiscard]] int count() const noexcept { return count_; }

    void record(double residual_sq, double seconds) {
        if (!adapt_) return;
        if (previous_sq_ > 0.0 && residual_sq > 0.0 && seconds > 0.0) {
            const double rate = 0.5 * std::log(previous_sq_ / residual_sq) / seconds;
            if (rate < previous_rate_) direction_ = -direction_;
            previous_rate_ = rate;
            count_ = std::clamp(count_ + direction_, 1, kMostInnerSweeps);
        }
        previous_sq_ = residual_sq;
    }

  private:
    static constexpr int kMostInnerSweeps = 8;
    bool adapt_;
    int count_;
    int direction_ = 1;
    double previous_sq_ = 0.0;
    double previous_rate_ = -std::numeric_limits<double>::infinity();
};

// How many sweeps a worker made since the halos last changed. With more
// threads than cores (ranks sharing cores), the communication thread or
// another rank that would bring new values may be waiting for this core.
class HaloStaleness {
  public:
    explicit HaloStaleness(const AsyncShared& shared) : shared_(shared) {}
    /// After a sweep: true when the worker should yield its core.
    bool swept() {
        if (!shared_.fed_by_halos) return false;
        const std::uint64_t arrivals = shared_.halo_arrivals.load(std::memory_order_relaxed);
        if (arrivals != seen_) {
            seen_ = arrivals;
            sweeps_ = 0;
        }
        return ++sweeps_ > kSweepsOnTheSameHalosBeforeYield;
    }
    /// After swept(): the halo age of the sweep just made, the sweeps this
    /// worker completed before it since it last saw new values arrive (0
    /// when some arrived during or just before it; 0 on one process).
    [[nodiscard]] std::uint64_t age() const noexcept { return sweeps_ > 0 ? sweeps_ - 1 : 0; }

  private:
    const AsyncShared& shared_;
    std::uint64_t seen_ = 0;
    std::uint64_t sweeps_ = 0;
};

// What a worker counts for one of its blocks while it sweeps, in a cache
// line of its own.
struct alignas(64) WorkerTally {
    double busy_seconds = 0.0;
    std::uint64_t halo_age_sum = 0;
};

// One worker: blocks worker, worker + team, ... (normally exactly one block;
// more only if OpenMP gave fewer threads than asked for). Sweeps until the
// monitor says stop (worker 0 may be the one that judges, between its
// sweeps: AsyncShared::judge): even the sweep limit is the monitor's call, judged on
// the slowest block, so that a worker whose partner is descheduled (more
// threads than cores) does not spend the whole budget on stale neighbours.
//
// A worker well ahead of the slowest block yields its core after each sweep:
// with more threads than cores, a lagging worker may be waiting for a core,
// and sweeping again over its frozen values is nearly useless. Yielding is no
// wait: the worker sweeps between yields and never depends on another
// thread to proceed, and with a core to itself the yield returns at once.
void run_worker(IterationRound& round, AsyncShared& shared, int worker, int team,
                std::vector<WorkerTally>& done) {
    const int blocks = static_cast<int>(shared.slots.size());
    double* x = round.x.data();
    std::vector<InnerSweepTuner> tuners(static_cast<std::size_t>(blocks),
                                        InnerSweepTuner(round.inner_sweeps));
    HaloStaleness halos(shared);
    while (!shared.stop.load(std::memory_order_acquire)) {
        for (int b = worker; b < blocks; b += team) {
            BlockSlot& slot = shared.slots[b];
            const auto start = Clock::now();
            const auto residual_sq = sweep_block(round.sweep, x, round.blocks[b], tuners[b].count(),
                                                 round.inner_rows, shared.stop);
            const double seconds = seconds_since(start);
            done[b].busy_seconds += seconds;
            if (!residual_sq) return;
            tuners[b].record(*residual_sq, seconds);
            slot.residual_sq.store(*residual_sq, std::memory_order_relaxed);
            const std::uint64_t sweeps = slot.sweeps.load(std::memory_order_relaxed) + 1;
            slot.sweeps.store(sweeps, std::memory_order_release);
            shared.copies.copy_if_asked(static_cast<std::size_t>(b), x);
            const bool yield = halos.swept();
            done[b].halo_age_sum += halos.age();
            if (sweeps > slowest_block_sweeps(shared) + kSweepsAheadBeforeYield || yield) {
                std::this_thread::yield();
            }
        }
        if (worker == 0 && shared.judge != nullptr) shared.judge->after_sweep();
    }
}

}  // namespace

void BlockCopies::request(std::span<double> out) noexcept {
    out_ = out.data();
    requested_.store(requested_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

bool BlockCopies::complete() const noexcept {
    const std::uint64_t asked = requested_.load(std::memory_order_relaxed);
    return std::all_of(slots_.begin(), slots_.end(), [asked](const BlockSlot& slot) {
        return slot.copies.load(std::memory_order_acquire) == asked;
    });
}

double BlockCopies::seconds() const noexcept {
    double longest = 0.0;
    for (const BlockSlot& slot : slots_) {
        longest = std::max(longest, slot.copy_seconds.load(std::memory_order_relaxed));
    }
    return longest;
}

void BlockCopies::copy_if_asked(std::size_t b, double* x) noexcept {
    BlockSlot& slot = slots_[b];
    const std::uint64_t asked = requested_.load(std::memory_order_acquire);
    if (asked == slot.copies.load(std::memory_order_relaxed)) return;
    const auto start = Clock::now();
    // Through atomics: other workers may be reading this block's boundary
    // rows; the rest only this thread writes.
    for (Index i = blocks_[b].first_row; i < blocks_[b].end_row; ++i) {
        out_[i] = std::atomic_ref<double>(x[i]).load(std::memory_order_relaxed);
    }
    slot.copy_seconds.store(seconds_since(start), std::memory_order_relaxed);
    slot.copies.store(asked, std::memory_order_release);
}

AsyncShared::AsyncShared(const IterationRound& round)
    : slots(round.blocks.size()),
      copies(slots, round.blocks),
      sweeps_at_round_start(round.blocks.size()) {
    for (std::size_t b = 0; b < slots.size(); ++b) {
        sweeps_at_round_start[b] = round.tallies[b].sweeps;
        slots[b].sweeps.store(round.tallies[b].sweeps, std::memory_order_relaxed);
    }
}

std::uint64_t slowest_block_sweeps(const AsyncShared& shared) {
    std::uint64_t slowest = UINT64_MAX;
    for (const BlockSlot& slot : shared.slots) {
        slowest = std::min(slowest, slot.sweeps.load(std::memory_order_relaxed));
    }
    return slowest;
}

Progress gather(const IterationRound& round, const AsyncShared& shared, bool* fresh_estimate) {
    Progress progress;
    progress.elapsed_seconds = seconds_since(round.start);
    progress.initial_residual = round.initial_residual;
    progress.sweeps_min = UINT64_MAX;
    double residual_sq = 0.0;
    bool every_block_published = true;
    for (std::size_t b = 0; b < shared.slots.size(); ++b) {
        const std::uint64_t sweeps = shared.slots[b].sweeps.load(std::memory_order_acquire);
        residual_sq += shared.slots[b].residual_sq.load(std::memory_order_relaxed);
        every_block_published = every_block_published && sweeps > shared.sweeps_at_round_start[b];
        progress.sweeps_min = std::min(progress.sweeps_min, sweeps);
        progress.sweeps_max = std::max(progress.sweeps_max, sweeps);
    }
    // Until every block has swept once in this round, some figures describe
    // an x from before the last verification: fall back on the true residual.
    if (fresh_estimate != nullptr) *fresh_estimate = every_block_published;
    progress.estimated_residual = every_block_published
                                      ? std::sqrt(residual_sq) / round.system.rhs_norm
                                      : round.round_start_residual;
    return progress;
}

void run_async_workers(IterationRound& round, AsyncShared& shared) {
    const std::size_t blocks = round.blocks.size();
    int granted = 1;
    // Written by the block's worker only; read after the parallel region.
    std::vector<WorkerTally> done(blocks);
#pragma omp parallel num_threads(static_cast <int>(blocks))
    {
#pragma omp single nowait
        granted = omp_get_num_threads();
        run_worker(round, shared, omp_get_thread_num(), omp_get_num_threads(), done);
    }
    for (std::size_t b = 0; b < blocks; ++b) {
        round.tallies[b].sweeps = shared.slots[b].sweeps.load(std::memory_order_relaxed);
        round.tallies[b].busy_seconds += done[b].busy_seconds;
        round.tallies[b].halo_age_sum += done[b].halo_age_sum;
    }
    round.threads_granted = std::max(round.threads_granted, granted);
}

}  // namespace asor::detail
