// Options: every keyword of asor.Solver and asor.solve, checked by the
// library when the Solver is prepared (asor.UsageError, asor.InputError).
#include "options.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>

#include "asor/error.hpp"
#include "bindings.hpp"
#include "csr_arrays.hpp"
#include "interrupts.hpp"

namespace asor::python {

namespace {

std::vector<double> copy_of(const std::optional<ValueArray>& v, const char* name) {
    if (!v) return {};
    const std::span<const double> values = vector_values(*v, name);
    return {values.begin(), values.end()};
}

void set_omega(SolveOptions& o, const py::object& omega) {
    if (py::isinstance<py::str>(omega)) {
        const auto name = omega.cast<std::string>();
        if (name != "auto") {
            throw Error(ErrorKind::usage,
                        "omega is '" + name + "' (expected a number in (0, 2) or 'auto')");
        }
        o.auto_omega = true;
        return;
    }
    o.omega = omega.cast<double>();
}

void set_observer(Options& o, const py::object& observer, bool observe_x) {
    if (observer.is_none()) {
        if (observe_x) throw Error(ErrorKind::usage, "observe_x=True needs an observer");
        return;
    }
    if (!PyCallable_Check(observer.ptr())) {
        throw Error(ErrorKind::usage, "observer must be callable (or None)");
    }
    auto bridge = std::make_shared<ObserverBridge>(observer, observe_x);
    o.observer = bridge;
    o.solve.observer = [bridge](const Progress& p) { return (*bridge)(p); };
    if (observe_x) {
        o.solve.on_snapshot = [bridge](const Snapshot& s) { bridge->keep(s); };
        o.solve.snapshot_interval_seconds = o.solve.monitor_interval_seconds;
    }
}

std::shared_ptr<Options> make_options(const std::string& method, const py::object& omega,
                                      int threads, double tol, std::uint64_t max_sweeps,
                                      std::optional<double> time_limit,
                                      std::optional<ValueArray> lower,
                                      std::optional<ValueArray> upper, const py::object& observer,
                                      bool observe_x, const std::string& storage,
                                      const std::string& reorder, int inner_sweeps, bool fallback,
                                      double monitor_interval, double divergence_factor) {
    auto o = std::make_shared<Options>();
    SolveOptions& s = o->solve;
    s.method = parse_method(method);
    set_omega(s, omega);
    s.threads = threads;
    s.stopping.tolerance = tol;
    s.stopping.max_sweeps = max_sweeps;
    if (time_limit) s.stopping.time_limit_seconds = *time_limit;
    s.stopping.divergence_factor = divergence_factor;
    s.storage = parse_storage(storage);
    s.reorder = parse_reorder(reorder);
    s.inner_sweeps = inner_sweeps;
    s.fallback = fallback;
    s.monitor_interval_seconds = monitor_interval;
    s.cancel = interrupt_flag();
    o->lower = copy_of(lower, "lower");
    o->upper = copy_of(upper, "upper");
    s.lower = o->lower;
    s.upper = o->upper;
    set_observer(*o, observer, observe_x);
    return o;
}

}  // namespace

void bind_options(py::module_& m) {
    py::class_<Options, std::shared_ptr<Options>>(
        m, "Options",
        "The options of a solve, made once and given to a Solver (see asor.solve for each "
        "keyword). Out-of-range values are refused when the Solver is prepared.")
        .def(py::init(&make_options), py::kw_only(), py::arg("method") = "async",
             py::arg("omega") = 1.0, py::arg("threads") = 0, py::arg("tol") = 1e-8,
             py::arg("max_sweeps") = StoppingCriteria{}.max_sweeps,
             py::arg("time_limit") = py::none(), py::arg("lower") = py::none(),
             py::arg("upper") = py::none(), py::arg("observer") = py::none(),
             py::arg("observe_x") = false, py::arg("storage") = "auto", py::arg("reorder") = "none",
             py::arg("inner_sweeps") = 1, py::arg("fallback") = true,
             py::arg("monitor_interval") = 1e-3,
             py::arg("divergence_factor") = StoppingCriteria{}.divergence_factor);
}

}  // namespace asor::python
