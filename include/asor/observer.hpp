// asor: watching a solve while it runs (provisional results) and stopping it.
#pragma once

#include <functional>

#include "asor/stopping.hpp"

namespace asor {

/// An observer's answer at each check.
enum class ObserverAction { proceed, stop };

/// Called by the monitor with the current estimates: for `async` at every
/// check (once per monitor interval), for the other relaxation methods after
/// the first sweep and then after the first sweep that ends a monitor
/// interval or more after its previous call, for cg each time Eigen's solver
/// returns. Not called once the criteria or the cancel flag have stopped
/// the solve. Returning ObserverAction::stop ends the solve with
/// StopReason::observer_stop. Called from one thread at a time, never inside
/// a sweep: the monitor thread for `async` (the calling thread between its
/// sweeps where every block holds at most 2^15 non-zeros), the calling thread for gs, sor
/// and cg, and for jacobi, multicolor and local whichever thread of the
/// OpenMP team runs between two sweeps (not always the calling thread). It
/// should return quickly: async workers keep sweeping meanwhile (but worker 0
/// where it is the one that calls it) but no stop
/// can be decided while it runs, and the synchronous methods wait for it.
/// Exceptions thrown by the observer stop the workers and are rethrown by
/// solve(), x left as the workers left it.
using Observer = std::function<ObserverAction(const Progress&)>;

}  // namespace asor
