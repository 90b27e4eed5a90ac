// asor (internal): the workers of asynchronous SOR, apart from whoever
// decides when they stop (the monitor thread of async_sor.cpp on one
// process, the communication thread of each rank across MPI ranks).
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "iteration.hpp"

namespace asor::detail {

/// What a worker publishes for one block after each complete sweep of it.
/// One cache line each, so that a worker's stores never invalidate a line
/// another worker or the monitor is reading for a different block.
struct alignas(64) BlockSlot {
    std::atomic<double> residual_sq{0.0};
    std::atomic<std::uint64_t> sweeps{0};
    std::atomic<std::uint64_t> copies{0};   ///< the last copy asked for that is done
    std::atomic<double> copy_seconds{0.0};  ///< how long that copy took
};
static_assert(sizeof(BlockSlot) == 64);

/// A judge that runs on worker 0 between its sweeps, in place of a thread of
/// its own: where a sweep takes microseconds, a sleeping monitor thread's
/// wake-up can come milliseconds late when the workers hold every core.
class JudgeBetweenSweeps {
  public:
    /// Called by worker 0 after each pass over its blocks; raises
    /// AsyncShared::stop when the solve should end. Must not throw.
    virtual void after_sweep() noexcept = 0;

  protected:
    ~JudgeBetweenSweeps() = default;
};

/// Snapshots of x copied by the workers, each its own blocks, between two
/// sweeps: the only way to read the rows a worker sweeps with plain stores
/// (RowBlock::alone) while it sweeps. The monitor's side (request,
/// complete, seconds) runs on one thread at a time; copy_if_asked on the
/// block's worker.
class BlockCopies final : public IterateCopier {
  public:
    BlockCopies(std::vector<BlockSlot>& slots, std::span<const RowBlock> blocks)
        : slots_(slots), blocks_(blocks) {}
    void request(std::span<double> out) noexcept override;
    [[nodiscard]] bool complete() const noexcept override;
    [[nodiscard]] double seconds() const noexcept override;
    /// After a sweep of block `b`: copies its rows of x into the copy asked
    /// for, if it has not yet.
    void copy_if_asked(std::size_t b, double* x) noexcept;

  private:
    std::vector<BlockSlot>& slots_;
    std::span<const RowBlock> blocks_;
    std::atomic<std::uint64_t> requested_{0};
    double* out_ = nullptr;  ///< set before requested_ is raised (release)
};

/// What the workers of one round share with the thread that stops them.
struct AsyncShared {
    /// Slots start at the round's tallies, so that sweep counts go on across
    /// rounds.
    explicit AsyncShared(const IterationRound& round);
    std::vector<BlockSlot> slots;
    BlockCopies copies;
    std::vector<std::uint64_t> sweeps_at_round_start;
    std::atomic<bool> stop{false};
    /// Across MPI ranks: set before the workers start; the communication
    /// thread counts in halo_arrivals the polls that brought other ranks'
    /// values, and a worker that sweeps again and again on the same ones
    /// yields its core between sweeps (see run_worker).
    bool fed_by_halos = false;
    std::atomic<std::uint64_t> halo_arrivals{0};
    /// Set before the workers start when worker 0 itself judges the solve.
    JudgeBetweenSweeps* judge = nullptr;
};

/// Sweeps of the slowest block so far.
std::uint64_t slowest_block_sweeps(const AsyncShared& shared);

/// The latest estimates of all blocks, as a monitor sees them (relative to
/// round.system.rhs_norm); until every block has swept once in this round,
/// the round's starting residual instead. `fresh_estimate`, if given, says
/// which of the two it is.
Progress gather(const IterationRound& round, const AsyncShared& shared,
                bool* fresh_estimate = nullptr);

/// Runs round.blocks.size() OpenMP workers over round.x until `shared.stop`
/// is raised by another thread, then adds their sweeps, busy time and (fed
/// by halos) halo ages to round.tallies and their number to
/// round.threads_granted. Workers never wait for one another.
void run_async_workers(IterationRound& round, AsyncShared& shared);

}  // namespace asor::detail
