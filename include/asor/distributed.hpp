// asor: one system solved by several processes (MPI ranks), each running
// asynchronous SOR on its block of rows.
//
// Built when CMake finds MPI (option ASOR_MPI, on by default then); the
// header says so with ASOR_HAS_MPI = 1. Without it, MpiSession is still
// there, for one process. mpi.h is never included here: a program that
// uses asor needs no MPI headers of its own.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "asor/error.hpp"
#include "asor/solve.hpp"

#ifndef ASOR_HAS_MPI
#define ASOR_HAS_MPI 0
#endif

namespace asor {

/// MPI for the lifetime of the object, when this process was started by
/// Open MPI's mpirun (OMPI_COMM_WORLD_SIZE is set in its environment) or
/// MPICH's mpiexec (PMI_SIZE):
/// MPI_Init_thread asking for MPI_THREAD_SERIALIZED (one thread at a time
/// calls MPI: the solving thread, or each rank's communication thread while
/// the workers sweep), MPI_Finalize on destruction. Otherwise a session of
/// one rank that calls nothing of MPI, so that a program runs without
/// mpirun exactly as without MPI. At most one per process, created before
/// any other thread calls MPI. Throws asor::Error (usage) when MPI grants
/// less than MPI_THREAD_SERIALIZED, when MPI sees another number of ranks
/// than the launcher started (a build against the other MPI), and when
/// started by mpirun with more than one rank in a build without MPI.
class MpiSession {
  public:
    MpiSession(int* argc, char*** argv);
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;

    /// This process's rank in MPI_COMM_WORLD (0 without MPI).
    [[nodiscard]] int rank() const noexcept { return rank_; }
    /// Ranks in MPI_COMM_WORLD (1 without MPI).
    [[nodiscard]] int ranks() const noexcept { return ranks_; }
    /// True when this session called MPI_Init_thread.
    [[nodiscard]] bool started() const noexcept { return started_; }

    /// Collective with more than one rank: runs `step` on rank 0 only, and
    /// if it throws asor::Error there, throws the same error (kind and
    /// message) on every rank; otherwise returns on every rank. For checks
    /// that only rank 0 can make (the files it will write). With one rank,
    /// just runs `step`.
    void on_root_collectively(const std::function<void()>& step) const;

    /// Collective with more than one rank: the largest `value` over the
    /// ranks, returned on every rank (e.g. the signal that interrupted a
    /// solve, which may have reached some ranks only). With one rank,
    /// `value`. Waits for the others without spinning.
    [[nodiscard]] int largest_over_ranks(int value) const;

    /// Called on every rank, with more than one: starts the heartbeats that show
    /// every rank alive (a ring: each rank watched by the one after it, four
    /// heartbeats per timeout) for the rest of the session, so that every
    /// later wait on other ranks (on_root_collectively, largest_over_ranks,
    /// wait_for_every_rank and all of solve_distributed's, the setup's
    /// included) throws RankSilentError on the rank that noticed another
    /// send none for `timeout_seconds` while it waited, instead of waiting
    /// forever. solve_distributed then uses this timeout, not
    /// DistributedOptions::rank_timeout_seconds. Call it right after the
    /// session started, on every rank: a rank that starts it more than the
    /// timeout after its watcher is taken for silent. In a build with MPI,
    /// throws asor::Error (usage) unless `timeout_seconds` > 0. Does nothing
    /// with one rank, or the second time.
    void watch_ranks(double timeout_seconds);
    /// The timeout of watch_ranks, 0 while the ranks are not watched.
    [[nodiscard]] double rank_timeout_seconds() const noexcept { return rank_timeout_seconds_; }

    /// Collective with more than one rank: returns once every rank called
    /// it (a barrier), waiting without spinning; watched as above, throwing
    /// RankSilentError. Before finalize(), so that every rank is known to
    /// be alive when MPI_Finalize starts.
    void wait_for_every_rank() const;

    /// MPI_Finalize now rather than on destruction (which then does
    /// nothing); the heartbeats stop first. MPI_Finalize waits for every
    /// rank inside the MPI runtime, unwatched: a rank stopped since the
    /// last watched wait (or a RankSilentError caught and not followed by
    /// abort_all_ranks) leaves it waiting forever. A caller that must not
    /// hang runs it under a timer of its own, as the CLI does.
    void finalize();

    /// Ends every rank's process with `exit_code` (MPI_Abort), for an error
    /// that only some ranks met and that would leave the others waiting in
    /// a collective call forever; std::exit without MPI. With MPI it
    /// flushes the C streams and waits 0.1 s first, so that the launcher
    /// forwards what the rank wrote before it ends the job. Only on
    /// request: the library never ends a process on its own.
    [[noreturn]] void abort_all_ranks(int exit_code) const;

  private:
    int rank_ = 0;
    int ranks_ = 1;
    bool started_ = false;
    double rank_timeout_seconds_ = 0.0;
};

/// Thrown by solve_distributed on the rank that noticed another rank fall
/// silent: no heartbeat from it for DistributedOptions::rank_timeout_seconds
/// (its process stopped, e.g. by SIGSTOP, or hung, or cut off from the
/// network). Unlike the other errors of solve_distributed it is thrown on
/// that one rank only, while the others still wait for the silent rank: the
/// caller should end the job with MpiSession::abort_all_ranks (the CLI exits
/// 4). kind() is io (a peer, like a file, that cannot be read); what() names
/// the silent rank.
class RankSilentError : public Error {
  public:
    RankSilentError(int silent_rank, int ranks, double silent_seconds)
        : Error(ErrorKind::io, "rank " + std::to_string(silent_rank) + " of " +
                                   std::to_string(ranks) + " sent no heartbeat for " +
                                   seconds_text(silent_seconds) +
                                   " s: stopped, hung or cut off from the others"),
          silent_rank_(silent_rank),
          silent_seconds_(silent_seconds) {}

    /// The rank that fell silent (in MPI_COMM_WORLD).
    [[nodiscard]] int silent_rank() const noexcept { return silent_rank_; }
    /// Seconds since its last heartbeat arrived, when it was noticed.
    [[nodiscard]] double silent_seconds() const noexcept { return silent_seconds_; }

  private:
    static std::string seconds_text(double seconds) {
        char text[32];
        std::snprintf(text, sizeof text, "%.1f", seconds);
        return text;
    }
    int silent_rank_;
    double silent_seconds_;
};

/// The largest omega used across ranks: between ranks the coupling is that
/// of block Jacobi, and with 4 ranks the prototype's 2D Poisson problem
/// diverged at 1.95 and 1.976, even synchronously, and converged at 1.9
/// (docs/mpi.md). solve_distributed caps SolveOptions::omega at this value
/// when there is more than one rank.
inline constexpr double kMostOmegaAcrossRanks = 1.9;

/// One rank's share of the work and of the traffic, in
/// DistributedSolution::rank_stats.
struct RankStats {
    Index first_row = 0;  ///< the rank's rows: [first_row, end_row)
    Index end_row = 0;
    /// Halo messages the rank sent: by its communication thread (async), in
    /// every sweep (local) and in the verifications; heartbeats are not
    /// counted. bytes_sent is their payload, 8 bytes a value.
    std::uint64_t messages_sent = 0;
    std::uint64_t bytes_sent = 0;
    /// Halo messages it received: over all ranks, as many as were sent.
    std::uint64_t messages_received = 0;
    /// Halo staleness, the mean halo age of its sweeps. A sweep's halo age
    /// is the number of sweeps its worker completed before it since other
    /// ranks' values last arrived (0 when some arrived during or just
    /// before it); the mean is over all the sweeps of the rank's threads.
    /// Always 0 with Method::local, whose every sweep reads the values of
    /// the sweep before.
    double halo_age = 0.0;
    /// One per row block, as SolveReport::thread_stats (rows numbered
    /// globally), and the mean halo age of each block's sweeps.
    std::vector<ThreadStats> thread_stats;
    std::vector<double> thread_halo_age;
};

#if ASOR_HAS_MPI

/// What solve_distributed takes beside SolveOptions: what only a solve
/// across ranks needs.
struct DistributedOptions {
    /// Seconds without a heartbeat from a rank after which the rank that
    /// watches it throws RankSilentError (> 0). Heartbeats go around the
    /// ring of ranks (rank r to r + 1), four per timeout, from the start
    /// of solve_distributed (rank 0 reading the files and sending the rows
    /// included) until it returns; a rank sends them while it waits or
    /// communicates, and rank 0 while it reads, so a synchronous sweep
    /// (Method::local) must take less than 3/4 of this. Unused when the
    /// session watches the ranks already (MpiSession::watch_ranks): its
    /// heartbeats and timeout go on.
    double rank_timeout_seconds = 30.0;
    /// The initial guess: a Matrix Market vector that rank 0 reads and
    /// sends each rank its rows of (empty: x0 = 0). An input error on every
    /// rank unless it has one entry per row of A.
    std::string x0_path;
    /// Called on rank 0 with A once it is read and checked, before any row
    /// is sent (to check A against a checkpoint, say). An asor::Error it
    /// throws is thrown on every rank.
    std::function<void(const CsrMatrix& a)> on_root_input;
};

/// What solve_distributed returns on every rank.
struct DistributedSolution {
    /// The same on every rank: status, sweeps (the slowest and fastest
    /// block over all ranks), the true relative residual of the gathered x
    /// (recomputed on a frozen, consistent x), verifications, the omega
    /// used. threads, blocks and thread_stats are this rank's.
    SolveReport report;
    std::vector<double> x;  ///< the solution, on rank 0 only (empty elsewhere)
    int ranks = 1;
    /// The rows of each rank: rank r holds [row_bounds[r], row_bounds[r + 1]).
    std::vector<Index> row_bounds;
    /// Halo messages sent over all ranks: by the communication threads of
    /// async, in every sweep of local, and in the verifications.
    std::uint64_t halo_messages = 0;
    /// On rank 0 only (empty elsewhere): the figures of every rank, in rank
    /// order, gathered once the solve ended.
    std::vector<RankStats> rank_stats;
};

/// Solves A x = b from x = 0 (or distributed.x0_path) with every rank of
/// MPI_COMM_WORLD; a collective call (every rank calls it with the same
/// arguments, within an MpiSession). Rank 0 reads A from `matrix_path` and b from `rhs_path`
/// (empty: b = A * ones), checks them as Solver does, splits the rows into
/// one contiguous block per rank balanced by non-zeros and sends each rank
/// its rows, in messages of at most 4 MiB. With Method::async, each rank
/// then runs asynchronous SOR on options.threads workers while its
/// communication thread, the only one to call MPI, exchanges the boundary
/// values that changed with the neighbouring ranks and keeps one
/// non-blocking reduction of the residual estimates in flight. With
/// Method::local, the synchronous baseline, each sweep of every rank ends
/// with a blocking halo exchange and a reduction (block Jacobi between
/// ranks as between threads, SOR within). All ranks take every decision
/// from the same reduced figures, so they stop together: convergence (then
/// verified on a frozen x, resumed with a tighter target if it fails), the
/// sweep and time limits, divergence, and SolveOptions::cancel raised on
/// any rank. omega above kMostOmegaAcrossRanks is capped with more than
/// one rank. SolveOptions::on_snapshot is called on rank 0 only, from the
/// calling thread, every snapshot_interval_seconds of rank 0's clock: all
/// ranks pause after the same reduction, complete the halo messages in
/// flight, and x is gathered on rank 0, so that the snapshot holds each
/// entry as its owner left it, from one moment of the solve (the other
/// ranks' handlers are not called). SolveOptions::storage is decided by
/// rank 0 on all of A as one process decides it, the same for every rank;
/// with compact storage each rank sweeps its rows rounded to float32 and
/// corrects its right-hand side after a verification that missed the
/// tolerance (mixed-precision refinement, as on one process).
///
/// Throws asor::Error on every rank alike: input for a malformed file (the
/// reader's `FILE:LINE: ...` message), a matrix or b unfit for SOR, a
/// matrix float32 cannot hold with Storage::compact, or
/// fewer rows than ranks; io for a file that cannot be read; usage for
/// options this engine does not take (a method but async and local, bounds, reordering,
/// auto omega, an observer, a rank timeout not above 0),
/// or no MPI session. Throws RankSilentError on the one rank
/// that noticed another fall silent (DistributedOptions::rank_timeout_seconds).
/// That error and anything else (std::bad_alloc) may leave the other ranks
/// waiting: the caller should then end the job (MpiSession::abort_all_ranks).
DistributedSolution solve_distributed(const std::string& matrix_path, const std::string& rhs_path,
                                      const SolveOptions& options,
                                      const DistributedOptions& distributed = {});

#endif

}  // namespace asor
