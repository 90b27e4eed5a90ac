#include "interrupts.hpp"

#include <Python.h>
#include <pybind11/pybind11.h>

#include <csignal>

namespace asor::python {

namespace {

std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

// Guarded by the GIL, as SolveInterrupts is created and destroyed under it.
int solves_running = 0;
bool installed = false;
struct sigaction replaced {};

extern "C" void on_interrupt(int signal, siginfo_t* info, void* context) {
    interrupted.store(true, std::memory_order_release);
    if ((replaced.sa_flags & SA_SIGINFO) != 0) {
        replaced.sa_sigaction(signal, info, context);
    } else if (replaced.sa_handler != SIG_DFL && replaced.sa_handler != SIG_IGN) {
        replaced.sa_handler(signal);
    }
}

bool handled_by_a_function(const struct sigaction& action) {
    return (action.sa_flags & SA_SIGINFO) != 0 ||
           (action.sa_handler != SIG_DFL && action.sa_handler != SIG_IGN);
}

void install() {
    struct sigaction current {};
    sigaction(SIGINT, nullptr, &current);
    if (!handled_by_a_function(current)) return;
    replaced = current;
    struct sigaction ours {};
    ours.sa_sigaction = on_interrupt;
    ours.sa_flags = SA_SIGINFO | (current.sa_flags & SA_ONSTACK);
    sigemptyset(&ours.sa_mask);
    interrupted.store(false, std::memory_order_relaxed);
    installed = sigaction(SIGINT, &ours, nullptr) == 0;
}

void restore() {
    struct sigaction current {};
    sigaction(SIGINT, nullptr, &current);
    // A handler set meanwhile (signal.signal from an observer) stays.
    if ((current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == on_interrupt) {
        sigaction(SIGINT, &replaced, nullptr);
    }
    installed = false;
}

}  // namespace

const std::atomic<bool>* interrupt_flag() noexcept { return &interrupted; }

SolveInterrupts::SolveInterrupts() {
    if (solves_running++ == 0) install();
}

SolveInterrupts::~SolveInterrupts() {
    if (--solves_running == 0 && installed) restore();
}

void SolveInterrupts::raise_pending() {
    if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
}

}  // namespace asor::python
