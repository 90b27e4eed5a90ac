// asor Python: CSR matrices between numpy's arrays and the library's
// CsrMatrix and CsrView.
#pragma once

#include <pybind11/numpy.h>

#include <span>

#include "asor/csr_matrix.hpp"

namespace asor::python {

namespace py = pybind11;

using OffsetArray = py::array_t<Offset, py::array::c_style | py::array::forcecast>;
using IndexArray = py::array_t<Index, py::array::c_style | py::array::forcecast>;
using ValueArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// A scipy CSR matrix's three arrays as the library's CsrView, without a
/// copy where an array already has the library's type and is contiguous:
/// float64 data, int32 indices, int64 indptr. Any other array is converted
/// once into one of its own: in practice indptr, which scipy keeps in int32
/// below 2^31 stored entries (n + 1 entries, 8 bytes each once widened);
/// data of another real type; int64 indices. Holds a reference to every
/// array it views, so that they outlive it whatever Python does with the
/// matrix; the caller must not change their contents while the library
/// reads them. Create and destroy with the GIL held; view() may then be
/// used without it.
class CsrArrays {
  public:
    /// Throws asor::Error (input) for a size outside [0, 2^31 - 1], an
    /// array that is not 1-D, and the first broken CSR invariant
    /// (check_structure): scipy's canonical format (sorted indices, no
    /// duplicates) meets them.
    CsrArrays(std::int64_t rows, std::int64_t cols, const py::object& indptr,
              const py::object& indices, const py::object& data);

    [[nodiscard]] CsrView view() const noexcept { return view_; }
    /// The names of the arrays converted, in the order indptr, indices, data.
    [[nodiscard]] const py::tuple& copied() const noexcept { return copied_; }

  private:
    OffsetArray indptr_;
    IndexArray indices_;
    ValueArray data_;
    py::tuple copied_;
    CsrView view_;
};

/// (data, indices, indptr) as numpy arrays over the matrix's own vectors,
/// without a copy: the matrix moves into a capsule that the arrays keep
/// alive. indptr is int64, indices int32, data float64.
py::tuple csr_to_arrays(CsrMatrix&& a);

/// The values of a 1-D array; asor::Error (input) naming `what` otherwise.
std::span<const double> vector_values(const ValueArray& v, const char* what);

/// A Python int in Index's range, else asor::Error (input) naming `what`.
Index checked_size(std::int64_t size, const char* what);

}  // namespace asor::python
