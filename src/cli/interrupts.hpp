// asor CLI: Ctrl-C and SIGTERM stop a solve cleanly.
#pragma once

#include <atomic>

namespace asor::cli {

/// Installs handlers for SIGINT and SIGTERM that raise the returned flag
/// (pass it as SolveOptions::cancel): the solve stops at the monitor's next
/// check and the command still writes what it computed. A second signal
/// ends the process at once, removing the temporary file of a write in
/// progress. The handlers only store to lock-free atomics, unlink and _exit,
/// all async-signal-safe.
const std::atomic<bool>* install_interrupt_handlers();

/// The signal that raised the flag, or 0.
int interrupting_signal() noexcept;

/// Test only (tests/mpi/cases.sh): with ASOR_TEST_STOP_AT=POINT:RANK in the
/// environment, the process of that rank stops itself (SIGSTOP) when it
/// reaches POINT, so that a test can check that the other ranks notice it
/// then: "setup" (before solve_distributed), "end" (once it returned) or
/// "finalize" (right before MPI_Finalize). Does nothing otherwise.
void stop_here_for_tests(const char* point, int rank);

}  // namespace asor::cli
