// Ctrl-C and SIGTERM during a run. The first signal asks the run to stop: the point being
// measured is cut short (its unfinished repetition dropped) and the results measured so far are
// written, marked interrupted. The second signal exits at once; results are written atomically
// and the temporary file being written (if any) is removed first, so no corrupt or stray file
// is left behind either way. SIGHUP (a lost terminal) asks the run to stop like a first signal,
// however often it comes, and is left ignored where it was (nohup).
#pragma once

#include <signal.h>

#include <string>

namespace contend {

// Installs the SIGINT/SIGTERM/SIGHUP handlers. Called by the main thread once, before measuring.
void install_interrupt_handlers();

// True once a first signal arrived. Async-signal-safe to read; cheap enough to poll.
bool interrupt_requested() noexcept;

// Exit status for a run cut short by a signal, as shells report it.
inline constexpr int kInterruptedExitCode = 130;

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread for its lifetime. Threads started inside
// the scope inherit the mask, so signals always land on the main thread (never on a measuring
// worker, nor on an abandoned one).
class ScopedSignalBlock {
 public:
  ScopedSignalBlock() noexcept;
  ~ScopedSignalBlock();
  ScopedSignalBlock(const ScopedSignalBlock&) = delete;
  ScopedSignalBlock& operator=(const ScopedSignalBlock&) = delete;

 private:
  sigset_t previous_{};
};

// The name of a temporary file that must not outlive an immediate exit. `pattern` ends in
// XXXXXX; pass data() to mkstemp, which fills it in place. While this object lives, the signal
// handler unlinks that name before exiting. One registration at a time (a second one still
// works, unregistered).
class TemporaryFileName {
 public:
  explicit TemporaryFileName(const std::string& pattern);
  ~TemporaryFileName();
  TemporaryFileName(const TemporaryFileName&) = delete;
  TemporaryFileName& operator=(const TemporaryFileName&) = delete;

  char* data() noexcept { return name_; }
  const char* c_str() const noexcept { return name_; }

 private:
  bool registered_ = false;
  std::string fallback_;  // the name when the slot is taken or the pattern too long
  char* name_ = nullptr;
};

}  // namespace contend
