// asor: box constraints lower <= x <= upper, and how well a point meets them.
//
// With bounds, solve() minimises 1/2 x^T A x - b^T x over the box (for SPD A)
// by projected SOR; the linear complementarity problem (lcp.hpp) is the box
// [0, +inf) with b = -q. Optimality is measured by the natural residual
// (detail/residual.hpp); the figures here say what a user checks by hand.
#pragma once

#include <span>
#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// A box, both sides with n entries; -inf or +inf where a side is free.
struct Box {
    std::vector<double> lower;  ///< lower_i, or -inf
    std::vector<double> upper;  ///< upper_i >= lower_i, or +inf
};

/// The box of solve()'s bounds: `lower` and `upper` have n entries or none
/// (none: that side is free). Throws asor::Error (input) for a wrong length,
/// a NaN, lower_i > upper_i, lower_i = +inf or upper_i = -inf (an empty box;
/// naming the first such row, 1-based).
Box make_box(std::span<const double> lower, std::span<const double> upper, Index n);

/// Moves x into the box (each entry clamped to [lower_i, upper_i]). The box
/// must have at least x.size() entries per side (not checked). A NaN in x
/// stays NaN.
void project_onto(const Box& box, std::span<double> x) noexcept;

/// How far x is from meeting the box problem's optimality conditions, with
/// g = A x - b the gradient: g_i >= 0 where x_i = lower_i, g_i <= 0 where
/// x_i = upper_i, g_i = 0 in between.
struct ConstraintMeasures {
    /// max_i max(lower_i - x_i, x_i - upper_i, 0): zero for every method's x.
    double bound_violation = 0.0;
    /// The largest |g_i| of a sign that no bound allows: g_i < 0 with no
    /// upper bound, g_i > 0 with no lower bound. For an LCP, max_i max(-w_i, 0).
    double gradient_violation = 0.0;
    /// sum_i (x_i - lower_i) max(g_i, 0) + (upper_i - x_i) max(-g_i, 0), over
    /// the finite bounds: zero at a solution. For an LCP, z^T w where w >= 0.
    double complementarity_gap = 0.0;
};

/// Computes the measures for x with `threads` OpenMP threads (<= 0: OpenMP's
/// default). A must be square and x, b and both sides of the box have
/// a.rows entries (not checked). Allocates nothing and throws nothing; safe
/// to call concurrently.
ConstraintMeasures measure_constraints(CsrView a, std::span<const double> x,
                                       std::span<const double> b, const Box& box, int threads = 0);

}  // namespace asor
