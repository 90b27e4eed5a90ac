// asor Python: a Python callable as the library's Observer.
#pragma once

#include <pybind11/pybind11.h>

#include <vector>

#include "asor/observer.hpp"
#include "asor/snapshot.hpp"

namespace asor::python {

namespace py = pybind11;

/// What the Python observer is handed at each call (asor.Progress).
struct ObservedProgress {
    Progress progress;
    /// A read-only copy of x from the latest snapshot (observe_x), or None.
    py::object x;
    std::uint64_t x_sweeps = 0;  ///< the slowest thread's sweeps when x was copied
};

/// Calls a Python callable from the monitor's thread, taking the GIL for
/// the call only (the workers sweep without it). With `with_x`, the solver's
/// snapshots are kept here (copied on the monitor's thread, without the
/// GIL) and the latest is handed to the callable as a read-only array.
/// Owned by the Options that made it, whose Python object holds the GIL
/// whenever it is created or destroyed.
class ObserverBridge {
  public:
    ObserverBridge(py::object callable, bool with_x);

    /// Stops the solve when the callable returns a false value other than
    /// None; what it raises passes through the solve and out of it.
    ObserverAction operator()(const Progress& progress);

    /// Keeps a copy of the snapshot's x for the next call (no GIL needed:
    /// called on the observer's thread, between its calls).
    void keep(const Snapshot& snapshot);

    /// Forgets the previous solve's x (call before each solve).
    void reset() noexcept { have_x_ = false; }

    [[nodiscard]] bool with_x() const noexcept { return with_x_; }

  private:
    py::object callable_;
    bool with_x_;
    bool have_x_ = false;
    std::vector<double> x_;
    std::uint64_t x_sweeps_ = 0;
};

}  // namespace asor::python
