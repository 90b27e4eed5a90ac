#include "csr_arrays.hpp"

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "asor/error.hpp"

namespace asor::python {

namespace {

/// `given` as a 1-D C-contiguous array of T: itself when it is one (the
/// same memory), else a converted copy, whose name is then added to `copied`.
template <class T>
py::array_t<T, py::array::c_style | py::array::forcecast> in_place_or_converted(
    const py::object& given, const char* name, py::list& copied) {
    using Array = py::array_t<T, py::array::c_style | py::array::forcecast>;
    Array array = Array::ensure(given);
    if (!array) throw py::error_already_set();
    if (array.ndim() != 1) {
        throw Error(ErrorKind::input, std::string("CSR matrix: ") + name + " must be 1-D");
    }
    const bool same = py::isinstance<py::array>(given) &&
                      py::reinterpret_borrow<py::array>(given).data() == array.data();
    if (!same) copied.append(name);
    return array;
}

/// Refuses integer indices that a conversion to 32 bits would wrap (and a
/// wrapped index could land in range): numpy's cast does not check.
void check_fits_32_bits(const py::object& indices, Index cols) {
    if (!py::isinstance<py::array>(indices)) return;
    const auto array = py::reinterpret_borrow<py::array>(indices);
    const py::dtype type = array.dtype();
    if (array.size() == 0 || type.kind() == 'f' || type.itemsize() < 4 ||
        (type.kind() == 'i' && type.itemsize() == 4)) {
        return;
    }
    for (const char* end : {"min", "max"}) {
        const double index = array.attr(end)().cast<double>();
        if (index < 0.0 || index >= static_cast<double>(cols)) {
            throw Error(ErrorKind::input, "CSR matrix: column index " +
                                              std::to_string(static_cast<long long>(index)) +
                                              " is out of range (0 to " + std::to_string(cols - 1) +
                                              ")");
        }
    }
}

/// A numpy array over `values`, kept alive by `owner`.
template <class T>
py::array_t<T> view_of(const std::vector<T>& values, const py::capsule& owner) {
    return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data(), owner);
}

template <class T>
std::span<const T> span_of(const py::array_t<T, py::array::c_style | py::array::forcecast>& a) {
    return {a.data(), static_cast<std::size_t>(a.size())};
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

CsrArrays::CsrArrays(std::int64_t rows, std::int64_t cols, const py::object& indptr,
                     const py::object& indices, const py::object& data) {
    const Index n_rows = checked_size(rows, "the number of rows");
    const Index n_cols = checked_size(cols, "the number of columns");
    py::list copied;
    indptr_ = in_place_or_converted<Offset>(indptr, "indptr", copied);
    check_fits_32_bits(indices, n_cols);
    indices_ = in_place_or_converted<Index>(indices, "indices", copied);
    data_ = in_place_or_converted<double>(data, "data", copied);
    if (indptr_.size() == 0) throw Error(ErrorKind::input, "CSR matrix: indptr is empty");
    copied_ = py::tuple(copied);
    view_ = CsrView(n_rows, n_cols, span_of(indptr_), span_of(indices_), span_of(data_));
    py::gil_scoped_release release;  // a pass over the arrays, which this object holds
    check_structure(view_);
}

py::tuple csr_to_arrays(CsrMatrix&& a) {
    auto* owned = new CsrMatrix(std::move(a));
    const py::capsule owner(owned, [](void* p) { delete static_cast<CsrMatrix*>(p); });
    return py::make_tuple(view_of(owned->values, owner), view_of(owned->col_indices, owner),
                          view_of(owned->row_offsets, owner));
}

}  // namespace asor::python
