// One user-defined MPI operation reduces all the figures of a decision at
// once, so that a single non-blocking reduction is in flight.
#include "global_figures.hpp"

#include <algorithm>
#include <exception>

namespace asor::detail {

namespace {

constexpr int kFields = sizeof(GlobalFigures) / sizeof(double);
static_assert(sizeof(GlobalFigures) == kFields * sizeof(double));

void combine(void* in, void* inout, int* length, MPI_Datatype* /*type*/) {
    const auto* a = static_cast<const GlobalFigures*>(in);
    auto* b = static_cast<GlobalFigures*>(inout);
    for (int k = 0; k < *length; ++k) {
        b[k].residual_sq += a[k].residual_sq;
        b[k].sweeps_min = std::min(b[k].sweeps_min, a[k].sweeps_min);
        b[k].sweeps_max = std::max(b[k].sweeps_max, a[k].sweeps_max);
        b[k].elapsed = std::max(b[k].elapsed, a[k].elapsed);
        b[k].cancel = std::max(b[k].cancel, a[k].cancel);
        b[k].stale = std::max(b[k].stale, a[k].stale);
        b[k].snapshot = std::max(b[k].snapshot, a[k].snapshot);
    }
}

}  // namespace

FiguresReduction::FiguresReduction(Watchdog& watchdog) : watchdog_(watchdog) {
    MPI_Type_contiguous(kFields, MPI_DOUBLE, &type_);
    MPI_Type_commit(&type_);
    MPI_Op_create(combine, /*commute=*/1, &op_);
}

FiguresReduction::~FiguresReduction() {
    if (request_ != MPI_REQUEST_NULL) {
        // Abandoned to MPI_Abort, with the operation it uses.
        if (std::uncaught_exceptions() > 0) return;
        MPI_Wait(&request_, MPI_STATUS_IGNORE);
    }
    MPI_Op_free(&op_);
    MPI_Type_free(&type_);
}

void FiguresReduction::start(const GlobalFigures& local) {
    local_ = local;
    MPI_Iallreduce(&local_, &reduced_, 1, type_, op_, MPI_COMM_WORLD, &request_);
}

std::optional<GlobalFigures> FiguresReduction::test() {
    int done = 0;
    MPI_Test(&request_, &done, MPI_STATUS_IGNORE);
    if (!done) return std::nullopt;
    return reduced_;
}

GlobalFigures FiguresReduction::all_reduce(const GlobalFigures& local) {
    start(local);
    watchdog_.wait_all(std::span(&request_, 1));
    return reduced_;
}

}  // namespace asor::detail
