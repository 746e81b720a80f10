// Ctrl-C and SIGTERM during a run: the first asks the run to stop at the next point boundary
// and still write what it measured; the second exits at once (results are written atomically,
// so no corrupt file is left behind either way).
#pragma once

namespace contend {

void install_interrupt_handlers();
bool interrupt_requested() noexcept;
// Exit status for a run cut short by a signal, as shells report it.
inline constexpr int kInterruptedExitCode = 130;

}  // namespace contend
