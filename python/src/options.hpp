// asor Python: the options of a solve, as the library's SolveOptions plus
// what they refer to (the bounds' arrays, the Python observer).
#pragma once

#include <memory>
#include <vector>

#include "asor/solve.hpp"
#include "observer_bridge.hpp"

namespace asor::python {

/// Made once (asor._asor.Options) and shared by the solver it configures,
/// so that the spans and the observer in `solve` stay valid as long as it.
struct Options {
    SolveOptions solve;
    std::vector<double> lower;                 ///< solve.lower refers to it
    std::vector<double> upper;                 ///< solve.upper refers to it
    std::shared_ptr<ObserverBridge> observer;  ///< null without an observer

    /// Before each solve: forgets the previous solve's snapshots.
    void reset_observer() const {
        if (observer) observer->reset();
    }
};

}  // namespace asor::python
