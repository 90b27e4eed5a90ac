// asor: copies of the iterate taken while a solve runs (provisional results
// made durable: checkpoints, and the last finite x kept for a diverged solve).
#pragma once

#include <functional>
#include <span>

#include "asor/stopping.hpp"

namespace asor {

/// A copy of x asked for by the monitor at one of its checks. With `async`
/// each worker copies its own block between two of its sweeps, so the blocks
/// come from moments up to a sweep apart, like every asynchronous iterate;
/// each entry is a value some worker wrote.
struct Snapshot {
    std::span<const double> x;  ///< every entry finite; valid only during the handler's call
    Progress progress;          ///< the check at which the copy was taken
};

/// Called with each snapshot from the thread that monitors the solve (the
/// same thread an Observer is called from: see observer.hpp), never inside a
/// sweep. Async workers keep sweeping meanwhile, but no stop can be decided
/// until it returns: copy x and return (a CheckpointThread, see
/// checkpoint_thread.hpp, writes such copies on a thread of its own).
/// Exceptions stop the solve and are rethrown by solve().
using SnapshotHandler = std::function<void(const Snapshot&)>;

}  // namespace asor
