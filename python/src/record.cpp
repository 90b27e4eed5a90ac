#include "record.hpp"

namespace asor::python {

py::object plain(const py::handle& value) {
    if (py::hasattr(value, "to_dict")) return value.attr("to_dict")();
    if (py::isinstance<py::list>(value)) {
        py::list out;
        for (const py::handle item : value) out.append(plain(item));
        return out;
    }
    return py::reinterpret_borrow<py::object>(value);
}

}  // namespace asor::python
