// asor: watching a solve while it runs (provisional results) and stopping it.
#pragma once

#include <functional>

#include "asor/stopping.hpp"

namespace asor {

/// An observer's answer at each check.
enum class ObserverAction { proceed, stop };

/// Called by the monitor at each check (every monitor interval) with the
/// current estimates; returning ObserverAction::stop ends the solve with
/// StopReason::observer_stop. Called from one thread at a time (the monitor
/// thread for `async`, the calling thread for sequential methods), never
/// inside a sweep; it should return quickly, as workers keep sweeping
/// meanwhile but no stop can be decided while it runs. Exceptions thrown by
/// the observer stop the workers and are rethrown by solve().
using Observer = std::function<ObserverAction(const Progress&)>;

}  // namespace asor
