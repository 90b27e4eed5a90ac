// asor: renumbering the unknowns so that a sweep reads x close to where it
// writes it (reverse Cuthill-McKee).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asor/csr_matrix.hpp"

namespace asor {

/// Whether the Solver renumbers the unknowns at setup (SolveOptions::reorder).
enum class Reorder {
    none,       ///< solve in the caller's order (default)
    rcm,        ///< reverse Cuthill-McKee (rcm_ordering), always
    automatic,  ///< rcm where it shrinks the mean |i - j| by kAutoReorderFactor or more
};

/// "none", "rcm", "auto" (as on the command line); "unknown" for a value
/// that is no enumerator.
std::string_view to_string(Reorder reorder) noexcept;

/// Parses a name as to_string writes it; throws asor::Error (usage) naming
/// the valid ones otherwise.
Reorder parse_reorder(std::string_view name);

/// How far a matrix's entries lie from its diagonal, over the stored entries
/// off the diagonal (zero when there are none).
struct Spread {
    Index bandwidth = 0;         ///< max |i - j|
    double mean_distance = 0.0;  ///< mean |i - j|: how far apart in x a row's reads are
};

/// The spread of A. Sequential, O(nnz); throws nothing.
Spread measure_spread(CsrView a) noexcept;

/// The spread permute_symmetric(a, perm) would have, without building it.
/// Throws asor::Error (input) as permute_symmetric does; std::bad_alloc.
Spread measure_spread(CsrView a, std::span<const Index> perm);

/// The reverse Cuthill-McKee ordering of the symmetrised pattern of A (that
/// of A + A^T, the diagonal and the values ignored), as `perm` with
/// perm[new] = old: row k of the reordered matrix is row perm[k] of A.
/// Each connected component starts at a pseudo-peripheral node (George and
/// Liu: repeated breadth-first searches from a node of least degree in the
/// last level, while the number of levels grows); neighbours are numbered
/// in increasing degree (ties by index), so the result is deterministic.
/// Components follow one another. O(nnz) memory for the pattern and O(nnz)
/// time per search; sequential. Throws asor::Error (input) for a matrix
/// that is not square, std::bad_alloc if the pattern does not fit.
std::vector<Index> rcm_ordering(CsrView a);

/// Throws asor::Error (input) unless `perm` has n entries holding each of
/// 0, ..., n - 1 once (naming the first bad entry, 0-based).
void check_permutation(std::span<const Index> perm, Index n);

/// P A P^T for perm[new] = old: B(i, j) = A(perm[i], perm[j]), the values
/// kept, each row's columns sorted again. Throws asor::Error (input) for a
/// matrix that is not square or a `perm` that is not a permutation of its
/// rows (check_permutation), std::bad_alloc if B does not fit. Uses OpenMP's
/// threads; safe to call concurrently.
CsrMatrix permute_symmetric(CsrView a, std::span<const Index> perm);

/// out[k] = v[perm[k]]: a vector in the caller's order put in the reordered
/// one. `v`, `out` and `perm` have the same size and `out` does not overlap
/// `v` (not checked). Allocates nothing, throws nothing.
void permute_vector(std::span<const double> v, std::span<const Index> perm,
                    std::span<double> out) noexcept;

/// out[perm[k]] = v[k]: the inverse of permute_vector, back to the caller's
/// order. The same requirements.
void unpermute_vector(std::span<const double> v, std::span<const Index> perm,
                      std::span<double> out) noexcept;

/// Reorder::automatic keeps RCM when the mean |i - j| of A is at least this
/// many times that of the reordered matrix. Measured (bench/README.md,
/// "Reordering"): every case that RCM shrank 3.67x or more solved 1.7x to
/// 6.5x faster with it; below 2.5x some did (grids shuffled within windows)
/// and some did not (random graphs), so auto keeps to the sure side.
inline constexpr double kAutoReorderFactor = 3.0;

/// What SolveOptions::reorder did when the Solver was set up.
struct ReorderingReport {
    Reorder asked = Reorder::none;
    /// True when the Solver iterates on the reordered matrix (with rcm, or
    /// with automatic where it paid); x, b, x0, the bounds, snapshots and
    /// the residuals are all in the caller's order whatever this says.
    bool applied = false;
    Spread before;  ///< of A as given (not measured for Reorder::none)
    Spread after;   ///< of the RCM-reordered A (not measured for Reorder::none)
    /// Seconds to measure, order and permute A: part of the setup.
    double seconds = 0.0;
    /// One line for a user: what was done and why.
    std::string rule;
};

/// A permutation chosen for A, and the report of the choice.
struct ReorderingChoice {
    std::vector<Index> perm;  ///< perm[new] = old; empty: keep the caller's order
    ReorderingReport report;
};

/// The RCM ordering of A where `asked` calls for it: for Reorder::none an
/// empty permutation and a report saying so, nothing measured; for rcm, the
/// ordering; for automatic, the ordering only if it shrinks the mean
/// |i - j| by kAutoReorderFactor or more (else an empty permutation). The
/// same exceptions as rcm_ordering.
ReorderingChoice choose_reordering(CsrView a, Reorder asked);

}  // namespace asor
