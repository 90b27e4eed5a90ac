// asor: Eigen's conjugate gradient, judged by the monitor while it iterates.
#include "conjugate_gradient.hpp"

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>
#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "asor/error.hpp"

namespace asor::detail {

namespace {

/// Where Eigen's loop lets the monitor in: Eigen applies the preconditioner
/// once per iteration, right after it has updated x and the residual, so
/// that x is a whole iterate and the residual its own. Each call past the
/// first ends an iteration; once per monitor interval (less often where a
/// check is costly, see kElapsedPerCheck) the monitor judges it.
class IterationWatch {
    // A check reads the residual (a tenth of an iteration on a 5-point
    // stencil) and may copy x: at most once per this many check durations,
    // so that checks stay under about 2% of the time on large matrices.
    static constexpr double kElapsedPerCheck = 50.0;

  public:
    /// Thrown through Eigen to end its loop with x as it stands.
    struct Stop {
        StopReason reason;
    };

    IterationWatch(IterationRound& round, double rhs_norm)
        : round_(round),
          sweeps_before_(round.tallies.front().sweeps),
          rhs_norm_(rhs_norm),
          last_check_(Clock::now()) {}

    template <class Residual>
    void after_update(const Residual& residual) {
        if (calls_++ == 0) return;  // before the first iteration
        const auto now = Clock::now();
        const double since = std::chrono::duration<double>(now - last_check_).count();
        if (since < std::max(round_.monitor_interval_seconds, kElapsedPerCheck * check_seconds_)) {
            return;
        }
        const std::uint64_t sweeps = sweeps_before_ + iterations();
        const Progress progress{seconds_since(round_.start), residual.norm() / rhs_norm_,
                                round_.initial_residual, sweeps, sweeps};
        const auto reason = round_.monitor.check_and_observe(progress);
        last_check_ = Clock::now();
        check_seconds_ = std::chrono::duration<double>(last_check_ - now).count();
        if (reason) throw Stop{*reason};
    }

    /// Iterations Eigen completed so far in this call.
    [[nodiscard]] std::uint64_t iterations() const noexcept { return calls_ > 0 ? calls_ - 1 : 0; }

  private:
    IterationRound& round_;
    std::uint64_t sweeps_before_;
    double rhs_norm_;
    Clock::time_point last_check_;
    double check_seconds_ = 0.0;  ///< what the last check cost
    std::uint64_t calls_ = 0;
};

/// Eigen's diagonal (Jacobi) preconditioner, with the monitor's way in.
class WatchedDiagonal : public Eigen::DiagonalPreconditioner<double> {
  public:
    template <class Rhs>
    auto solve(const Eigen::MatrixBase<Rhs>& residual) const {
        if (watch_ != nullptr) watch_->after_update(residual.derived());
        return Eigen::DiagonalPreconditioner<double>::solve(residual);
    }
    void watch(IterationWatch* watch) noexcept { watch_ = watch; }

  private:
    IterationWatch* watch_ = nullptr;
};

}  // namespace

using EigenMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;
using EigenSolver =
    Eigen::ConjugateGradient<EigenMatrix, Eigen::Lower | Eigen::Upper, WatchedDiagonal>;

struct ConjugateGradient::EigenState {
    EigenMatrix matrix;
    EigenSolver solver;
};

namespace {

void require_symmetric(CsrView a) {
    for (Index i = 0; i < a.rows; ++i) {
        for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
            const Index j = a.col_indices[k];
            const double mirror = entry(a, j, i);
            if (std::abs(a.values[k] - mirror) >
                1e-12 * std::max(std::abs(a.values[k]), std::abs(mirror))) {
                throw Error(ErrorKind::input,
                            "matrix is not symmetric: a(" + std::to_string(i + 1) + "," +
                                std::to_string(j + 1) + ") differs from a(" +
                                std::to_string(j + 1) + "," + std::to_string(i + 1) +
                                ") (method cg needs a symmetric matrix)");
            }
        }
    }
}

EigenMatrix to_eigen(CsrView a) {
    if (a.nnz() > INT_MAX) {
        throw Error(ErrorKind::input, "method cg supports at most 2^31 - 1 non-zeros");
    }
    const std::vector<int> offsets(a.row_offsets.begin(), a.row_offsets.end());
    const Eigen::Map<const EigenMatrix> view(a.rows, a.cols, static_cast<int>(a.nnz()),
                                             offsets.data(), a.col_indices.data(), a.values.data());
    return EigenMatrix(view);
}

// Eigen's thread count is process-wide: set for one call only, and restored
// even if Eigen throws.
class EigenThreads {
  public:
    explicit EigenThreads(int n) { Eigen::setNbThreads(n); }
    EigenThreads(const EigenThreads&) = delete;
    EigenThreads& operator=(const EigenThreads&) = delete;
    ~EigenThreads() { Eigen::setNbThreads(saved_); }

  private:
    int saved_ = Eigen::nbThreads();
};

}  // namespace

ConjugateGradient::ConjugateGradient(CsrView a, int threads)
    : eigen_(std::make_unique<EigenState>()), threads_(threads) {
    require_symmetric(a);
    eigen_->matrix = to_eigen(a);
    eigen_->solver.compute(eigen_->matrix);
}

ConjugateGradient::~ConjugateGradient() = default;

StopReason ConjugateGradient::iterate(IterationRound& round) {
    BlockTally& stats = round.tallies.front();
    const std::uint64_t limit = round.monitor.criteria().max_sweeps;
    const std::uint64_t budget = limit > stats.sweeps ? limit - stats.sweeps : 1;
    EigenSolver& solver = eigen_->solver;
    solver.setMaxIterations(static_cast<Eigen::Index>(std::min<std::uint64_t>(budget, INT_MAX)));
    solver.setTolerance(round.monitor.target());

    const Eigen::Index n = static_cast<Eigen::Index>(round.x.size());
    Eigen::Map<Eigen::VectorXd> x(round.x.data(), n);
    const Eigen::Map<const Eigen::VectorXd> b(round.system.rhs.data(), n);
    IterationWatch watch(round, b.norm());
    solver.preconditioner().watch(&watch);
    std::optional<StopReason> stopped;
    const auto start = Clock::now();
    try {
        const EigenThreads threads(threads_);
        // Into x itself, so that the monitor's snapshots see each iterate.
        x = solver.solveWithGuess(b, x);
    } catch (const IterationWatch::Stop& stop) {
        stopped = stop.reason;
    }
    solver.preconditioner().watch(nullptr);
    stats.busy_seconds += seconds_since(start);
    if (stopped) {
        stats.sweeps += watch.iterations();
        return *stopped;
    }
    stats.sweeps += static_cast<std::uint64_t>(solver.iterations());

    const Progress progress{seconds_since(round.start), solver.error(), round.initial_residual,
                            stats.sweeps, stats.sweeps};
    return round.monitor.check_and_observe(progress, true).value_or(StopReason::sweep_limit);
}

}  // namespace asor::detail
