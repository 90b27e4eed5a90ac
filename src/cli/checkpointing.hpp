// asor CLI: --checkpoint and --resume of `asor solve`.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "asor/csr_matrix.hpp"
#include "asor/detail/checkpoint.hpp"
#include "asor/snapshot.hpp"
#include "asor/solve.hpp"

namespace asor::cli {

/// Writes the checkpoints of one solve. A write that fails is reported on
/// stderr and the solve goes on: losing a checkpoint must not cost the
/// computation it was meant to protect.
class CheckpointWriter {
  public:
    /// `info` describes the inputs and options; its progress fields are
    /// filled in at each write, sweeps counted from `sweeps_before`.
    CheckpointWriter(std::string path, CheckpointInfo info, std::uint64_t sweeps_before);

    /// A SolveOptions::on_snapshot handler (called on the monitor's thread).
    void write(const Snapshot& snapshot);

    /// The final x of the solve, after it returned.
    void write_final(std::span<const double> x, const SolveReport& report);

    [[nodiscard]] int written() const noexcept { return written_; }

  private:
    void write(std::span<const double> x, std::uint64_t sweeps, double residual, double seconds);

    std::string path_;
    CheckpointInfo info_;
    std::uint64_t sweeps_before_;
    int written_ = 0;
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
