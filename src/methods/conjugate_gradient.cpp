#include "conjugate_gradient.hpp"

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>
#include <algorithm>
#include <climits>
#include <cmath>
#include <string>
#include <vector>

#include "asor/error.hpp"

namespace asor::detail {

using EigenMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;
using EigenSolver = Eigen::ConjugateGradient<EigenMatrix, Eigen::Lower | Eigen::Upper,
                                             Eigen::DiagonalPreconditioner<double>>;

struct ConjugateGradient::EigenState {
    EigenMatrix matrix;
    EigenSolver solver;
};

namespace {

void require_symmetric(const CsrMatrix& a) {
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

EigenMatrix to_eigen(const CsrMatrix& a) {
    if (a.nnz() > INT_MAX) {
        throw Error(ErrorKind::input, "method cg supports at most 2^31 - 1 non-zeros");
    }
    const std::vector<int> offsets(a.row_offsets.begin(), a.row_offsets.end());
    const Eigen::Map<const EigenMatrix> view(a.rows, a.cols, static_cast<int>(a.nnz()),
                                             offsets.data(), a.col_indices.data(), a.values.data());
    return EigenMatrix(view);
}

}  // namespace

ConjugateGradient::ConjugateGradient(const CsrMatrix& a, int threads)
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
    const auto start = Clock::now();
    const Eigen::VectorXd solution = [&] {
        // Eigen's thread count is process-wide: set for this call only, and
        // restored even if Eigen throws.
        struct EigenThreads {
            int saved = Eigen::nbThreads();
            explicit EigenThreads(int n) { Eigen::setNbThreads(n); }
            ~EigenThreads() { Eigen::setNbThreads(saved); }
        } threads(threads_);
        return Eigen::VectorXd(solver.solveWithGuess(b, x));
    }();
    stats.busy_seconds += seconds_since(start);
    x = solution;
    stats.sweeps += static_cast<std::uint64_t>(solver.iterations());

    const Progress progress{seconds_since(round.start), solver.error(), round.initial_residual,
                            stats.sweeps, stats.sweeps};
    return round.monitor.check_and_observe(progress, true).value_or(StopReason::sweep_limit);
}

}  // namespace asor::detail
