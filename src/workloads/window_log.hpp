// What a rate limiter admitted, window by window, recorded by each thread on its own so the
// invariant ("no window ever admitted more than its limit") is checked against counts the
// limiter's own state never saw.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "contract/workload.hpp"

namespace contend {

struct WindowTally {
  std::uint64_t window = 0;
  std::uint64_t admitted = 0;
};

// One thread's admissions as runs of equal windows. The worker counts the current run in
// registers and appends it when its window changes and at the end, so the log is written once
// per window, not per admission. A thread's windows almost always grow; a window seen again
// simply starts a new run (the check sums runs by window).
class WindowLog {
 public:
  void reserve(std::size_t windows) { runs_.reserve(windows); }
  void append(std::uint64_t window, std::uint64_t admitted) { runs_.push_back({window, admitted}); }
  const std::vector<WindowTally>& runs() const noexcept { return runs_; }
  // All admissions in the log.
  std::uint64_t admitted() const noexcept;

 private:
  std::vector<WindowTally> runs_;
};

struct WindowSummary {
  std::uint64_t windows = 0;   // distinct windows with at least one admission
  std::uint64_t admitted = 0;  // all admissions in all logs
  std::uint64_t fullest = 0;   // most admissions in one window
  std::uint64_t fullest_window = 0;
};

// Sums every thread's runs by window.
WindowSummary summarize_windows(std::span<const WindowLog* const> logs);

// Fails when a window, summed over every thread's log, admitted more than `limit`.
Verification check_window_limit(std::span<const WindowLog* const> logs, std::uint64_t limit);

}  // namespace contend
