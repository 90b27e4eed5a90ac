// asor CLI: --checkpoint and --resume of `asor solve`.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "asor/csr_matrix.hpp"
#include "asor/detail/checkpoint.hpp"
#include "asor/detail/checkpoint_thread.hpp"
#include "asor/snapshot.hpp"
#include "asor/solve.hpp"

namespace asor::cli {

/// Writes the checkpoints of one solve, on a thread of their own (see
/// CheckpointThread). A write that fails is reported on stderr at the end
/// and the solve goes on: losing a checkpoint must not cost the computation
/// it was meant to protect.
class CheckpointWriter {
  public:
    /// `info` describes the inputs and options; its progress fields are
    /// filled in at each write, sweeps counted from `sweeps_before`.
    CheckpointWriter(std::string path, CheckpointInfo info, std::uint64_t sweeps_before);

    /// A SolveOptions::on_snapshot handler (called on the monitor's thread):
    /// costs a copy of x, the write happens on the checkpoint thread.
    void write(const Snapshot& snapshot);

    /// The final x of the solve, after it returned; waits for the writes.
    void write_final(std::span<const double> x, const SolveReport& report);

    [[nodiscard]] int written() const noexcept { return thread_.written(); }

  private:
    CheckpointInfo progress_info(std::uint64_t sweeps, double residual, double seconds) const;

    CheckpointInfo info_;
    std::uint64_t sweeps_before_;
    CheckpointThread thread_;
};

/// What the inputs and options of a solve say about its checkpoints.
CheckpointInfo describe_solve(const std::string& matrix_path, const std::string& rhs_path,
                              const CsrMatrix& a, const SolveOptions& options);

/// Checks that the checkpoint at `resume_path` was made for the same inputs as
/// `current` (rows, non-zeros, file sizes) and returns its sweep count (0 if
/// it has no sidecar, which --resume accepts as a plain x0). Throws
/// asor::Error (input) on a mismatch.
std::uint64_t check_resume(const std::string& resume_path, const CheckpointInfo& current);

}  // namespace asor::cli
