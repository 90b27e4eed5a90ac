// asor Python: Ctrl-C stops a solve running without the GIL.
//
// While the workers sweep, no Python code runs on the calling thread, so
// Python's own SIGINT handler only notes the signal for later. For the
// duration of a solve, a handler of ours raises the library's cancel flag
// first (the solve stops at the monitor's next check) and then calls the
// handler it replaced, so that Python still runs its SIGINT handler once the
// solve has returned: KeyboardInterrupt by default, or whatever the program
// installed with signal.signal.
#pragma once

#include <atomic>

namespace asor::python {

/// The flag every Solver is given as SolveOptions::cancel. Raised only by
/// SIGINT while a SolveInterrupts is alive.
const std::atomic<bool>* interrupt_flag() noexcept;

/// Installs the handler while alive (nested and concurrent solves share
/// one installation). Create and destroy it with the GIL held, which
/// serialises the installations. Where SIGINT is ignored or left to its
/// default action (Python not handling it), nothing is installed.
class SolveInterrupts {
  public:
    SolveInterrupts();
    ~SolveInterrupts();
    SolveInterrupts(const SolveInterrupts&) = delete;
    SolveInterrupts& operator=(const SolveInterrupts&) = delete;

    /// With the GIL held, after a solve that stopped as cancelled: runs the
    /// Python signal handlers now pending, throwing pybind11's
    /// error_already_set for what they raise (KeyboardInterrupt). Returns
    /// normally where they raise nothing, or off the main thread, where
    /// Python runs no signal handler.
    static void raise_pending();
};

}  // namespace asor::python
