// The signal handlers themselves, each in a forked child so that the handlers and the signal
// count never leak into the test process: the first signal only asks to stop, the second exits
// 130 at once and removes the temporary file being written, and blocked threads never see one.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "platform/interrupt.hpp"

namespace contend {
namespace {

namespace fs = std::filesystem;

// Runs `body` in a child process and returns its exit code (128 + signal if it was killed).
template <typename Body>
int exit_code_of(Body body) {
  const pid_t pid = fork();
  if (pid == 0) {
    body();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(Interrupt, TheFirstSignalOnlyAsksToStop) {
  EXPECT_EQ(exit_code_of([] {
              install_interrupt_handlers();
              if (interrupt_requested()) _exit(3);
              std::raise(SIGINT);
              _exit(interrupt_requested() ? 0 : 4);
            }),
            0);
}

TEST(Interrupt, SigtermCountsLikeCtrlC) {
  EXPECT_EQ(exit_code_of([] {
              install_interrupt_handlers();
              std::raise(SIGTERM);
              _exit(interrupt_requested() ? 0 : 4);
            }),
            0);
}

TEST(Interrupt, TheSecondSignalExits130AndRemovesTheTemporaryFile) {
  const fs::path dir =
      fs::temp_directory_path() / ("contend-unit-signal-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string pattern = (dir / ".r.json.XXXXXX").string();
  EXPECT_EQ(exit_code_of([&pattern] {
              install_interrupt_handlers();
              TemporaryFileName name(pattern);
              if (mkstemp(name.data()) < 0) _exit(3);
              std::raise(SIGINT);
              std::raise(SIGINT);
              _exit(4);  // not reached: the second signal exits
            }),
            kInterruptedExitCode);
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST(Interrupt, ABlockedThreadLeavesTheSignalPendingUntilTheScopeEnds) {
  EXPECT_EQ(exit_code_of([] {
              install_interrupt_handlers();
              {
                const ScopedSignalBlock blocked;
                std::raise(SIGINT);
                if (interrupt_requested()) _exit(3);
              }
              _exit(interrupt_requested() ? 0 : 4);
            }),
            0);
}

}  // namespace
}  // namespace contend
