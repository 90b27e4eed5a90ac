// asor._asor.Solver (the prepared solver, one or several right-hand sides)
// and lcp: thin over asor::Solver and asor::solve_lcp.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "asor/error.hpp"
#include "asor/lcp.hpp"
#include "asor/solver.hpp"
#include "bindings.hpp"
#include "csr_arrays.hpp"
#include "options.hpp"
#include "solving.hpp"

namespace asor::python {

namespace {

using Columns = py::array_t<double, py::array::f_style | py::array::forcecast>;

bool cancelled(const SolveReport& r) { return r.reason == StopReason::cancelled; }

bool any_cancelled(const std::vector<SolveReport>& reports) {
    return !reports.empty() && cancelled(reports.back());
}

/// A 1-D float64 array holding x0 (a copy), or zeros.
py::array_t<double> starting_x(const std::optional<ValueArray>& x0, Index n) {
    if (!x0) {
        py::array_t<double> x(static_cast<py::ssize_t>(n));
        std::fill_n(x.mutable_data(), n, 0.0);
        return x;
    }
    const std::span<const double> given = vector_values(*x0, "x0");
    py::array_t<double> x(static_cast<py::ssize_t>(given.size()));
    std::copy(given.begin(), given.end(), x.mutable_data());
    return x;
}

DenseMatrix dense_from(const Columns& b, const char* name) {
    if (b.ndim() != 2) {
        throw Error(ErrorKind::input, std::string(name) + " must be 2-D here");
    }
    DenseMatrix d;
    d.rows = checked_size(b.shape(0), "the rows of b");
    d.cols = checked_size(b.shape(1), "the columns of b");
    d.values.assign(b.data(), b.data() + b.size());  // column-major, as f_style
    return d;
}

/// An (rows, cols) Fortran-ordered array over the matrix's own values.
py::array_t<double> array_of(DenseMatrix&& m) {
    auto* owned = new DenseMatrix(std::move(m));
    const py::capsule owner(owned, [](void* p) { delete static_cast<DenseMatrix*>(p); });
    const auto rows = static_cast<py::ssize_t>(owned->rows);
    const auto cols = static_cast<py::ssize_t>(owned->cols);
    const auto item = static_cast<py::ssize_t>(sizeof(double));
    return py::array_t<double>({rows, cols}, {item, item * rows}, owned->values.data(), owner);
}

/// Marks a solver busy for the duration of one solve (created and destroyed
/// with the GIL held, which orders the checks): the library solves one
/// system at a time per Solver, and a second call from another Python
/// thread, or from the observer, is refused instead.
class OneSolveAtATime {
  public:
    explicit OneSolveAtATime(bool& busy) : busy_(busy) {
        if (busy) {
            throw Error(ErrorKind::usage,
                        "this Solver is already solving (one solve at a time per Solver; "
                        "make one Solver per thread)");
        }
        busy = true;
    }
    ~OneSolveAtATime() { busy_ = false; }
    OneSolveAtATime(const OneSolveAtATime&) = delete;
    OneSolveAtATime& operator=(const OneSolveAtATime&) = delete;

  private:
    bool& busy_;
};

class PySolver {
  public:
    PySolver(std::int64_t rows, std::int64_t cols, const py::object& indptr,
             const py::object& indices, const py::object& data, std::shared_ptr<Options> options)
        : matrix_(rows, cols, indptr, indices, data),
          options_(std::move(options)),
          solver_(prepare(matrix_.view(), *options_)) {}

    py::tuple solve_vector(const ValueArray& b, const std::optional<ValueArray>& x0) {
        const OneSolveAtATime guard(solving_);
        const std::span<const double> rhs = vector_values(b, "b");
        py::array_t<double> x = starting_x(x0, matrix_.view().rows);
        const std::span<double> out(x.mutable_data(), static_cast<std::size_t>(x.size()));
        SolveReport report = run_interruptibly(
            *options_, [&] { return solver_.solve(rhs, out); }, cancelled);
        return py::make_tuple(std::move(x), std::move(report));
    }

    py::tuple solve_columns(const Columns& b, const std::optional<Columns>& x0) {
        const OneSolveAtATime guard(solving_);
        const DenseMatrix rhs = dense_from(b, "b");
        DenseMatrix x = x0 ? dense_from(*x0, "x0") : DenseMatrix{rhs.rows, rhs.cols, {}};
        if (!x0) x.values.assign(rhs.values.size(), 0.0);
        std::vector<SolveReport> reports = run_interruptibly(
            *options_, [&] { return solver_.solve(rhs, x); }, any_cancelled);
        return py::make_tuple(array_of(std::move(x)), std::move(reports));
    }

    [[nodiscard]] const Solver& solver() const noexcept { return solver_; }
    [[nodiscard]] Index rows() const noexcept { return matrix_.view().rows; }
    [[nodiscard]] const py::tuple& copied() const noexcept { return matrix_.copied(); }

  private:
    static Solver prepare(CsrView a, const Options& o) {
        py::gil_scoped_release release;
        return Solver(a, o.solve);
    }

    CsrArrays matrix_;                  // the Solver refers to the arrays it holds
    std::shared_ptr<Options> options_;  // and to its bounds
    Solver solver_;
    bool solving_ = false;  // see OneSolveAtATime
};

py::tuple solve_lcp_arrays(std::int64_t rows, std::int64_t cols, const py::object& indptr,
                           const py::object& indices, const py::object& data, const ValueArray& q,
                           const std::optional<ValueArray>& z0,
                           const std::shared_ptr<Options>& options) {
    const CsrArrays arrays(rows, cols, indptr, indices, data);
    const CsrView m = arrays.view();
    const std::span<const double> q_values = vector_values(q, "q");
    py::array_t<double> z = starting_x(z0, m.rows);
    const std::span<double> out(z.mutable_data(), static_cast<std::size_t>(z.size()));
    SolveReport report = run_interruptibly(
        *options, [&] { return solve_lcp(m, q_values, out, options->solve); }, cancelled);
    return py::make_tuple(std::move(z), std::move(report));
}

}  // namespace

void bind_solver(py::module_& m) {
    py::class_<PySolver>(m, "Solver",
                         "The library's prepared solver over a CSR matrix's arrays, used in place "
                         "where they have its types (see CsrArrays).")
        .def(py::init<std::int64_t, std::int64_t, const py::object&, const py::object&,
                      const py::object&, std::shared_ptr<Options>>(),
             py::arg("rows"), py::arg("cols"), py::arg("indptr"), py::arg("indices"),
             py::arg("data"), py::arg("options"))
        .def("solve_vector", &PySolver::solve_vector, py::arg("b"), py::arg("x0") = py::none(),
             "(x, SolveReport) for a 1-D b.")
        .def("solve_columns", &PySolver::solve_columns, py::arg("b"), py::arg("x0") = py::none(),
             "(X, [SolveReport per column]) for a 2-D b.")
        .def_property_readonly(
            "setup_seconds", [](const PySolver& s) { return s.solver().setup_seconds(); },
            "Seconds of the one-time setup.")
        .def_property_readonly(
            "omega", [](const PySolver& s) { return s.solver().omega(); },
            "The omega of every solve's first attempt (1 for gs, NaN for cg).")
        .def_property_readonly(
            "omega_choice", [](const PySolver& s) { return s.solver().omega_choice(); },
            "How omega was chosen (omega='auto'), else None.")
        .def_property_readonly(
            "reordering", [](const PySolver& s) { return s.solver().reordering(); },
            "What the reorder option did at setup.")
        .def_property_readonly("rows", &PySolver::rows, "n.")
        .def_property_readonly("copied", &PySolver::copied,
                               "The names of A's arrays converted into copies: 'indptr', "
                               "'indices', 'data'; the others are used in place.");
    m.def("solve_lcp", &solve_lcp_arrays, py::arg("rows"), py::arg("cols"), py::arg("indptr"),
          py::arg("indices"), py::arg("data"), py::arg("q"), py::arg("z0"), py::arg("options"),
          "(z, SolveReport) of the LCP z >= 0, M z + q >= 0, z'(M z + q) = 0.");
}

}  // namespace asor::python
