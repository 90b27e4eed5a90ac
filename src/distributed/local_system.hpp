// asor (internal): one rank's share of A x = b, and where its other
// columns live.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "asor/csr_matrix.hpp"
#include "asor/distributed.hpp"
#include "asor/storage.hpp"

namespace asor::detail {

class Watchdog;

/// Rows [first_row, first_row + matrix.rows) of A x = b. Columns are
/// renumbered: the rank's own rows' columns first (global j is local
/// j - first_row), then its ghosts, the columns owned by other ranks (local
/// matrix.rows + k is global ghost_columns[k]). Each row's local columns
/// are increasing, so the sweeps see a CsrMatrix like any other, and the x
/// they relax holds the own entries then the ghosts.
struct LocalSystem {
    std::vector<Index> row_bounds;  ///< rank r owns [row_bounds[r], row_bounds[r + 1])
    Index first_row = 0;
    Index global_rows = 0;
    Offset global_nonzeros = 0;
    CsrMatrix matrix;                      ///< own rows x (own + ghost) columns
    std::vector<Index> ghost_columns;      ///< increasing global columns
    std::vector<double> rhs;               ///< own rows of b
    std::vector<double> inverse_diagonal;  ///< own rows' 1 / a_ii
    double rhs_norm = 1.0;                 ///< ||b||_2 of all of b (1 when b = 0)
    std::vector<double> x0;                ///< own rows of the initial guess; empty: 0
    /// Whether the sweeps read the own rows in compact form: rank 0's
    /// compact_chosen on all of A, the same on every rank.
    bool compact = false;
};

/// Collective. Rank 0 reads A (and b from `rhs_path`, or b = A * ones when
/// it is empty, and x0 from input.x0_path), checks them as prepare_matrix
/// and check_rhs do, calls input.on_root_input, decides on `storage` as
/// one process would (compact_chosen), splits the
/// rows by non-zeros among the ranks and sends each its rows in bounded
/// messages; every rank returns its LocalSystem. Every wait, and rank 0's
/// reading, serves `watchdog`. Throws asor::Error on every rank alike when
/// rank 0 finds the input bad (see on_root_collectively), RankSilentError
/// on the rank that noticed another fall silent.
LocalSystem distribute_system(const std::string& matrix_path, const std::string& rhs_path,
                              int threads, Watchdog& watchdog, const DistributedOptions& input = {},
                              Storage storage = Storage::double_precision);

/// Rows [first_row, first_row + offsets.size() - 1) of a CSR matrix whose
/// columns are global (offsets start at 0): the local matrix and ghost
/// columns of LocalSystem.
void localize(std::span<const Offset> offsets, std::span<const Index> columns,
              std::span<const double> values, LocalSystem& local);

/// The neighbours of one rank: whom it receives ghost values from, and
/// which of its own rows each other rank needs.
struct HaloPlan {
    struct Incoming {
        int rank;
        Index first_ghost;  ///< the rank's values land in ghosts [first, first + count)
        Index count;
    };
    struct Outgoing {
        int rank;
        std::vector<Index> rows;  ///< local own rows whose values it needs, in its ghost order
    };
    std::vector<Incoming> incoming;
    std::vector<Outgoing> outgoing;
};

/// Collective: each rank tells every owner which of its rows it needs
/// (MPI_Alltoall of the counts, MPI_Alltoallv of the rows), once, waiting
/// through `watchdog`.
HaloPlan plan_halo(const LocalSystem& local, Watchdog& watchdog);

}  // namespace asor::detail
