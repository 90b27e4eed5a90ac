// asor::Error becomes the Python exception of its kind, with the same
// message as the command line prints.
#include <Python.h>

#include "asor/error.hpp"
#include "bindings.hpp"

namespace asor::python {

namespace {

// Created once at import and kept for the life of the interpreter, as
// pybind11 keeps the exception types it registers.
PyObject* input_error = nullptr;
PyObject* usage_error = nullptr;
PyObject* io_error = nullptr;

PyObject* new_exception(py::module_& m, const char* name, const char* doc, PyObject* base) {
    const std::string qualified = std::string("asor.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, nullptr);
    if (type == nullptr) throw py::error_already_set();
    m.attr(name) = py::handle(type);
    return type;
}

PyObject* exception_of(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage:
            return usage_error;
        case ErrorKind::io:
            return io_error;
        case ErrorKind::input:
            break;
    }
    return input_error;
}

}  // namespace

void bind_errors(py::module_& m) {
    input_error = new_exception(
        m, "InputError",
        "Malformed or inconsistent data: a file, a matrix (not square, a zero or missing "
        "diagonal entry, NaN or Inf), a vector of the wrong length, bad bounds.",
        PyExc_ValueError);
    usage_error = new_exception(
        m, "UsageError",
        "An option or parameter outside its range, or an unknown name (method, storage, ...).",
        PyExc_ValueError);
    io_error = new_exception(m, "IoError", "A file that cannot be opened, read or written.",
                             PyExc_OSError);
    py::register_exception_translator([](std::exception_ptr thrown) {
        try {
            if (thrown) std::rethrow_exception(thrown);
        } catch (const Error& e) {
            PyErr_SetString(exception_of(e.kind()), e.what());
        }
    });
}

}  // namespace asor::python
