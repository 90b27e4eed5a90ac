// asor: test problems generated in code.
#include "asor/generators.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "asor/error.hpp"
#include "csr_assembly.hpp"
#include "enum_names.hpp"
#include "random_numbers.hpp"

namespace asor {

namespace {

/// What the library says about each kind, in the order of the enum.
struct KindInfo {
    std::string_view name;
    std::int64_t default_size;
    std::string_view description;
};

constexpr std::array<KindInfo, all_problem_kinds.size()> kind_info = {{
    {"poisson2d", 100, "5-point Laplacian on an N x N grid (diagonal 4, off-diagonals -1)"},
    {"poisson3d", 20, "7-point Laplacian on an N x N x N grid (diagonal 6, off-diagonals -1)"},
    {"aniso2d", 100,
     "anisotropic diffusion on an N x N grid (diagonal 2 + 2E, -1 along x, -E along y)"},
    {"randspd", 10000,
     "L + I on N rows, L the Laplacian of a random graph of average degree D (SPD, "
     "unstructured)"},
    {"diagdom", 10000,
     "random non-symmetric on N rows, D entries drawn per row, |a_ii| = R * sum of |a_ij|"},
    {"denserows", 10000,
     "L + I on N rows, L a path graph plus K hub rows touching every column (SPD)"},
    {"varcoef3d", 20,
     "7-point diffusion on an N x N x N grid, coefficient 1 + 0.9 sin(2 pi x) sin(2 pi y) "
     "sin(2 pi z) (harmonic means on the faces; SPD)"},
}};

const KindInfo& info(ProblemKind kind) noexcept {
    return kind_info[static_cast<std::size_t>(kind)];
}

}  // namespace

std::string_view to_string(ProblemKind kind) noexcept { return info(kind).name; }

ProblemKind parse_problem_kind(std::string_view name) {
    return detail::parse_by_name<ProblemKind>(name, all_problem_kinds, "problem kind");
}

std::string_view problem_description(ProblemKind kind) noexcept { return info(kind).description; }

bool is_symmetric(ProblemKind kind) noexcept { return kind != ProblemKind::diagdom; }

std::int64_t default_size(ProblemKind kind) noexcept { return info(kind).default_size; }

namespace {

using detail::Random;

[[noreturn]] void refuse(const std::string& what) { throw Error(ErrorKind::usage, what); }

std::string number(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
    return buffer;
}

/// A 2D or 3D grid stencil: the coupling to each neighbour along an axis.
struct Stencil {
    int dims = 1;                    ///< 1 for the kinds that are not grids
    std::array<double, 3> weight{};  ///< off-diagonal -weight[d] along axis d (x first)
};

Stencil stencil_of(const ProblemSpec& spec) {
    switch (spec.kind) {
        case ProblemKind::poisson2d:
            return {2, {1.0, 1.0, 0.0}};
        case ProblemKind::poisson3d:
            return {3, {1.0, 1.0, 1.0}};
        case ProblemKind::aniso2d:
            return {2, {1.0, spec.epsilon, 0.0}};
        case ProblemKind::varcoef3d:  // the smallest face coefficient: the shift floor's bound
            return {3, {0.1, 0.1, 0.1}};
        default:
            return {};
    }
}

/// The grid side (grid kinds) or row count (the others).
std::int64_t size_of(const ProblemSpec& spec) {
    return spec.size.value_or(default_size(spec.kind));
}

/// The size checked and turned into a row count.
Index checked_rows(const ProblemSpec& spec, int dims) {
    const std::int64_t size = size_of(spec);
    const std::string kind(to_string(spec.kind));
    const std::int64_t smallest = spec.kind == ProblemKind::diagdom ? 2 : 1;
    if (size < smallest) {
        refuse("size is " + std::to_string(size) + " (expected at least " +
               std::to_string(smallest) + " for " + kind + ")");
    }
    constexpr std::int64_t limit = std::numeric_limits<Index>::max();
    std::int64_t rows = size;
    for (int d = 1; d < dims && rows <= limit; ++d) rows *= size;  // no overflow: size <= limit
    if (rows > limit) {
        std::string count = std::to_string(size);
        if (dims > 1) count.append("^").append(std::to_string(dims));
        refuse("size " + std::to_string(size) + " is too large for " + kind + ": " + count +
               " rows exceed 2^31 - 1 = " + std::to_string(limit));
    }
    return static_cast<Index>(rows);
}

/// How far the shift may go below zero: the smallest eigenvalue of the
/// unshifted matrix (symmetric kinds) or its guaranteed dominance margin.
double shift_floor(const ProblemSpec& spec, const Stencil& stencil) {
    if (spec.kind == ProblemKind::diagdom) return 0.5 * (spec.ratio - 1.0);
    if (stencil.dims == 1) return 1.0;  // L + I with L a graph Laplacian: L * ones = 0
    // Eigenvalues of the grid operator: sum over axes of 4 w_d sin^2(pi k_d / (2 (N + 1))).
    const double s =
        std::sin(std::numbers::pi / (2.0 * (static_cast<double>(size_of(spec)) + 1.0)));
    double smallest = 0.0;
    for (int d = 0; d < stencil.dims; ++d) smallest += 4.0 * stencil.weight[d] * s * s;
    return smallest;
}

void check_parameters(const ProblemSpec& spec, Index rows, const Stencil& stencil) {
    const std::string kind(to_string(spec.kind));
    if (spec.kind == ProblemKind::aniso2d && !(spec.epsilon > 0.0 && std::isfinite(spec.epsilon))) {
        refuse("epsilon is " + number(spec.epsilon) + " (expected a positive number)");
    }
    if ((spec.kind == ProblemKind::randspd || spec.kind == ProblemKind::diagdom) &&
        spec.degree < 1) {
        refuse("degree is " + std::to_string(spec.degree) + " (expected at least 1)");
    }
    if (spec.kind == ProblemKind::diagdom && !(spec.ratio > 1.0 && std::isfinite(spec.ratio))) {
        refuse("ratio is " + number(spec.ratio) +
               " (expected |a_ii| / sum_j |a_ij| > 1 for strict diagonal dominance)");
    }
    if (spec.kind == ProblemKind::denserows && (spec.dense < 1 || spec.dense > rows)) {
        refuse("dense is " + std::to_string(spec.dense) + " (expected 1 to " +
               std::to_string(rows) + ", the number of rows)");
    }
    if (!std::isfinite(spec.shift)) refuse("shift is " + number(spec.shift) + " (expected finite)");
    const double floor = shift_floor(spec, stencil);
    if (!(spec.shift > -floor)) {
        refuse("shift " + number(spec.shift) + " would make " + kind + " " +
               (is_symmetric(spec.kind) ? "indefinite" : "not strictly diagonally dominant") +
               " (expected a shift > " + number(-floor) + ")");
    }
}

CsrMatrix grid(const Stencil& stencil, Index side, Index rows, double shift) {
    const int dims = stencil.dims;
    const std::array<Index, 3> stride = {1, side, dims == 3 ? side * side : rows};
    double diagonal = shift;
    for (int d = 0; d < dims; ++d) diagonal += 2.0 * stencil.weight[d];

    CsrMatrix a;
    a.rows = a.cols = rows;
    // Along each axis, rows / side grid lines with side - 1 couplings each, both ways.
    const auto lines = static_cast<std::size_t>(rows / side);
    const auto nnz = static_cast<std::size_t>(rows) + 2 * static_cast<std::size_t>(dims) * lines *
                                                          static_cast<std::size_t>(side - 1);
    a.row_offsets.resize(static_cast<std::size_t>(rows) + 1);
    a.col_indices.resize(nnz);
    a.values.resize(nnz);
    std::size_t k = 0;
    const auto put = [&a, &k](Index col, double value) {
        a.col_indices[k] = col;
        a.values[k++] = value;
    };
    for (Index r = 0; r < rows; ++r) {
        for (int d = dims - 1; d >= 0; --d) {  // below the diagonal, farthest first
            if ((r / stride[d]) % side > 0) put(r - stride[d], -stencil.weight[d]);
        }
        put(r, diagonal);
        for (int d = 0; d < dims; ++d) {
            if ((r / stride[d]) % side + 1 < side) put(r + stride[d], -stencil.weight[d]);
        }
        a.row_offsets[static_cast<std::size_t>(r) + 1] = static_cast<Offset>(k);
    }
    return a;
}

// The coefficient of varcoef3d at cell (i, j, k) of a side-N grid.
double diffusion_coefficient(Index i, Index j, Index k, Index side) {
    const double h = 2.0 * std::numbers::pi / (static_cast<double>(side) + 1.0);
    return 1.0 + 0.9 * std::sin(h * (i + 1)) * std::sin(h * (j + 1)) * std::sin(h * (k + 1));
}

// varcoef3d: the face between cells p and q couples them by the harmonic
// mean of their coefficients; a boundary face adds the cell's own to the
// diagonal (Dirichlet), as the Laplacian keeps its full diagonal of 6.
CsrMatrix variable_grid3d(Index side, double shift) {
    const Index rows = side * side * side;
    const std::array<Index, 3> stride = {1, side, side * side};
    const auto coefficient = [side](Index r) {
        return diffusion_coefficient(r % side, (r / side) % side, r / (side * side), side);
    };
    const auto face = [](double kp, double kq) { return 2.0 * kp * kq / (kp + kq); };
    CsrMatrix a;
    a.rows = a.cols = rows;
    a.row_offsets.resize(static_cast<std::size_t>(rows) + 1);
    a.col_indices.reserve(static_cast<std::size_t>(rows) * 7);
    a.values.reserve(static_cast<std::size_t>(rows) * 7);
    for (Index r = 0; r < rows; ++r) {
        const double kr = coefficient(r);
        double diagonal = shift;
        std::array<std::pair<Index, double>, 6> below{}, above{};
        int nb = 0, na = 0;
        for (int d = 2; d >= 0; --d) {  // below the diagonal, farthest first
            if ((r / stride[d]) % side > 0) {
                const double w = face(kr, coefficient(r - stride[d]));
                below[nb++] = {r - stride[d], -w};
                diagonal += w;
            } else {
                diagonal += kr;
            }
        }
        for (int d = 0; d < 3; ++d) {
            if ((r / stride[d]) % side + 1 < side) {
                const double w = face(kr, coefficient(r + stride[d]));
                above[na++] = {r + stride[d], -w};
                diagonal += w;
            } else {
                diagonal += kr;
            }
        }
        for (int e = 0; e < nb; ++e) {
            a.col_indices.push_back(below[e].first);
            a.values.push_back(below[e].second);
        }
        a.col_indices.push_back(r);
        a.values.push_back(diagonal);
        for (int e = 0; e < na; ++e) {
            a.col_indices.push_back(above[e].first);
            a.values.push_back(above[e].second);
        }
        a.row_offsets[static_cast<std::size_t>(r) + 1] = static_cast<Offset>(a.values.size());
    }
    return a;
}

/// Triplets for a graph on n vertices: room for `edges` edges, and a zero
/// diagonal entry per row already in place.
std::vector<Triplet> graph_triplets(Index n, std::size_t edges) {
    std::vector<Triplet> t;
    t.reserve(static_cast<std::size_t>(n) + edges);
    for (Index i = 0; i < n; ++i) t.push_back({i, i, 0.0});
    return t;
}

/// L + (1 + shift) I, where `t` holds graph_triplets' diagonal and each edge
/// once as (i, j, -weight); repeated edges are summed.
CsrMatrix laplacian_plus_identity(Index n, std::vector<Triplet> t, double shift) {
    CsrMatrix a = detail::assemble_csr(n, n, t, detail::Mirror::symmetric);
    std::vector<Triplet>().swap(t);
    for (Index r = 0; r < n; ++r) {
        const Offset first = a.row_offsets[r];
        const Offset last = a.row_offsets[r + 1];
        double degree = 0.0;
        for (Offset k = first; k < last; ++k) degree -= a.values[k];
        const Index* cols = a.col_indices.data();
        const Offset diagonal = std::lower_bound(cols + first, cols + last, r) - cols;
        a.values[diagonal] = degree + 1.0 + shift;
    }
    return a;
}

CsrMatrix random_graph(Index n, int degree, double shift, std::uint64_t seed) {
    const std::int64_t edges = n < 2 ? 0 : static_cast<std::int64_t>(n) * degree / 2;
    std::vector<Triplet> t = graph_triplets(n, static_cast<std::size_t>(edges));
    Random random(seed);
    for (std::int64_t e = 0; e < edges; ++e) {
        const Index i = random.below(n);
        const Index j = random.other_than(i, n);
        t.push_back({i, j, random.uniform() - 1.0});  // weight in (0, 1]
    }
    return laplacian_plus_identity(n, std::move(t), shift);
}

CsrMatrix path_with_hubs(Index n, Index hubs, double shift) {
    const auto hub = [n, hubs](Index d) {  // the middle of the d-th of `hubs` equal segments
        return static_cast<Index>((2 * std::int64_t{d} + 1) * n / (2 * std::int64_t{hubs}));
    };
    const double weight = 1.0 / n;
    std::vector<Triplet> t =
        graph_triplets(n, (static_cast<std::size_t>(hubs) + 1) * static_cast<std::size_t>(n));
    for (Index i = 0; i + 1 < n; ++i) t.push_back({i, i + 1, -1.0});
    for (Index d = 0; d < hubs; ++d) {
        const Index h = hub(d);
        Index earlier = 0;  // hubs before d are already joined to this one
        for (Index j = 0; j < n; ++j) {
            if (earlier < d && j == hub(earlier)) {
                ++earlier;
            } else if (j != h) {
                t.push_back({h, j, -weight});
            }
        }
    }
    return laplacian_plus_identity(n, std::move(t), shift);
}

CsrMatrix diagonally_dominant(Index n, int degree, double ratio, double shift, std::uint64_t seed) {
    CsrMatrix a;
    a.rows = a.cols = n;
    const auto per_row = static_cast<std::size_t>(std::min<std::int64_t>(degree, n - 1)) + 1;
    a.row_offsets.reserve(static_cast<std::size_t>(n) + 1);
    a.col_indices.reserve(per_row * static_cast<std::size_t>(n));
    a.values.reserve(per_row * static_cast<std::size_t>(n));
    Random random(seed);
    std::vector<std::pair<Index, double>> row;
    const auto by_column = [](const auto& x, const auto& y) { return x.first < y.first; };
    const auto same_column = [](const auto& x, const auto& y) { return x.first == y.first; };
    for (Index i = 0; i < n; ++i) {
        row.clear();
        for (int k = 0; k < degree; ++k) {
            const Index j = random.other_than(i, n);
            const double u = random.uniform();
            row.emplace_back(j, u < 0.5 ? -0.5 - u : u);  // |value| in [0.5, 1), either sign
        }
        std::stable_sort(row.begin(), row.end(), by_column);
        row.erase(std::unique(row.begin(), row.end(), same_column), row.end());
        double off_diagonal = 0.0;
        for (const auto& entry : row) off_diagonal += std::abs(entry.second);
        const auto upper = std::partition_point(row.begin(), row.end(),
                                                [i](const auto& entry) { return entry.first < i; });
        row.insert(upper, {i, ratio * off_diagonal + shift});
        for (const auto& [col, value] : row) {
            a.col_indices.push_back(col);
            a.values.push_back(value);
        }
        a.row_offsets.push_back(static_cast<Offset>(a.col_indices.size()));
    }
    return a;
}

}  // namespace

CsrMatrix generate_matrix(const ProblemSpec& spec) {
    const Stencil stencil = stencil_of(spec);
    const Index rows = checked_rows(spec, stencil.dims);
    check_parameters(spec, rows, stencil);
    switch (spec.kind) {
        case ProblemKind::poisson2d:
        case ProblemKind::poisson3d:
        case ProblemKind::aniso2d:
            return grid(stencil, static_cast<Index>(size_of(spec)), rows, spec.shift);
        case ProblemKind::randspd:
            return random_graph(rows, spec.degree, spec.shift, spec.seed);
        case ProblemKind::diagdom:
            return diagonally_dominant(rows, spec.degree, spec.ratio, spec.shift, spec.seed);
        case ProblemKind::denserows:
            return path_with_hubs(rows, spec.dense, spec.shift);
        case ProblemKind::varcoef3d:
            return variable_grid3d(static_cast<Index>(size_of(spec)), spec.shift);
    }
    refuse("unknown problem kind");
}

}  // namespace asor
