// asor Python: CSR matrices between numpy's arrays and the library's CsrMatrix.
#pragma once

#include <pybind11/numpy.h>

#include <span>

#include "asor/csr_matrix.hpp"

namespace asor::python {

namespace py = pybind11;

using OffsetArray = py::array_t<Offset, py::array::c_style | py::array::forcecast>;
using IndexArray = py::array_t<Index, py::array::c_style | py::array::forcecast>;
using ValueArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// A CsrMatrix holding a copy of scipy's three arrays (the library's matrix
/// owns its arrays). Throws asor::Error (input) naming the first broken CSR
/// invariant (check_structure): scipy's canonical format (sorted indices,
/// no duplicates) meets them.
CsrMatrix csr_from_arrays(std::int64_t rows, std::int64_t cols, const OffsetArray& indptr,
                          const IndexArray& indices, const ValueArray& data);

/// (data, indices, indptr) as numpy arrays over the matrix's own vectors,
/// without a copy: the matrix moves into a capsule that the arrays keep
/// alive. indptr is int64, indices int32, data float64.
py::tuple csr_to_arrays(CsrMatrix&& a);

/// The values of a 1-D array; asor::Error (input) naming `what` otherwise.
std::span<const double> vector_values(const ValueArray& v, const char* what);

/// A Python int in Index's range, else asor::Error (input) naming `what`.
Index checked_size(std::int64_t size, const char* what);

}  // namespace asor::python
