#include "interrupts.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>

#include "asor/detail/atomic_file.hpp"

namespace asor::cli {

namespace {

std::atomic<bool> interrupted{false};
std::atomic<int> interrupt_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

extern "C" void on_interrupt(int signal) {
    if (interrupted.load(std::memory_order_relaxed)) {  // the second one: end at once
        remove_unfinished_temporary_file();
        _exit(128 + signal);
    }
    interrupt_signal.store(signal, std::memory_order_relaxed);
    interrupted.store(true, std::memory_order_release);
}

}  // namespace

const std::atomic<bool>* install_interrupt_handlers() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    return &interrupted;
}

int interrupting_signal() noexcept { return interrupt_signal.load(std::memory_order_relaxed); }

void stop_here_for_tests(const char* point, int rank) {
    const char* asked = std::getenv("ASOR_TEST_STOP_AT");
    if (asked != nullptr && asked == std::string(point) + ":" + std::to_string(rank)) {
        std::raise(SIGSTOP);
    }
}

}  // namespace asor::cli
