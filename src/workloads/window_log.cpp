#include "workloads/window_log.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace contend {

std::uint64_t WindowLog::admitted() const noexcept {
  std::uint64_t total = 0;
  for (const auto& run : runs_) total += run.admitted;
  return total;
}

WindowSummary summarize_windows(std::span<const WindowLog* const> logs) {
  std::unordered_map<std::uint64_t, std::uint64_t> per_window;
  WindowSummary summary;
  for (const WindowLog* log : logs) {
    for (const auto& run : log->runs()) {
      const std::uint64_t total = per_window[run.window] += run.admitted;
      summary.admitted += run.admitted;
      if (total > summary.fullest) {
        summary.fullest = total;
        summary.fullest_window = run.window;
      }
    }
  }
  summary.windows = per_window.size();
  return summary;
}

Verification check_window_limit(std::span<const WindowLog* const> logs, std::uint64_t limit) {
  const WindowSummary summary = summarize_windows(logs);
  if (summary.fullest > limit) {
    return {false, fmt::format("window {} admitted {} requests, over its limit of {}",
                               summary.fullest_window, summary.fullest, limit)};
  }
  return {true, fmt::format("{} windows, fullest admitted {} of {}", summary.windows,
                            summary.fullest, limit)};
}

}  // namespace contend
