// What a rate limiter admitted, window by window, recorded by each thread on its own so the
// invariant ("no window ever admitted more than its limit") is checked against counts the
// limiter's own state never saw.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "workloads/workload.hpp"

namespace contend {

struct WindowTally {
  std::uint64_t window = 0;
  std::uint64_t admitted = 0;
};

// One thread's admissions as runs of equal windows. A thread's windows almost always grow, so
// the log gains one entry per window it was admitted in; a window seen again simply starts a
// new run (the check sums runs by window).
class WindowLog {
 public:
  void reserve(std::size_t windows) { runs_.reserve(windows); }
  void clear() noexcept { runs_.clear(); }
  void add(std::uint64_t window) {
    if (!runs_.empty() && runs_.back().window == window) {
      ++runs_.back().admitted;
    } else {
      runs_.push_back({window, 1});
    }
  }
  const std::vector<WindowTally>& runs() const noexcept { return runs_; }

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

// Fails when a window admitted more than `limit`, or when the logs do not add up to
// `admitted` (what the threads counted as admissions).
Verification check_window_limit(std::span<const WindowLog* const> logs, std::uint64_t limit,
                                std::uint64_t admitted);

}  // namespace contend
