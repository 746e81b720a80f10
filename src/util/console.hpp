// Console output that never throws. A closed or full stdout or stderr (`2>&-`, `> /dev/full`,
// a terminal that hung up) must not abort a run or cost its results: the results file is what
// matters, and it is written whatever happens to the console.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace contend {

// Writes `text` to `stream` and flushes it; a failure is ignored (nowhere left to report it).
void write_text(std::FILE* stream, std::string_view text) noexcept;

// True when stderr is a terminal.
bool stderr_is_terminal();

// How progress is shown on stderr. On a terminal that understands escape codes (TERM is not
// "dumb", NO_COLOR is not set): one line redrawn in place. Anywhere else (a file, a pipe, CI
// logs, nohup): one plain line per step, so that a log shows the run as it goes.
enum class ProgressStyle { kLive, kLines };
ProgressStyle progress_style();

// Shows `text` as the current progress: redrawn in place (kLive) or as a line of its own.
void show_progress(ProgressStyle style, std::string_view text);
// Erases a live progress line (before other output, and at the end); nothing for kLines.
void clear_progress(ProgressStyle style);

// 123456789 -> "123.5M"; for ops/s columns.
std::string si_format(double value);

template <typename... Args>
void print_to(std::FILE* stream, fmt::format_string<Args...> format, Args&&... args) {
  write_text(stream, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace contend
