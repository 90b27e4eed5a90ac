#include "checkpointing.hpp"

#include <cstdio>
#include <utility>

#include "asor/error.hpp"

namespace asor::cli {

CheckpointWriter::CheckpointWriter(std::string path, CheckpointInfo info,
                                   std::uint64_t sweeps_before)
    : info_(std::move(info)), sweeps_before_(sweeps_before), thread_(std::move(path)) {}

void CheckpointWriter::write(const Snapshot& snapshot) {
    const Progress& p = snapshot.progress;
    thread_.post(snapshot.x, progress_info(p.sweeps_min, p.estimated_residual, p.elapsed_seconds));
}

void CheckpointWriter::write_final(std::span<const double> x, const SolveReport& report) {
    try {
        thread_.finish(x, progress_info(report.sweeps, report.relative_residual, report.seconds));
    } catch (const Error& e) {
        std::fprintf(stderr, "asor: warning: %d checkpoint%s not written; the first: %s\n",
                     thread_.failed(), thread_.failed() == 1 ? "" : "s", e.what());
    }
}

CheckpointInfo CheckpointWriter::progress_info(std::uint64_t sweeps, double residual,
                                               double seconds) const {
    CheckpointInfo info = info_;
    info.sweeps = sweeps_before_ + sweeps;
    info.estimated_residual = residual;
    info.elapsed_seconds = seconds;
    return info;
}

CheckpointInfo describe_solve(const std::string& matrix_path, const std::string& rhs_path,
                              const CsrMatrix& a, const SolveOptions& options) {
    CheckpointInfo info;
    info.matrix_path = matrix_path;
    info.matrix_bytes = file_size_or_zero(matrix_path);
    info.rhs_path = rhs_path;
    info.rhs_bytes = rhs_path.empty() ? 0 : file_size_or_zero(rhs_path);
    info.rows = a.rows;
    info.nonzeros = a.nnz();
    info.method = std::string(to_string(options.method));
    info.omega = options.method == Method::gs ? 1.0 : options.omega;
    info.tolerance = options.stopping.tolerance;
    info.threads = options.threads;
    return info;
}

namespace {

std::string describe(const CheckpointInfo& i) {
    std::string text = i.matrix_path + " (" + std::to_string(i.rows) + " rows, " +
                       std::to_string(i.nonzeros) + " non-zeros";
    if (i.matrix_bytes > 0) text += ", " + std::to_string(i.matrix_bytes) + " bytes";
    text += ") and ";
    if (i.rhs_path.empty()) return text + "b = A * ones";
    text += i.rhs_path;
    if (i.rhs_bytes > 0) text += " (" + std::to_string(i.rhs_bytes) + " bytes)";
    return text;
}

// Sizes are compared only where both are known (not for standard input).
bool same_size(std::uint64_t a, std::uint64_t b) { return a == 0 || b == 0 || a == b; }

}  // namespace

std::uint64_t check_resume(const std::string& resume_path, const CheckpointInfo& current) {
    const std::string sidecar = checkpoint_sidecar_path(resume_path);
    if (resume_path == "-" || file_size_or_zero(sidecar) == 0) return 0;
    const CheckpointInfo saved = read_checkpoint_info(resume_path);
    const bool same = saved.rows == current.rows && saved.nonzeros == current.nonzeros &&
                      same_size(saved.matrix_bytes, current.matrix_bytes) &&
                      saved.rhs_path.empty() == current.rhs_path.empty() &&
                      same_size(saved.rhs_bytes, current.rhs_bytes);
    if (!same) {
        throw Error(ErrorKind::input, sidecar + ": the checkpoint was made for " + describe(saved) +
                                          ", not for " + describe(current) +
                                          " (expected the same matrix and right-hand side)");
    }
    return saved.sweeps;
}

}  // namespace asor::cli
