// asor._asor: the compiled part of the asor Python package (python/asor/
// wraps it for scipy.sparse and numpy; see docs/python.md).
#include "bindings.hpp"

#ifndef ASOR_VERSION
#error "ASOR_VERSION must be defined by the build"
#endif

PYBIND11_MODULE(_asor, m) {
    m.doc() = "The asor library's solvers over CSR arrays; use the asor package, not this.";
    m.attr("__version__") = ASOR_VERSION;
    asor::python::bind_errors(m);
    asor::python::bind_reports(m);
    asor::python::bind_options(m);
    asor::python::bind_solver(m);
    asor::python::bind_matrices(m);
    asor::python::bind_preconditioner(m);
}
