// asor (internal): the figures all ranks decide on, reduced across ranks.
#pragma once

#include <optional>

#include "mpi_messages.hpp"
#include "watchdog.hpp"

namespace asor::detail {

/// One rank's contribution to a decision, and after the reduction the same
/// figures for all ranks (each field reduced as its comment says).
struct GlobalFigures {
    double residual_sq = 0.0;  ///< sum: squared relative residual (estimate or true)
    double sweeps_min = 0.0;   ///< min: sweeps of the slowest block
    double sweeps_max = 0.0;   ///< max: sweeps of the fastest block
    double elapsed = 0.0;      ///< max: seconds since the solve started
    double cancel = 0.0;       ///< max: 1 where the cancel flag is raised
    /// max: 1 where the estimate does not yet reflect the neighbours'
    /// latest values, so that convergence cannot be declared on it.
    double stale = 0.0;
    /// max: 1 where a snapshot is due (rank 0's clock): every rank pauses.
    double snapshot = 0.0;
};

/// The reduction of GlobalFigures: one MPI_Iallreduce in flight at a time,
/// polled, or waited for (served by the watchdog). Every rank must start the
/// same reductions in the same order. Owns an MPI datatype and operation,
/// freed by the destructor (before MPI_Finalize), which waits for a
/// reduction still in flight unless an exception is unwinding the stack (a
/// rank fell silent: the reduction will never complete).
class FiguresReduction {
  public:
    explicit FiguresReduction(Watchdog& watchdog);
    ~FiguresReduction();
    FiguresReduction(const FiguresReduction&) = delete;
    FiguresReduction& operator=(const FiguresReduction&) = delete;

    /// Starts a non-blocking reduction of `local`; none may be in flight.
    void start(const GlobalFigures& local);
    [[nodiscard]] bool in_flight() const noexcept { return request_ != MPI_REQUEST_NULL; }
    /// The result once the reduction in flight completed, else nothing.
    std::optional<GlobalFigures> test();
    /// A reduction waited for; none may be in flight.
    GlobalFigures all_reduce(const GlobalFigures& local);

  private:
    Watchdog& watchdog_;
    MPI_Datatype type_ = MPI_DATATYPE_NULL;
    MPI_Op op_ = MPI_OP_NULL;
    MPI_Request request_ = MPI_REQUEST_NULL;
    GlobalFigures local_;
    GlobalFigures reduced_;
};

}  // namespace asor::detail
