#include "runner/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace contend {

namespace {

std::atomic<int> g_signals{0};

extern "C" void on_signal(int) {
  if (g_signals.fetch_add(1) >= 1) _exit(kInterruptedExitCode);  // async-signal-safe
  constexpr char kNote[] =
      "\ncontend: interrupted; finishing the current point and writing results (again to quit "
      "now)\n";
  [[maybe_unused]] const auto n = write(STDERR_FILENO, kNote, sizeof kNote - 1);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() noexcept {
  return g_signals.load(std::memory_order_relaxed) > 0;
}

}  // namespace contend
