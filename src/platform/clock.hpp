// Clocks: the steady clock for run durations, the cycle counter for sampled single operations.
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace contend {

using SteadyClock = std::chrono::steady_clock;

inline double seconds_between(SteadyClock::time_point from, SteadyClock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Cycle-counter reads that fence the timed operation in: the first read cannot move after it,
// the second cannot move before it. On other architectures they fall back to the steady clock
// in nanoseconds, and calibration reports 1 tick per ns.
inline std::uint64_t ticks_begin() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  _mm_lfence();
  const std::uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
#else
  return static_cast<std::uint64_t>(SteadyClock::now().time_since_epoch().count());
#endif
}

inline std::uint64_t ticks_end() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  unsigned int aux = 0;
  const std::uint64_t t = __rdtscp(&aux);
  _mm_lfence();
  return t;
#else
  return static_cast<std::uint64_t>(SteadyClock::now().time_since_epoch().count());
#endif
}

// What the tick counter and the steady clock are worth, measured at start-up. Run durations
// come from the steady clock, sampled single operations from the tick counter: both must be
// fine-grained and cheap next to what they time.
struct TickCalibration {
  const char* source = "steady_clock";  // "tsc" on x86
  double ticks_per_ns = 1.0;
  double overhead_ticks = 0;           // median cost of an empty begin/end pair
  double resolution_ticks = 1;         // smallest nonzero step between two successive reads
  bool invariant = false;              // the CPU says the TSC runs at a constant rate
  double steady_resolution_ns = 1;     // smallest nonzero step between two SteadyClock::now()
  double steady_read_overhead_ns = 0;  // median cost of one SteadyClock::now()
};

// A timed span should be at least this many clock steps long, so that rounding to the clock's
// resolution moves a figure by at most 0.1%.
inline constexpr double kMinResolutionsPerSpan = 1000;

// Measures ticks per ns against the steady clock over `window_s`, and the read overhead.
TickCalibration calibrate_ticks(double window_s = 0.02);

// Computed once per process; cheap after the first call.
const TickCalibration& tick_calibration();

}  // namespace contend
