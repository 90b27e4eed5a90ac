#include "asor/ssor_preconditioner.hpp"

#include <omp.h>

#include <algorithm>
#include <string>

#include "asor/detail/linear_system.hpp"
#include "asor/detail/row_partition.hpp"
#include "asor/detail/sweep.hpp"
#include "asor/error.hpp"

namespace asor {

namespace {

[[noreturn]] void refuse_usage(const char* what, const std::string& message) {
    throw Error(ErrorKind::usage, std::string(what) + ": " + message);
}

void check_parameters(const char* what, int sweeps, double omega) {
    if (sweeps < 1) refuse_usage(what, "sweeps is " + std::to_string(sweeps) + " (expected >= 1)");
    if (!(omega > 0.0 && omega < 2.0)) {
        refuse_usage(what, "omega is " + std::to_string(omega) + " (expected a value in (0, 2))");
    }
}

void check_length(const char* what, std::span<const double> v, Index n, const char* name) {
    if (v.size() != static_cast<std::size_t>(n)) {
        throw Error(ErrorKind::input, std::string(what) + ": " + name + " has " +
                                          std::to_string(v.size()) + " entries (expected " +
                                          std::to_string(n) + ", the matrix size)");
    }
}

// What a sweep on A z = r reads, after checking r's and z's lengths.
SweepData sweep_data(const char* what, CsrView a, const std::vector<double>& inverse_diagonal,
                     double omega, std::span<const double> r, std::span<double> z) {
    check_length(what, r, a.rows, "r");
    check_length(what, z, a.rows, "z");
    return SweepData{a.row_offsets.data(),
                     a.col_indices.data(),
                     a.values.data(),
                     inverse_diagonal.data(),
                     r.data(),
                     omega};
}

// `sweeps` symmetric sweeps of rows [first, end): forward, then backward.
template <class View>
void symmetric_sweeps(const SweepData& data, const View& z, Index first, Index end, int sweeps) {
    for (int s = 0; s < sweeps; ++s) {
        for (Index i = first; i < end; ++i) relax_row(data, z, i);
        for (Index i = end; i-- > first;) relax_row(data, z, i);
    }
}

constexpr const char* kSsor = "SSOR preconditioner";
constexpr const char* kAsync = "async SSOR preconditioner";

}  // namespace

SsorPreconditioner::SsorPreconditioner(CsrView a, int sweeps, double omega)
    : a_(a), sweeps_(sweeps), omega_(omega) {
    check_parameters(kSsor, sweeps, omega);
    inverse_diagonal_ = prepare_matrix(a, 1).inverse_diagonal;
}

void SsorPreconditioner::apply(std::span<const double> r, std::span<double> z) const {
    const SweepData data = sweep_data(kSsor, a_, inverse_diagonal_, omega_, r, z);
    std::fill(z.begin(), z.end(), 0.0);
    symmetric_sweeps(data, ExclusiveView{z.data()}, 0, a_.rows, sweeps_);
}

AsyncSsorPreconditioner::AsyncSsorPreconditioner(CsrView a, int sweeps, double omega, int threads)
    : a_(a), sweeps_(sweeps), omega_(omega) {
    check_parameters(kAsync, sweeps, omega);
    if (threads < 0) {
        refuse_usage(kAsync, "threads is " + std::to_string(threads) +
                                 " (expected at least 1, or 0 for OpenMP's default)");
    }
    const int team = threads > 0 ? threads : omp_get_max_threads();
    inverse_diagonal_ = prepare_matrix(a, team).inverse_diagonal;
    const RowPartition blocks = RowPartition::balanced_by_nonzeros(a, team);
    for (int b = 0; b <= blocks.blocks(); ++b) bounds_.push_back(blocks.first_row(b));
}

void AsyncSsorPreconditioner::apply(std::span<const double> r, std::span<double> z) const {
    const SweepData data = sweep_data(kAsync, a_, inverse_diagonal_, omega_, r, z);
    const SharedView view{z.data()};
    const int blocks = threads();
#pragma omp parallel num_threads(blocks)
    {
        const int team = omp_get_num_threads();
        const int t = omp_get_thread_num();
        for (int b = t; b < blocks; b += team) {
            std::fill(z.begin() + bounds_[b], z.begin() + bounds_[b + 1], 0.0);
        }
        // Every block is zero before any thread reads another's.
#pragma omp barrier
        for (int b = t; b < blocks; b += team) {
            symmetric_sweeps(data, view, bounds_[b], bounds_[b + 1], sweeps_);
        }
    }
}

}  // namespace asor
