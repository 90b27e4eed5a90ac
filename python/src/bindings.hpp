// asor Python: the parts of the extension module asor._asor, each bound by
// its own file and wired together in module.cpp.
#pragma once

#include <pybind11/pybind11.h>

namespace asor::python {

namespace py = pybind11;

void bind_errors(py::module_& m);          ///< errors.cpp: InputError, UsageError, IoError
void bind_reports(py::module_& m);         ///< reports.cpp: SolveReport and its parts
void bind_options(py::module_& m);         ///< options.cpp: Options (what a Solver is given)
void bind_solver(py::module_& m);          ///< solver.cpp: Solver, lcp
void bind_matrices(py::module_& m);        ///< matrices.cpp: read, write, generate, info
void bind_preconditioner(py::module_& m);  ///< preconditioner.cpp: SsorPreconditioner

}  // namespace asor::python
