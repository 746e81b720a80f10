#include "platform/interrupt.hpp"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace contend {

namespace {

std::atomic<int> g_signals{0};

// The registered temporary file name. Claimed through g_temporary_slot_taken, written by its
// owner before g_temporary_registered is raised; read by the handler only while it is up.
constexpr std::size_t kMaxTemporaryName = 4096;
char g_temporary_name[kMaxTemporaryName];
std::atomic<bool> g_temporary_slot_taken{false};
std::atomic<bool> g_temporary_registered{false};

void write_note(const char* text, std::size_t size) noexcept {
  [[maybe_unused]] const auto n = write(STDERR_FILENO, text, size);
}

// Only async-signal-safe calls here: atomics, write, unlink, _exit.
extern "C" void on_signal(int) {
  if (g_signals.fetch_add(1) >= 1) {
    if (g_temporary_registered.load()) unlink(g_temporary_name);
    constexpr char kQuit[] = "\ncontend: interrupted again; exiting now without results\n";
    write_note(kQuit, sizeof kQuit - 1);
    _exit(kInterruptedExitCode);
  }
  constexpr char kNote[] =
      "\ncontend: interrupted; stopping and writing the results measured so far (interrupt "
      "again to quit without them)\n";
  write_note(kNote, sizeof kNote - 1);
}

// The terminal went away (an ssh session dropped): stop and write the results, as for SIGTERM,
// but never escalate. A hang-up often arrives twice, from the kernel and again from the shell,
// and there is nobody left to have meant "quit without them".
extern "C" void on_hangup(int) {
  int none = 0;
  if (g_signals.compare_exchange_strong(none, 1)) {
    constexpr char kNote[] =
        "\ncontend: hang-up; stopping and writing the results measured so far\n";
    write_note(kNote, sizeof kNote - 1);
  }
}

sigset_t interrupt_signals() noexcept {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  // Mask both while the handler runs, so the second signal is counted only after the first
  // handler returned.
  action.sa_mask = interrupt_signals();
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // Under nohup SIGHUP is ignored, and stays so.
  struct sigaction hangup {};
  if (sigaction(SIGHUP, nullptr, &hangup) == 0 && hangup.sa_handler != SIG_IGN) {
    hangup = action;
    hangup.sa_handler = on_hangup;
    sigaction(SIGHUP, &hangup, nullptr);
  }
}

bool interrupt_requested() noexcept {
  return g_signals.load(std::memory_order_relaxed) > 0;
}

ScopedSignalBlock::ScopedSignalBlock() noexcept {
  const sigset_t block = interrupt_signals();
  pthread_sigmask(SIG_BLOCK, &block, &previous_);
}

ScopedSignalBlock::~ScopedSignalBlock() {
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

TemporaryFileName::TemporaryFileName(const std::string& pattern) {
  bool expected = false;
  if (pattern.size() < kMaxTemporaryName &&
      g_temporary_slot_taken.compare_exchange_strong(expected, true)) {
    // Copy first, then raise the flag: the handler never sees a half-copied pattern.
    std::memcpy(g_temporary_name, pattern.c_str(), pattern.size() + 1);
    g_temporary_registered.store(true);
    registered_ = true;
    name_ = g_temporary_name;
  } else {
    fallback_ = pattern;
    name_ = fallback_.data();
  }
}

TemporaryFileName::~TemporaryFileName() {
  if (!registered_) return;
  g_temporary_registered.store(false);
  g_temporary_slot_taken.store(false);
}

}  // namespace contend
