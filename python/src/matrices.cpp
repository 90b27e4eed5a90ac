// Matrix Market files, generated problems and matrix properties: the
// library's functions over scipy's CSR arrays.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>

#include "asor/generators.hpp"
#include "asor/matrix_market.hpp"
#include "asor/matrix_properties.hpp"
#include "bindings.hpp"
#include "csr_arrays.hpp"

namespace asor::python {

namespace {

/// (rows, cols, data, indices, indptr) of a matrix made without the GIL.
template <class Make>
py::tuple csr_result(Make&& make) {
    CsrMatrix a = [&] {
        py::gil_scoped_release release;
        return make();
    }();
    const Index rows = a.rows, cols = a.cols;
    const py::tuple arrays = csr_to_arrays(std::move(a));
    return py::make_tuple(rows, cols, arrays[0], arrays[1], arrays[2]);
}

py::tuple read_csr(const std::string& path) {
    return csr_result([&] { return read_matrix(path); });
}

py::tuple generate_csr(const std::string& kind, std::optional<std::int64_t> size, double shift,
                       std::uint64_t seed, double epsilon, int degree, double ratio, int dense) {
    ProblemSpec spec;
    spec.kind = parse_problem_kind(kind);
    spec.size = size;
    spec.shift = shift;
    spec.seed = seed;
    spec.epsilon = epsilon;
    spec.degree = degree;
    spec.ratio = ratio;
    spec.dense = dense;
    return csr_result([&] { return generate_matrix(spec); });
}

void write_csr(const std::string& path, std::int64_t rows, std::int64_t cols,
               const py::object& indptr, const py::object& indices, const py::object& data,
               bool symmetric, const std::string& comment) {
    const CsrArrays a(rows, cols, indptr, indices, data);
    py::gil_scoped_release release;
    write_matrix(path, a.view(), MatrixWriteOptions{symmetric, comment});
}

MatrixProperties analyze_csr(std::int64_t rows, std::int64_t cols, const py::object& indptr,
                             const py::object& indices, const py::object& data, int lanczos_steps) {
    const CsrArrays a(rows, cols, indptr, indices, data);
    py::gil_scoped_release release;
    return analyze_matrix(a.view(), lanczos_steps);
}

py::array_t<double> read_vector_array(const std::string& path) {
    auto* owned = new std::vector<double>([&] {
        py::gil_scoped_release release;
        return read_vector(path);
    }());
    const py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
    return py::array_t<double>(static_cast<py::ssize_t>(owned->size()), owned->data(), owner);
}

void write_vector_array(const std::string& path, const ValueArray& x, const std::string& comment) {
    const std::span<const double> values = vector_values(x, "x");
    py::gil_scoped_release release;
    write_vector(path, values, comment);
}

}  // namespace

void bind_matrices(py::module_& m) {
    m.def("read_csr", &read_csr, py::arg("path"),
          "(rows, cols, data, indices, indptr) of a Matrix Market file (.mtx or gzip).");
    m.def("write_csr", &write_csr, py::arg("path"), py::arg("rows"), py::arg("cols"),
          py::arg("indptr"), py::arg("indices"), py::arg("data"), py::arg("symmetric"),
          py::arg("comment"), "Writes a CSR matrix as a Matrix Market file, atomically.");
    m.def("generate_csr", &generate_csr, py::arg("kind"), py::arg("size"), py::arg("shift"),
          py::arg("seed"), py::arg("epsilon"), py::arg("degree"), py::arg("ratio"),
          py::arg("dense"), "(rows, cols, data, indices, indptr) of a generated problem.");
    m.def("analyze_csr", &analyze_csr, py::arg("rows"), py::arg("cols"), py::arg("indptr"),
          py::arg("indices"), py::arg("data"), py::arg("lanczos_steps"),
          "MatrixProperties of a CSR matrix.");
    m.def("read_vector", &read_vector_array, py::arg("path"),
          "A Matrix Market vector (one row or column) as a 1-D float64 array.");
    m.def("write_vector", &write_vector_array, py::arg("path"), py::arg("x"),
          py::arg("comment") = "", "Writes a 1-D array as a Matrix Market array, atomically.");
    py::list kinds;
    for (ProblemKind kind : all_problem_kinds) kinds.append(std::string(to_string(kind)));
    m.attr("problem_kinds") = kinds;
}

}  // namespace asor::python
