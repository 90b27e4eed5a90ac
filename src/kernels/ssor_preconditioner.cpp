#include "asor/ssor_preconditioner.hpp"

#include <algorithm>
#include <string>

#include "asor/detail/linear_system.hpp"
#include "asor/detail/sweep.hpp"
#include "asor/error.hpp"

namespace asor {

namespace {

[[noreturn]] void refuse_usage(const std::string& message) {
    throw Error(ErrorKind::usage, "SSOR preconditioner: " + message);
}

void check_length(std::span<const double> v, Index n, const char* name) {
    if (v.size() != static_cast<std::size_t>(n)) {
        throw Error(ErrorKind::input, std::string("SSOR preconditioner: ") + name + " has " +
                                          std::to_string(v.size()) + " entries (expected " +
                                          std::to_string(n) + ", the matrix size)");
    }
}

}  // namespace

SsorPreconditioner::SsorPreconditioner(const CsrMatrix& a, int sweeps, double omega)
    : a_(&a), sweeps_(sweeps), omega_(omega) {
    if (sweeps < 1) refuse_usage("sweeps is " + std::to_string(sweeps) + " (expected >= 1)");
    if (!(omega > 0.0 && omega < 2.0)) {
        refuse_usage("omega is " + std::to_string(omega) + " (expected a value in (0, 2))");
    }
    inverse_diagonal_ = prepare_matrix(a, 1).inverse_diagonal;
}

void SsorPreconditioner::apply(std::span<const double> r, std::span<double> z) const {
    const Index n = a_->rows;
    check_length(r, n, "r");
    check_length(z, n, "z");
    const SweepData data{a_->row_offsets.data(),
                         a_->col_indices.data(),
                         a_->values.data(),
                         inverse_diagonal_.data(),
                         r.data(),
                         omega_};
    const ExclusiveView view{z.data()};
    std::fill(z.begin(), z.end(), 0.0);
    for (int s = 0; s < sweeps_; ++s) {
        for (Index i = 0; i < n; ++i) relax_row(data, view, i);
        for (Index i = n; i-- > 0;) relax_row(data, view, i);
    }
}

}  // namespace asor
