// asor Python: running a library call without the GIL, stoppable by Ctrl-C.
#pragma once

#include <pybind11/pybind11.h>

#include <utility>

#include "asor/solve.hpp"
#include "interrupts.hpp"
#include "options.hpp"

namespace asor::python {

namespace py = pybind11;

/// Runs `solve` (which returns the library's report or reports) with the GIL
/// released and SIGINT raising the cancel flag; then, if `stopped_by_cancel`
/// says the result was cancelled, runs Python's pending signal handlers
/// (KeyboardInterrupt by default), so that nothing is left running when it
/// propagates. Call with the GIL held.
template <class Solve, class Cancelled>
auto run_interruptibly(const Options& options, Solve&& solve, Cancelled&& stopped_by_cancel) {
    SolveInterrupts interrupts;
    options.reset_observer();
    auto result = [&] {
        py::gil_scoped_release release;
        return solve();
    }();
    if (stopped_by_cancel(result)) SolveInterrupts::raise_pending();
    return result;
}

}  // namespace asor::python
