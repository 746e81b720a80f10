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
// the second cannot move before it.
//
// x86: the TSC (rdtsc/rdtscp between lfences). aarch64: the generic timer's virtual count,
// CNTVCT_EL0, behind `isb` (without it the read may be taken early, out of order with the
// operation timed; Linux's own vDSO reads it the same way); it ticks at CNTFRQ_EL0, often
// 25 MHz to 1 GHz, so its step is coarser than a TSC's and recorded as the resolution.
// Elsewhere they fall back to the steady clock in nanoseconds, and calibration reports
// 1 tick per ns.
#if defined(__aarch64__)
inline std::uint64_t read_cntvct() noexcept {
  std::uint64_t t;
  asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t) : : "memory");
  return t;
}

// The frequency firmware programmed for the generic timer, in Hz (0 when not set).
inline std::uint64_t read_cntfrq() noexcept {
  std::uint64_t f;
  asm volatile("mrs %0, cntfrq_el0" : "=r"(f));
  return f;
}
#endif

inline std::uint64_t ticks_begin() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  _mm_lfence();
  const std::uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
#elif defined(__aarch64__)
  const std::uint64_t t = read_cntvct();
  asm volatile("isb" : : : "memory");  // the timed operation starts after the read
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
#elif defined(__aarch64__)
  return read_cntvct();  // its leading isb waits for the timed operation to retire
#else
  return static_cast<std::uint64_t>(SteadyClock::now().time_since_epoch().count());
#endif
}

// Before ticks_end() after a timed store: waits until earlier stores have left the store
// buffer, so the span covers the store reaching the cache, not only its issue. An instruction,
// not std::atomic_thread_fence: it orders nothing for other threads, and ThreadSanitizer does
// not model standalone fences.
inline void drain_stores() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  _mm_mfence();
#elif defined(__aarch64__)
  asm volatile("dmb ish" : : : "memory");
#else
  asm volatile("" : : : "memory");
#endif
}

// The counter read unfenced, for code that wants a cheap coarse "now" in ticks (rolling
// windows), not a timed span.
inline std::uint64_t ticks_now() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#elif defined(__aarch64__)
  std::uint64_t t;
  asm volatile("mrs %0, cntvct_el0" : "=r"(t));
  return t;
#else
  return static_cast<std::uint64_t>(SteadyClock::now().time_since_epoch().count());
#endif
}

// What the tick counter and the steady clock are worth, measured at start-up. Run durations
// come from the steady clock, sampled single operations from the tick counter: both must be
// fine-grained and cheap next to what they time.
struct TickCalibration {
  const char* source = "steady_clock";  // "tsc" on x86, "cntvct" on aarch64
  double ticks_per_ns = 1.0;
  double nominal_hz = 0;               // what the CPU says the counter runs at (CNTFRQ_EL0), or 0
  double overhead_ticks = 0;           // median cost of an empty begin/end pair
  double resolution_ticks = 1;         // smallest nonzero step between two successive reads
  bool invariant = false;              // the counter runs at a constant rate (TSC: CPUID says so;
                                       // the Arm generic timer: always, by architecture)
  double steady_resolution_ns = 1;     // smallest nonzero step between two SteadyClock::now()
  double steady_read_overhead_ns = 0;  // median cost of one SteadyClock::now()
  bool cut_short = false;              // a bound or an interrupt ended a loop early (see below)
};

// A timed span should be at least this many clock steps long, so that rounding to the clock's
// resolution moves a figure by at most 0.1%.
inline constexpr double kMinResolutionsPerSpan = 1000;

// Measures ticks per ns against the steady clock over `window_s`, and the read overhead.
// Every loop in it is bounded (in reads and in time): a clock that stops advancing, as an
// emulator's may, or a signal asking to stop (`interrupted`, polled) ends it early with
// cut_short set instead of spinning on.
TickCalibration calibrate_ticks(double window_s = 0.02, bool (*interrupted)() noexcept = nullptr);

// Computed once per process; cheap after the first call.
const TickCalibration& tick_calibration();

}  // namespace contend
