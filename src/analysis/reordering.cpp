#include "asor/reordering.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

#include "asor/error.hpp"
#include "core/enum_names.hpp"

namespace asor {

namespace {

constexpr std::array<Reorder, 3> kReorders = {Reorder::none, Reorder::rcm, Reorder::automatic};

void require_square(CsrView a) {
    if (a.rows != a.cols) {
        throw Error(ErrorKind::input, "matrix is " + std::to_string(a.rows) + " x " +
                                          std::to_string(a.cols) +
                                          " (a symmetric reordering needs a square matrix)");
    }
}

// The pattern of A + A^T without the diagonal, as adjacency lists: each
// node's neighbours sorted and listed once.
struct Graph {
    std::vector<Offset> offsets;
    std::vector<Index> neighbours;

    [[nodiscard]] Index nodes() const { return static_cast<Index>(offsets.size()) - 1; }
    [[nodiscard]] Offset degree(Index v) const { return offsets[v + 1] - offsets[v]; }
};

Graph symmetric_pattern(CsrView a) {
    const Index n = a.rows;
    // A^T's pattern by counting sort: scanning rows in order leaves each of
    // its rows sorted, as A's are, so that row i of A + A^T is a merge.
    std::vector<Offset> t_offsets(static_cast<std::size_t>(n) + 1, 0);
    for (const Index j : a.col_indices) ++t_offsets[j + 1];
    for (Index j = 0; j < n; ++j) t_offsets[j + 1] += t_offsets[j];
    std::vector<Index> t_rows(a.col_indices.size());
    {
        std::vector<Offset> next(t_offsets.begin(), t_offsets.end() - 1);
        for (Index i = 0; i < n; ++i) {
            for (Offset k = a.row_offsets[i]; k < a.row_offsets[i + 1]; ++k) {
                t_rows[next[a.col_indices[k]]++] = i;
            }
        }
    }
    // Row i of A merged with row i of A^T, the diagonal left out; counted
    // first so that the lists take no more memory than they need.
    const auto merge = [&](Index i, auto&& emit) {
        Offset p = a.row_offsets[i], q = t_offsets[i];
        const Offset p_end = a.row_offsets[i + 1], q_end = t_offsets[i + 1];
        while (p < p_end || q < q_end) {
            Index j;
            if (q == q_end || (p < p_end && a.col_indices[p] < t_rows[q])) {
                j = a.col_indices[p++];
            } else if (p == p_end || t_rows[q] < a.col_indices[p]) {
                j = t_rows[q++];
            } else {
                j = a.col_indices[p++];
                ++q;
            }
            if (j != i) emit(j);
        }
    };
    Graph g;
    g.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
    for (Index i = 0; i < n; ++i) {
        Offset count = 0;
        merge(i, [&](Index) { ++count; });
        g.offsets[i + 1] = g.offsets[i] + count;
    }
    g.neighbours.resize(static_cast<std::size_t>(g.offsets[n]));
    for (Index i = 0; i < n; ++i) {
        Offset at = g.offsets[i];
        merge(i, [&](Index j) { g.neighbours[at++] = j; });
    }
    return g;
}

// Breadth-first searches over one component, reusing their arrays.
class LevelSearch {
  public:
    explicit LevelSearch(const Graph& g)
        : g_(g), queue_(static_cast<std::size_t>(g.nodes())), seen_(queue_.size(), 0) {}

    /// Searches from `root`; returns the number of levels. last_level()
    /// then holds the nodes of the deepest one.
    Index run(Index root) {
        ++stamp_;
        seen_[root] = stamp_;
        queue_[0] = root;
        std::size_t size = 1, level_begin = 0;
        Index levels = 0;
        while (level_begin < size) {
            const std::size_t level_end = size;
            for (std::size_t h = level_begin; h < level_end; ++h) {
                const Index v = queue_[h];
                for (Offset k = g_.offsets[v]; k < g_.offsets[v + 1]; ++k) {
                    const Index u = g_.neighbours[k];
                    if (seen_[u] == stamp_) continue;
                    seen_[u] = stamp_;
                    queue_[size++] = u;
                }
            }
            last_begin_ = level_begin;
            last_end_ = level_end;
            level_begin = level_end;
            ++levels;
        }
        return levels;
    }

    [[nodiscard]] std::span<const Index> last_level() const {
        return std::span<const Index>(queue_).subspan(last_begin_, last_end_ - last_begin_);
    }

  private:
    const Graph& g_;
    std::vector<Index> queue_;
    std::vector<std::uint32_t> seen_;  ///< == stamp_: reached by the current search
    std::uint32_t stamp_ = 0;
    std::size_t last_begin_ = 0;
    std::size_t last_end_ = 0;
};

// Each search costs a pass over the component; the number of levels grows
// by at least one per accepted search, and in practice stops after two or
// three. The cap bounds the setup on a pathological graph.
constexpr int kMaxPeripheralSearches = 16;

// George and Liu's pseudo-peripheral node of root's component: a node
// whose level structure is as deep as any of its last level's.
Index pseudo_peripheral(LevelSearch& search, const Graph& g, Index root) {
    Index levels = search.run(root);
    for (int tries = 0; tries < kMaxPeripheralSearches; ++tries) {
        const std::span<const Index> last = search.last_level();
        const Index candidate = *std::min_element(
            last.begin(), last.end(), [&](Index u, Index v) { return g.degree(u) < g.degree(v); });
        const Index deeper = search.run(candidate);
        if (deeper <= levels) break;
        root = candidate;
        levels = deeper;
    }
    return root;
}

std::vector<Index> inverse_of(std::span<const Index> perm) {
    std::vector<Index> inverse(perm.size());
    for (std::size_t k = 0; k < perm.size(); ++k) inverse[perm[k]] = static_cast<Index>(k);
    return inverse;
}

// The spread of A's entries with rows and columns renumbered by `renumber`.
// A's rows are read in their order: in the new one, each row would be a
// cache miss on a matrix in random order.
template <class Renumber>
Spread spread_of(CsrView a, Renumber&& renumber) {
    Spread s;
    std::int64_t count = 0;
    double sum = 0.0;
    for (Index r = 0; r < a.rows; ++r) {
        const Index i = renumber(r);
        for (Offset k = a.row_offsets[r]; k < a.row_offsets[r + 1]; ++k) {
            const Index j = renumber(a.col_indices[k]);
            if (j == i) continue;
            const Index d = j > i ? j - i : i - j;
            s.bandwidth = std::max(s.bandwidth, d);
            sum += d;
            ++count;
        }
    }
    s.mean_distance = count > 0 ? sum / static_cast<double>(count) : 0.0;
    return s;
}

// "bandwidth B -> B', mean |i - j| M -> M' (Fx smaller)"
std::string describe(const Spread& before, const Spread& after, double factor) {
    char text[192];
    std::snprintf(text, sizeof text,
                  "bandwidth %d -> %d, mean |i - j| %.4g -> %.4g (%.3gx smaller)", before.bandwidth,
                  after.bandwidth, before.mean_distance, after.mean_distance, factor);
    return text;
}

}  // namespace

std::string_view to_string(Reorder reorder) noexcept {
    switch (reorder) {
        case Reorder::none:
            return "none";
        case Reorder::rcm:
            return "rcm";
        case Reorder::automatic:
            return "auto";
    }
    return "unknown";
}

Reorder parse_reorder(std::string_view name) {
    return detail::parse_by_name<Reorder>(name, kReorders, "reordering");
}

Spread measure_spread(CsrView a) noexcept {
    return spread_of(a, [](Index i) { return i; });
}

Spread measure_spread(CsrView a, std::span<const Index> perm) {
    require_square(a);
    check_permutation(perm, a.rows);
    const std::vector<Index> inverse = inverse_of(perm);
    return spread_of(a, [&](Index i) { return inverse[i]; });
}

std::vector<Index> rcm_ordering(CsrView a) {
    require_square(a);
    const Graph g = symmetric_pattern(a);
    const Index n = a.rows;
    LevelSearch search(g);
    std::vector<Index> order;
    order.reserve(static_cast<std::size_t>(n));
    std::vector<char> numbered(static_cast<std::size_t>(n), 0);
    std::vector<Index> fresh;  // one node's neighbours not yet numbered
    const auto by_degree = [&](Index u, Index v) {
        return g.degree(u) != g.degree(v) ? g.degree(u) < g.degree(v) : u < v;
    };
    for (Index seed = 0; seed < n; ++seed) {
        if (numbered[seed]) continue;
        // Cuthill-McKee over seed's component: order serves as the queue.
        const Index start = pseudo_peripheral(search, g, seed);
        numbered[start] = 1;
        order.push_back(start);
        for (std::size_t head = order.size() - 1; head < order.size(); ++head) {
            const Index v = order[head];
            fresh.clear();
            for (Offset k = g.offsets[v]; k < g.offsets[v + 1]; ++k) {
                const Index u = g.neighbours[k];
                if (numbered[u]) continue;
                numbered[u] = 1;
                fresh.push_back(u);
            }
            std::sort(fresh.begin(), fresh.end(), by_degree);
            order.insert(order.end(), fresh.begin(), fresh.end());
        }
    }
    std::reverse(order.begin(), order.end());
    return order;
}

void check_permutation(std::span<const Index> perm, Index n) {
    if (perm.size() != static_cast<std::size_t>(n)) {
        throw Error(ErrorKind::input, "permutation has " + std::to_string(perm.size()) +
                                          " entries (expected " + std::to_string(n) +
                                          ", the matrix size)");
    }
    std::vector<char> seen(perm.size(), 0);
    for (std::size_t k = 0; k < perm.size(); ++k) {
        const Index v = perm[k];
        if (v < 0 || v >= n) {
            throw Error(ErrorKind::input, "permutation entry " + std::to_string(k) + " is " +
                                              std::to_string(v) + " (expected 0 to " +
                                              std::to_string(n - 1) + ")");
        }
        if (seen[v]) {
            throw Error(ErrorKind::input, "permutation entry " + std::to_string(k) + " repeats " +
                                              std::to_string(v) + " (expected each of 0 to " +
                                              std::to_string(n - 1) + " once)");
        }
        seen[v] = 1;
    }
}

CsrMatrix permute_symmetric(CsrView a, std::span<const Index> perm) {
    require_square(a);
    check_permutation(perm, a.rows);
    const Index n = a.rows;
    const std::vector<Index> inverse = inverse_of(perm);
    CsrMatrix b;
    b.rows = b.cols = n;
    b.row_offsets.assign(static_cast<std::size_t>(n) + 1, 0);
    Offset longest = 0;
    for (Index i = 0; i < n; ++i) {
        const Offset length = a.row_offsets[perm[i] + 1] - a.row_offsets[perm[i]];
        b.row_offsets[i + 1] = b.row_offsets[i] + length;
        longest = std::max(longest, length);
    }
    b.col_indices.resize(a.col_indices.size());
    b.values.resize(a.values.size());
    // One buffer per thread, allocated here: nothing may throw inside the
    // parallel region.
    const int team = omp_get_max_threads();
    std::vector<std::vector<std::pair<Index, double>>> buffers(static_cast<std::size_t>(team));
    for (auto& buffer : buffers) buffer.reserve(static_cast<std::size_t>(longest));
        // A's rows are read in their order and each is written where it goes:
        // scattered stores cost less than gathered loads on a matrix in random
        // order, where every row is a cache miss.
#pragma omp parallel num_threads(team)
    {
        std::vector<std::pair<Index, double>>& row = buffers[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 4096)
        for (Index r = 0; r < n; ++r) {
            row.clear();
            const Index i = inverse[r];
            for (Offset k = a.row_offsets[r]; k < a.row_offsets[r + 1]; ++k) {
                row.emplace_back(inverse[a.col_indices[k]], a.values[k]);
            }
            std::sort(row.begin(), row.end(),
                      [](const auto& x, const auto& y) { return x.first < y.first; });
            Offset at = b.row_offsets[i];
            for (const auto& [j, v] : row) {
                b.col_indices[at] = j;
                b.values[at++] = v;
            }
        }
    }
    return b;
}

void permute_vector(std::span<const double> v, std::span<const Index> perm,
                    std::span<double> out) noexcept {
    for (std::size_t k = 0; k < perm.size(); ++k) out[k] = v[perm[k]];
}

void unpermute_vector(std::span<const double> v, std::span<const Index> perm,
                      std::span<double> out) noexcept {
    for (std::size_t k = 0; k < perm.size(); ++k) out[perm[k]] = v[k];
}

ReorderingChoice choose_reordering(CsrView a, Reorder asked) {
    const auto start = std::chrono::steady_clock::now();
    ReorderingChoice choice;
    ReorderingReport& r = choice.report;
    r.asked = asked;
    if (asked == Reorder::none) {
        r.rule = "none asked";
        return choice;
    }
    r.before = measure_spread(a);
    std::vector<Index> perm = rcm_ordering(a);
    r.after = measure_spread(a, perm);
    // No entry off the diagonal: nothing to gain, whatever the order.
    const double factor =
        r.after.mean_distance > 0.0 ? r.before.mean_distance / r.after.mean_distance : 1.0;
    const std::string spreads = describe(r.before, r.after, factor);
    if (asked == Reorder::rcm) {
        r.applied = true;
        r.rule = "rcm asked: " + spreads;
    } else {
        char threshold[64];
        std::snprintf(threshold, sizeof threshold, "; auto keeps it from %gx", kAutoReorderFactor);
        r.applied = factor >= kAutoReorderFactor;
        r.rule = std::string(r.applied ? "rcm" : "none") + ": RCM gives " + spreads + threshold;
    }
    if (r.applied) choice.perm = std::move(perm);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return choice;
}

}  // namespace asor
