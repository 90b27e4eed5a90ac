// asor: test problems generated in code, deterministic for a given seed.
//
// Every kind is built directly in CSR form (row by row, or through one
// triplet list for the unstructured kinds), so a problem with a million rows
// takes about a second. Random kinds draw from std::mt19937_64 seeded with
// the spec's seed and turn its raw 64-bit output into numbers with explicit
// arithmetic (no std distributions, whose results differ between standard
// libraries), so a seed gives the same matrix on every platform.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "asor/csr_matrix.hpp"

namespace asor {

/// The problem families. Grid kinds use natural ordering (x fastest) and
/// Dirichlet boundaries, so every row keeps the full diagonal.
enum class ProblemKind {
    poisson2d,  ///< 5-point Laplacian on an N x N grid: diagonal 4, off-diagonals -1
    poisson3d,  ///< 7-point Laplacian on an N x N x N grid: diagonal 6, off-diagonals -1
    aniso2d,    ///< anisotropic 2D diffusion: diagonal 2 + 2 eps, -1 along x, -eps along y
    randspd,    ///< L + I, L the Laplacian of a random weighted graph on N vertices
    diagdom,    ///< random non-symmetric, strictly diagonally dominant by rows
    denserows,  ///< L + I, L a path graph plus `dense` hubs joined to every vertex
    /// 7-point diffusion on an N x N x N grid with a variable coefficient
    /// k = 1 + 0.9 sin(2 pi x) sin(2 pi y) sin(2 pi z) (from 0.1 to 1.9),
    /// harmonic means on the faces, Dirichlet boundaries: SPD.
    varcoef3d,
};

/// Every kind, in the order of the enum.
inline constexpr std::array<ProblemKind, 7> all_problem_kinds = {
    ProblemKind::poisson2d, ProblemKind::poisson3d, ProblemKind::aniso2d,   ProblemKind::randspd,
    ProblemKind::diagdom,   ProblemKind::denserows, ProblemKind::varcoef3d,
};

/// The kind's name as on the command line ("poisson2d", ...). Requires a
/// valid enumerator.
std::string_view to_string(ProblemKind kind) noexcept;
/// Parses a kind's name as to_string writes it (case-sensitive); throws
/// asor::Error (usage) naming the valid kinds.
ProblemKind parse_problem_kind(std::string_view name);
/// One line saying what the kind's matrix is, for help texts.
std::string_view problem_description(ProblemKind kind) noexcept;
/// True for every kind but diagdom: the matrix is symmetric (and positive
/// definite), so it may be written as a `symmetric` Matrix Market file.
bool is_symmetric(ProblemKind kind) noexcept;
/// The size used when a spec gives none: 100 for the 2D grids (10,000 rows),
/// 20 for poisson3d (8,000 rows), 10,000 rows for the other kinds.
std::int64_t default_size(ProblemKind kind) noexcept;

/// What to generate. Parameters that a kind does not use are ignored (and
/// not checked).
struct ProblemSpec {
    ProblemKind kind = ProblemKind::poisson2d;
    /// Grid side N for the grid kinds (N^2 or N^3 rows), the number of rows
    /// for the others; at least 1 (2 for diagdom), and the rows must fit in
    /// Index (at most 2^31 - 1). Empty: default_size(kind).
    std::optional<std::int64_t> size;
    /// Added to every diagonal entry: A + shift * I, for every kind. A negative
    /// shift is refused where it would break positivity: it must exceed minus
    /// the smallest eigenvalue of the unshifted matrix for the symmetric kinds
    /// (computed exactly for the grids; 1 for randspd and denserows, which
    /// already include + I because a graph Laplacian is singular), and minus
    /// the guaranteed dominance margin (ratio - 1) / 2 for diagdom.
    double shift = 0.0;
    /// Seed of the random kinds (randspd, diagdom); the grids ignore it.
    std::uint64_t seed = 1;
    /// aniso2d: coupling along y relative to x, > 0. Default 0.01.
    double epsilon = 0.01;
    /// randspd: average vertex degree (N * degree / 2 random edges, weights
    /// uniform in (0, 1], repeated edges summed). diagdom: off-diagonal
    /// entries drawn per row (distinct columns, repeats dropped). At least 1.
    int degree = 10;
    /// diagdom: |a_ii| / sum_{j != i} |a_ij| before the shift, > 1. Off-diagonal
    /// entries have random signs and magnitudes in [0.5, 1); diagonals are
    /// positive. Default 2.
    double ratio = 2.0;
    /// denserows: hub rows (and columns) that touch every column, evenly
    /// spaced, joined with weight 1 / N; in [1, N]. Default 4.
    int dense = 4;
};

/// Builds the matrix a spec describes: square, columns sorted, every diagonal
/// entry stored. Throws asor::Error (usage) for a bad spec (before allocating
/// anything), std::bad_alloc if it does not fit in memory (std::length_error
/// when randspd's N * degree / 2 or denserows' N * (dense + 1) exceeds what a
/// vector can hold). Deterministic; thread-safe (no shared state).
CsrMatrix generate_matrix(const ProblemSpec& spec);

}  // namespace asor
