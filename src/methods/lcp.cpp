#include "asor/lcp.hpp"

#include <string>
#include <vector>

#include "asor/error.hpp"
#include "core/number_format.hpp"

namespace asor {

void check_positive_diagonal(CsrView m) {
    if (m.rows != m.cols) {
        throw Error(ErrorKind::input, "matrix is " + std::to_string(m.rows) + " x " +
                                          std::to_string(m.cols) +
                                          " (the LCP needs a square matrix)");
    }
    for (Index i = 0; i < m.rows; ++i) {
        const double diagonal = entry(m, i, i);
        if (!(diagonal > 0.0)) {
            throw Error(ErrorKind::input,
                        "row " + std::to_string(i + 1) + ": diagonal entry is " +
                            (diagonal == 0.0 ? std::string("zero or missing")
                                             : detail::shortest(diagonal)) +
                            " (projected SOR for the LCP needs a positive diagonal)");
        }
    }
}

SolveReport solve_lcp(CsrView m, std::span<const double> q, std::span<double> z,
                      const SolveOptions& options) {
    if (!options.lower.empty() || !options.upper.empty()) {
        throw Error(ErrorKind::usage, "the LCP has its own bounds (z >= 0): give none");
    }
    const LcpAsBox box = lcp_as_box(m, q);
    SolveOptions lcp = options;
    lcp.lower = box.lower;
    return solve(m, box.b, z, lcp);
}

LcpAsBox lcp_as_box(CsrView m, std::span<const double> q) {
    check_positive_diagonal(m);
    if (q.size() != static_cast<std::size_t>(m.rows)) {
        throw Error(ErrorKind::input, "q has " + std::to_string(q.size()) + " entries (expected " +
                                          std::to_string(m.rows) + ", the matrix size)");
    }
    LcpAsBox box{std::vector<double>(q.size()), std::vector<double>(q.size(), 0.0)};
    for (std::size_t i = 0; i < q.size(); ++i) box.b[i] = -q[i];
    return box;
}

}  // namespace asor
