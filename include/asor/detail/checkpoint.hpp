// asor: checkpoints, so that a long solve survives being killed.
//
// A checkpoint is two files: x as a Matrix Market `array` vector at PATH,
// and a JSON sidecar at PATH.json saying where x came from. Each is written
// atomically (temporary file, then rename), x first, so that whenever a
// process is killed the file at PATH is a complete x from some moment of the
// solve; at worst the sidecar describes the checkpoint before it.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "asor/csr_matrix.hpp"

namespace asor {

/// What a checkpoint records beside x: the inputs (so that a resumed solve can
/// tell whether it continues the same problem), the options and the progress.
struct CheckpointInfo {
    std::string matrix_path;         ///< as given ("-" for stdin)
    std::uint64_t matrix_bytes = 0;  ///< size of the matrix file in bytes; 0 if unknown (stdin)
    std::string rhs_path;            ///< empty: b = A * ones
    std::uint64_t rhs_bytes = 0;     ///< size of the rhs file in bytes, as matrix_bytes
    Index rows = 0;
    Offset nonzeros = 0;
    std::string method;      ///< as to_string(Method) writes it
    double omega = 0.0;      ///< relaxation factor used
    double tolerance = 0.0;  ///< on the relative residual ||b - A x||_2 / ||b||_2
    int threads = 0;         ///< as SolveOptions::threads (0: OpenMP's default)
    /// Sweeps of the slowest thread since the first solve of a chain of
    /// resumes: the sweeps of the checkpoint it resumed from plus its own.
    std::uint64_t sweeps = 0;
    /// The monitor's estimate of the relative residual when x was copied.
    double estimated_residual = 0.0;
    double elapsed_seconds = 0.0;  ///< seconds since the start of the solve that wrote it
};

/// Writes x to `path` (as write_vector) and `info` to `path + ".json"`, each
/// atomically, x first. Throws asor::Error (io) if either cannot be written.
/// NaN or Inf entries are written as such and make x unreadable (solve()
/// never hands such a copy to a snapshot handler). Safe to call concurrently
/// for different paths; two writers of one path may pair one's x with the
/// other's sidecar.
void write_checkpoint(const std::string& path, std::span<const double> x,
                      const CheckpointInfo& info);

/// The sidecar path of a checkpoint: `path + ".json"`. Throws nothing but
/// std::bad_alloc.
std::string checkpoint_sidecar_path(const std::string& path);

/// Reads the sidecar of the checkpoint at `path` (the x file is not read).
/// Throws asor::Error (io) if it cannot be opened, asor::Error (input) if it
/// is not a sidecar asor wrote (malformed, a field missing, a number out of
/// range); a null number (a non-finite figure when written) reads as 0.
CheckpointInfo read_checkpoint_info(const std::string& path);

/// Size in bytes of the file at `path` (symbolic links followed), 0 for "-",
/// a missing file or anything that is not a regular file. Never throws.
std::uint64_t file_size_or_zero(const std::string& path);

}  // namespace asor
