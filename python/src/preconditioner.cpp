// SsorPreconditioner and AsyncSsorPreconditioner over a CSR matrix's arrays,
// used in place where they have the library's types (CsrArrays).
#include <pybind11/numpy.h>

#include <utility>

#include "asor/ssor_preconditioner.hpp"
#include "bindings.hpp"
#include "csr_arrays.hpp"

namespace asor::python {

namespace {

/// One of the library's preconditioners and the arrays it refers to.
template <class Preconditioner>
class PyPreconditioner {
  public:
    template <class... Parameters>
    PyPreconditioner(std::int64_t rows, std::int64_t cols, const py::object& indptr,
                     const py::object& indices, const py::object& data, Parameters... parameters)
        : matrix_(rows, cols, indptr, indices, data),
          preconditioner_(matrix_.view(), parameters...) {}

    py::array_t<double> apply(const ValueArray& r) const {
        const std::span<const double> in = vector_values(r, "r");
        py::array_t<double> z(r.size());
        const std::span<double> out(z.mutable_data(), static_cast<std::size_t>(z.size()));
        py::gil_scoped_release release;
        preconditioner_.apply(in, out);
        return z;
    }

    [[nodiscard]] Index rows() const noexcept { return preconditioner_.rows(); }
    [[nodiscard]] const py::tuple& copied() const noexcept { return matrix_.copied(); }
    [[nodiscard]] const Preconditioner& library() const noexcept { return preconditioner_; }

  private:
    CsrArrays matrix_;  // the preconditioner refers to the arrays it holds
    Preconditioner preconditioner_;
};

using PySsor = PyPreconditioner<SsorPreconditioner>;
using PyAsyncSsor = PyPreconditioner<AsyncSsorPreconditioner>;

template <class Py>
py::class_<Py> bind_common(py::class_<Py> c) {
    return c.def("apply", &Py::apply, py::arg("r"), "z = M^-1 r, a new array.")
        .def_property_readonly("rows", &Py::rows, "n.")
        .def_property_readonly("copied", &Py::copied,
                               "The names of A's arrays converted into copies.");
}

}  // namespace

void bind_preconditioner(py::module_& m) {
    bind_common(
        py::class_<PySsor>(m, "SsorPreconditioner",
                           "Symmetric SOR sweeps from z = 0 on A z = r (asor::SsorPreconditioner).")
            .def(py::init<std::int64_t, std::int64_t, const py::object&, const py::object&,
                          const py::object&, int, double>(),
                 py::arg("rows"), py::arg("cols"), py::arg("indptr"), py::arg("indices"),
                 py::arg("data"), py::arg("sweeps"), py::arg("omega")));
    bind_common(py::class_<PyAsyncSsor>(m, "AsyncSsorPreconditioner",
                                        "Symmetric SOR sweeps from z = 0 on A z = r by "
                                        "asynchronous threads (asor::AsyncSsorPreconditioner).")
                    .def(py::init<std::int64_t, std::int64_t, const py::object&, const py::object&,
                                  const py::object&, int, double, int>(),
                         py::arg("rows"), py::arg("cols"), py::arg("indptr"), py::arg("indices"),
                         py::arg("data"), py::arg("sweeps"), py::arg("omega"), py::arg("threads"))
                    .def_property_readonly(
                        "threads", [](const PyAsyncSsor& p) { return p.library().threads(); },
                        "Row blocks, one per thread."));
}

}  // namespace asor::python
