// SsorPreconditioner over a copy of a CSR matrix's arrays.
#include <pybind11/numpy.h>

#include <memory>

#include "asor/ssor_preconditioner.hpp"
#include "bindings.hpp"
#include "csr_arrays.hpp"

namespace asor::python {

namespace {

class PySsor {
  public:
    PySsor(std::int64_t rows, std::int64_t cols, const OffsetArray& indptr,
           const IndexArray& indices, const ValueArray& data, int sweeps, double omega)
        : matrix_(std::make_unique<CsrMatrix>(csr_from_arrays(rows, cols, indptr, indices, data))),
          ssor_(*matrix_, sweeps, omega) {}

    py::array_t<double> apply(const ValueArray& r) const {
        const std::span<const double> in = vector_values(r, "r");
        py::array_t<double> z(r.size());
        const std::span<double> out(z.mutable_data(), static_cast<std::size_t>(z.size()));
        py::gil_scoped_release release;
        ssor_.apply(in, out);
        return z;
    }

    [[nodiscard]] Index rows() const noexcept { return matrix_->rows; }

  private:
    std::unique_ptr<CsrMatrix> matrix_;  // the preconditioner refers to it
    SsorPreconditioner ssor_;
};

}  // namespace

void bind_preconditioner(py::module_& m) {
    py::class_<PySsor>(m, "SsorPreconditioner",
                       "Symmetric SOR sweeps from z = 0 on A z = r (asor::SsorPreconditioner).")
        .def(py::init<std::int64_t, std::int64_t, const OffsetArray&, const IndexArray&,
                      const ValueArray&, int, double>(),
             py::arg("rows"), py::arg("cols"), py::arg("indptr"), py::arg("indices"),
             py::arg("data"), py::arg("sweeps"), py::arg("omega"))
        .def("apply", &PySsor::apply, py::arg("r"), "z = M^-1 r, a new array.")
        .def_property_readonly("rows", &PySsor::rows, "n.");
}

}  // namespace asor::python
