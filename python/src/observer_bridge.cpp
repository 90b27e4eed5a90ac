#include "observer_bridge.hpp"

#include <pybind11/numpy.h>

#include <utility>

namespace asor::python {

ObserverBridge::ObserverBridge(py::object callable, bool with_x)
    : callable_(std::move(callable)), with_x_(with_x) {}

ObserverAction ObserverBridge::operator()(const Progress& progress) {
    py::gil_scoped_acquire gil;
    ObservedProgress observed{progress, py::none(), 0};
    if (have_x_) {
        py::array_t<double> x(static_cast<py::ssize_t>(x_.size()), x_.data());  // a copy
        x.attr("flags").attr("writeable") = false;
        observed.x = std::move(x);
        observed.x_sweeps = x_sweeps_;
    }
    const py::object answer = callable_(std::move(observed));
    const int truth = answer.is_none() ? 1 : PyObject_IsTrue(answer.ptr());
    if (truth < 0) throw py::error_already_set();  // no truth value (an array, say)
    return truth == 0 ? ObserverAction::stop : ObserverAction::proceed;
}

void ObserverBridge::keep(const Snapshot& snapshot) {
    x_.assign(snapshot.x.begin(), snapshot.x.end());
    x_sweeps_ = snapshot.progress.sweeps_min;
    have_x_ = true;
}

}  // namespace asor::python
