#include "asor/solve.hpp"

#include "asor/solver.hpp"

namespace asor {

SolveReport solve(CsrView a, std::span<const double> b, std::span<double> x,
                  const SolveOptions& options) {
    Solver solver(a, options);
    return solver.solve(b, x);
}

}  // namespace asor
