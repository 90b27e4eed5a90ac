#include "asor/lcp_problems.hpp"

#include <string>

#include "asor/error.hpp"
#include "asor/generators.hpp"
#include "random_numbers.hpp"

namespace asor {

namespace {

constexpr double kObstacleLoad = -10.0;

double obstacle_height(double x, double y) {
    return 0.5 - 4.0 * ((x - 0.5) * (x - 0.5) + (y - 0.5) * (y - 0.5));
}

void check_size(std::int64_t n, std::int64_t rows, const char* kind) {
    if (n < 1 || rows > std::int64_t{INT32_MAX}) {
        throw Error(ErrorKind::usage, std::string(kind) + " size " + std::to_string(n) +
                                          " out of range (expected at least 1, and at most " +
                                          std::to_string(INT32_MAX) + " unknowns)");
    }
}

}  // namespace

LcpProblem obstacle_problem_2d(std::int64_t n) {
    check_size(n, n < 46341 ? n * n : std::int64_t{1} << 40, "obstacle2d");
    ProblemSpec spec;
    spec.kind = ProblemKind::poisson2d;
    spec.size = n;
    LcpProblem p;
    p.m = generate_matrix(spec);
    const auto side = static_cast<Index>(n);
    const double h = 1.0 / static_cast<double>(n + 1);
    p.obstacle.resize(static_cast<std::size_t>(p.m.rows));
    for (Index j = 0; j < side; ++j) {
        for (Index i = 0; i < side; ++i) {
            p.obstacle[static_cast<std::size_t>(j) * side + i] =
                obstacle_height((i + 1) * h, (j + 1) * h);
        }
    }
    p.q.resize(p.obstacle.size());
    multiply(p.m, p.obstacle, p.q);
    for (double& v : p.q) v -= h * h * kObstacleLoad;
    return p;
}

LcpProblem random_lcp(std::int64_t n, std::uint64_t seed) {
    check_size(n, n, "lcp");
    ProblemSpec spec;
    spec.kind = ProblemKind::randspd;
    spec.size = n;
    spec.seed = seed;
    LcpProblem p;
    p.m = generate_matrix(spec);
    // A stream of its own, so that z* does not reuse the numbers that made M.
    detail::Random random(seed ^ 0x9e3779b97f4a7c15ULL);
    const auto rows = static_cast<std::size_t>(n);
    p.solution.resize(rows);
    std::vector<double> w(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const bool active = random.uniform() < 0.5;
        const double value = 1.0 - random.uniform();  // in (0, 1]
        p.solution[i] = active ? value : 0.0;
        w[i] = active ? 0.0 : value;
    }
    p.q.resize(rows);
    multiply(p.m, p.solution, p.q);
    for (std::size_t i = 0; i < rows; ++i) p.q[i] = w[i] - p.q[i];
    return p;
}

}  // namespace asor
