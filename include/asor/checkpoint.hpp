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
    std::string matrix_path;
    std::uint64_t matrix_bytes = 0;  ///< size of the matrix file; 0 if unknown (stdin)
    std::string rhs_path;            ///< empty: b = A * ones
    std::uint64_t rhs_bytes = 0;
    Index rows = 0;
    Offset nonzeros = 0;
    std::string method;
    double omega = 0.0;
    double tolerance = 0.0;
    int threads = 0;
    /// Sweeps of the slowest thread since the first solve of a chain of
    /// resumes: the sweeps of the checkpoint it resumed from plus its own.
    std::uint64_t sweeps = 0;
    double estimated_residual = 0.0;  ///< the monitor's estimate when x was copied
    double elapsed_seconds = 0.0;     ///< of the solve that wrote the checkpoint
};

/// Writes x to `path` and `info` to `path + ".json"`, each atomically, x
/// first. Throws asor::Error (io) if either cannot be written.
void write_checkpoint(const std::string& path, std::span<const double> x,
                      const CheckpointInfo& info);

/// The sidecar path of a checkpoint: `path + ".json"`.
std::string checkpoint_sidecar_path(const std::string& path);

/// Reads the sidecar of the checkpoint at `path`. Throws asor::Error (io) if
/// it cannot be read, asor::Error (input) if it is not a sidecar asor wrote.
CheckpointInfo read_checkpoint_info(const std::string& path);

/// Size in bytes of the file at `path`, 0 for "-" or anything that is not a
/// regular file.
std::uint64_t file_size_or_zero(const std::string& path);

}  // namespace asor
