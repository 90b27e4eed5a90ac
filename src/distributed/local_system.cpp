// Rank 0 reads A x = b and hands each rank its rows; each rank renumbers
// its columns and learns, once, whose rows its ghosts are.
#include "local_system.hpp"

#include <algorithm>
#include <optional>

#include "asor/detail/compact_matrix.hpp"
#include "asor/detail/linear_system.hpp"
#include "asor/detail/row_partition.hpp"
#include "asor/error.hpp"
#include "asor/matrix_market.hpp"
#include "mpi_messages.hpp"
#include "watchdog.hpp"

namespace asor::detail {

namespace {

// What rank 0 holds while it distributes: all of A x = b, checked.
struct WholeSystem {
    CsrMatrix a;
    std::vector<double> b;
    std::vector<double> inverse_diagonal;
    double rhs_norm = 1.0;
    std::vector<Index> row_bounds;
    std::vector<double> x0;  ///< empty: x0 = 0
};

// A vector read from `path` with one entry per row of A.
std::vector<double> read_entries(const std::string& path, const char* what, Index n,
                                 const std::string& matrix_path) {
    std::vector<double> v = read_vector(path);
    if (v.size() != static_cast<std::size_t>(n)) {
        throw Error(ErrorKind::input, path + ": " + what + " has " + std::to_string(v.size()) +
                                          " entries (expected " + std::to_string(n) +
                                          ", the size of " + matrix_path + ")");
    }
    return v;
}

WholeSystem read_whole_system(const std::string& matrix_path, const std::string& rhs_path,
                              int threads, int ranks, const DistributedOptions& input) {
    WholeSystem whole;
    whole.a = read_matrix(matrix_path);
    try {
        whole.inverse_diagonal = prepare_matrix(whole.a, threads).inverse_diagonal;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::input) throw;
        throw Error(ErrorKind::input, matrix_path + ": " + e.what());
    }
    const Index n = whole.a.rows;
    whole.b = rhs_path.empty() ? rhs_for_ones_solution(whole.a)
                               : read_entries(rhs_path, "right-hand side", n, matrix_path);
    whole.rhs_norm = check_rhs(whole.b, n);
    if (!input.x0_path.empty()) {
        whole.x0 = read_entries(input.x0_path, "initial guess", n, matrix_path);
    }
    if (input.on_root_input) input.on_root_input(whole.a);
    if (n < ranks) {
        throw Error(ErrorKind::input, matrix_path + ": " + std::to_string(n) +
                                          " rows cannot be shared by " + std::to_string(ranks) +
                                          " ranks (expected at least one row per rank)");
    }
    const RowPartition partition = RowPartition::balanced_by_nonzeros(whole.a, ranks);
    for (int r = 0; r <= ranks; ++r) whole.row_bounds.push_back(partition.first_row(r));
    return whole;
}

// Rank 0: rows [first, end) of A, b and the inverse diagonal to `rank`.
void send_rows(const WholeSystem& whole, Index first, Index end, int rank, Watchdog& watchdog) {
    const CsrMatrix& a = whole.a;
    std::vector<Offset> offsets(a.row_offsets.begin() + first, a.row_offsets.begin() + end + 1);
    const Offset base = offsets.front();
    for (Offset& o : offsets) o -= base;
    const auto nnz = static_cast<std::size_t>(offsets.back());
    send_in_chunks<Offset>(offsets, rank, watchdog);
    send_in_chunks<Index>(std::span(a.col_indices).subspan(base, nnz), rank, watchdog);
    send_in_chunks<double>(std::span(a.values).subspan(base, nnz), rank, watchdog);
    send_in_chunks<double>(std::span(whole.b).subspan(first, end - first), rank, watchdog);
    send_in_chunks<double>(std::span(whole.inverse_diagonal).subspan(first, end - first), rank,
                           watchdog);
    if (!whole.x0.empty())
        send_in_chunks<double>(std::span(whole.x0).subspan(first, end - first), rank, watchdog);
}

void receive_rows(LocalSystem& local, Index rows, Watchdog& watchdog) {
    std::vector<Offset> offsets(static_cast<std::size_t>(rows) + 1);
    receive_in_chunks<Offset>(offsets, 0, watchdog);
    const auto nnz = static_cast<std::size_t>(offsets.back());
    std::vector<Index> columns(nnz);
    std::vector<double> values(nnz);
    receive_in_chunks<Index>(columns, 0, watchdog);
    receive_in_chunks<double>(values, 0, watchdog);
    local.rhs.resize(static_cast<std::size_t>(rows));
    local.inverse_diagonal.resize(static_cast<std::size_t>(rows));
    receive_in_chunks<double>(local.rhs, 0, watchdog);
    receive_in_chunks<double>(local.inverse_diagonal, 0, watchdog);
    if (!local.x0.empty()) receive_in_chunks<double>(local.x0, 0, watchdog);
    watchdog.serve_while([&] { localize(offsets, columns, values, local); });
}

void keep_own_rows(const WholeSystem& whole, LocalSystem& local, Index end) {
    const CsrMatrix& a = whole.a;
    const auto nnz = static_cast<std::size_t>(a.row_offsets[end]);
    localize(std::span(a.row_offsets).first(static_cast<std::size_t>(end) + 1),
             std::span(a.col_indices).first(nnz), std::span(a.values).first(nnz), local);
    local.rhs.assign(whole.b.begin(), whole.b.begin() + end);
    local.inverse_diagonal.assign(whole.inverse_diagonal.begin(),
                                  whole.inverse_diagonal.begin() + end);
    if (!whole.x0.empty()) local.x0.assign(whole.x0.begin(), whole.x0.begin() + end);
}

// The sizes every rank learns from rank 0, and whether an x0 follows the
// rows.
void broadcast_shape(LocalSystem& local, int ranks, bool has_x0, Watchdog& watchdog) {
    int compact = local.compact ? 1 : 0;
    broadcast_from_root(&compact, 1, MPI_INT, watchdog);
    local.compact = compact != 0;
    local.row_bounds.resize(static_cast<std::size_t>(ranks) + 1);
    broadcast_from_root(local.row_bounds.data(), ranks + 1, mpi_type<Index>(), watchdog);
    broadcast_from_root(&local.global_nonzeros, 1, mpi_type<Offset>(), watchdog);
    broadcast_from_root(&local.rhs_norm, 1, MPI_DOUBLE, watchdog);
    int x0_follows = has_x0 ? 1 : 0;
    broadcast_from_root(&x0_follows, 1, MPI_INT, watchdog);
    local.global_rows = local.row_bounds.back();
    const int rank = world_rank();
    local.first_row = local.row_bounds[rank];
    // Sized here, filled by the rows' messages.
    if (x0_follows)
        local.x0.resize(static_cast<std::size_t>(local.row_bounds[rank + 1] - local.first_row));
}

}  // namespace

void localize(std::span<const Offset> offsets, std::span<const Index> columns,
              std::span<const double> values, LocalSystem& local) {
    const Index rows = static_cast<Index>(offsets.size()) - 1;
    const Index first = local.first_row;
    const auto own = [&](Index j) { return j >= first && j < first + rows; };
    local.ghost_columns.clear();
    for (const Index j : columns) {
        if (!own(j)) local.ghost_columns.push_back(j);
    }
    std::sort(local.ghost_columns.begin(), local.ghost_columns.end());
    local.ghost_columns.erase(std::unique(local.ghost_columns.begin(), local.ghost_columns.end()),
                              local.ghost_columns.end());
    const auto ghost = [&](Index j) {
        return rows + static_cast<Index>(std::lower_bound(local.ghost_columns.begin(),
                                                          local.ghost_columns.end(), j) -
                                         local.ghost_columns.begin());
    };
    CsrMatrix& m = local.matrix;
    m.rows = rows;
    m.cols = rows + static_cast<Index>(local.ghost_columns.size());
    m.row_offsets.assign(1, 0);
    m.col_indices.clear();
    m.values.clear();
    m.col_indices.reserve(columns.size());
    m.values.reserve(values.size());
    for (Index i = 0; i < rows; ++i) {
        // Own columns, then ghosts: increasing local numbers, as the ghosts
        // below the own rows come before those above in ghost_columns.
        for (const bool pass_own : {true, false}) {
            for (Offset k = offsets[i]; k < offsets[i + 1]; ++k) {
                const Index j = columns[k];
                if (own(j) != pass_own) continue;
                m.col_indices.push_back(pass_own ? j - first : ghost(j));
                m.values.push_back(values[k]);
            }
        }
        m.row_offsets.push_back(static_cast<Offset>(m.col_indices.size()));
    }
}

LocalSystem distribute_system(const std::string& matrix_path, const std::string& rhs_path,
                              int threads, Watchdog& watchdog, const DistributedOptions& input,
                              Storage storage) {
    const int ranks = world_size();
    std::optional<WholeSystem> whole;
    LocalSystem local;
    bool has_x0 = false;
    on_root_collectively(
        [&] {
            whole = read_whole_system(matrix_path, rhs_path, threads, ranks, input);
            local.row_bounds = whole->row_bounds;
            local.global_nonzeros = whole->a.nnz();
            local.rhs_norm = whole->rhs_norm;
            has_x0 = !whole->x0.empty();
            try {
                local.compact = compact_chosen(whole->a, storage, threads);
            } catch (const Error& e) {
                // Named as one process names it.
                if (e.kind() != ErrorKind::input) throw;
                throw Error(ErrorKind::input, matrix_path + ": " + e.what());
            }
        },
        watchdog);
    broadcast_shape(local, ranks, has_x0, watchdog);
    const int rank = world_rank();
    if (rank != 0) {
        receive_rows(local, local.row_bounds[rank + 1] - local.first_row, watchdog);
        return local;
    }
    for (int r = 1; r < ranks; ++r) {
        send_rows(*whole, local.row_bounds[r], local.row_bounds[r + 1], r, watchdog);
    }
    watchdog.serve_while([&] { keep_own_rows(*whole, local, local.row_bounds[1]); });
    return local;
}

HaloPlan plan_halo(const LocalSystem& local, Watchdog& watchdog) {
    const int ranks = static_cast<int>(local.row_bounds.size()) - 1;
    HaloPlan plan;
    // Ghosts are increasing, so each owner's form one run.
    std::vector<int> wanted(static_cast<std::size_t>(ranks), 0);
    Index k = 0;
    const auto ghosts = static_cast<Index>(local.ghost_columns.size());
    while (k < ghosts) {
        const auto owner =
            static_cast<int>(std::upper_bound(local.row_bounds.begin(), local.row_bounds.end(),
                                              local.ghost_columns[k]) -
                             local.row_bounds.begin()) -
            1;
        Index end = k;
        while (end < ghosts && local.ghost_columns[end] < local.row_bounds[owner + 1]) ++end;
        plan.incoming.push_back({owner, k, end - k});
        wanted[owner] = end - k;
        k = end;
    }
    std::vector<int> asked(static_cast<std::size_t>(ranks), 0);
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Ialltoall(wanted.data(), 1, MPI_INT, asked.data(), 1, MPI_INT, MPI_COMM_WORLD, &request);
    watchdog.wait_all(std::span(&request, 1));
    std::vector<int> send_at(static_cast<std::size_t>(ranks), 0), receive_at(send_at);
    for (int r = 1; r < ranks; ++r) {
        send_at[r] = send_at[r - 1] + wanted[r - 1];
        receive_at[r] = receive_at[r - 1] + asked[r - 1];
    }
    std::vector<Index> requests(static_cast<std::size_t>(receive_at.back() + asked.back()));
    MPI_Ialltoallv(local.ghost_columns.data(), wanted.data(), send_at.data(), mpi_type<Index>(),
                   requests.data(), asked.data(), receive_at.data(), mpi_type<Index>(),
                   MPI_COMM_WORLD, &request);
    watchdog.wait_all(std::span(&request, 1));
    for (int r = 0; r < ranks; ++r) {
        if (asked[r] == 0) continue;
        HaloPlan::Outgoing out{r, {}};
        for (int q = 0; q < asked[r]; ++q)
            out.rows.push_back(requests[receive_at[r] + q] - local.first_row);
        plan.outgoing.push_back(std::move(out));
    }
    return plan;
}

}  // namespace asor::detail
