#include "csr_arrays.hpp"

#include <limits>
#include <string>
#include <utility>

#include "asor/error.hpp"

namespace asor::python {

namespace {

template <class T>
std::vector<T> copy_of(const py::array_t<T, py::array::c_style | py::array::forcecast>& a,
                       const char* name) {
    if (a.ndim() != 1) {
        throw Error(ErrorKind::input, std::string("CSR matrix: ") + name + " must be 1-D");
    }
    return {a.data(), a.data() + a.size()};
}

/// A numpy array over `values`, kept alive by `owner`.
template <class T>
py::array_t<T> view_of(const std::vector<T>& values, const py::capsule& owner) {
    return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data(), owner);
}

}  // namespace

std::span<const double> vector_values(const ValueArray& v, const char* what) {
    if (v.ndim() != 1) {
        throw Error(ErrorKind::input, std::string(what) + " must be 1-D (found " +
                                          std::to_string(v.ndim()) + " dimensions)");
    }
    return {v.data(), static_cast<std::size_t>(v.size())};
}

Index checked_size(std::int64_t size, const char* what) {
    if (size < 0 || size > std::numeric_limits<Index>::max()) {
        throw Error(ErrorKind::input, std::string(what) + " is " + std::to_string(size) +
                                          " (expected 0 to 2^31 - 1)");
    }
    return static_cast<Index>(size);
}

CsrMatrix csr_from_arrays(std::int64_t rows, std::int64_t cols, const OffsetArray& indptr,
                          const IndexArray& indices, const ValueArray& data) {
    CsrMatrix a;
    a.rows = checked_size(rows, "the number of rows");
    a.cols = checked_size(cols, "the number of columns");
    a.row_offsets = copy_of(indptr, "indptr");
    a.col_indices = copy_of(indices, "indices");
    a.values = copy_of(data, "data");
    if (a.row_offsets.empty()) throw Error(ErrorKind::input, "CSR matrix: indptr is empty");
    check_structure(a);
    return a;
}

py::tuple csr_to_arrays(CsrMatrix&& a) {
    auto* owned = new CsrMatrix(std::move(a));
    const py::capsule owner(owned, [](void* p) { delete static_cast<CsrMatrix*>(p); });
    return py::make_tuple(view_of(owned->values, owner), view_of(owned->col_indices, owner),
                          view_of(owned->row_offsets, owner));
}

}  // namespace asor::python
