#include "runner/clock.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace contend {

namespace {

bool tsc_is_invariant() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(0x80000000u, &eax, &ebx, &ecx, &edx) == 0 || eax < 0x80000007u) return false;
  __get_cpuid(0x80000007u, &eax, &ebx, &ecx, &edx);
  return (edx & (1u << 8)) != 0;  // CPUID.80000007H:EDX[8] "invariant TSC"
#else
  return false;
#endif
}

}  // namespace

TickCalibration calibrate_ticks(double window_s) {
  TickCalibration calibration;
#if defined(__x86_64__) || defined(__i386__)
  calibration.source = "tsc";
  calibration.invariant = tsc_is_invariant();
  const auto wall_start = SteadyClock::now();
  const std::uint64_t tick_start = ticks_begin();
  // Busy-wait rather than sleep so the core does not idle into a different frequency state.
  while (seconds_between(wall_start, SteadyClock::now()) < window_s) {
  }
  const std::uint64_t tick_end = ticks_end();
  const double elapsed_ns = seconds_between(wall_start, SteadyClock::now()) * 1e9;
  calibration.ticks_per_ns = static_cast<double>(tick_end - tick_start) / elapsed_ns;
#else
  (void)window_s;
#endif
  std::vector<std::uint64_t> empty(1001);
  for (auto& sample : empty) {
    const std::uint64_t t0 = ticks_begin();
    sample = ticks_end() - t0;
  }
  std::nth_element(empty.begin(), empty.begin() + 500, empty.end());
  calibration.overhead_ticks = static_cast<double>(empty[500]);
  return calibration;
}

const TickCalibration& tick_calibration() {
  static const TickCalibration calibration = calibrate_ticks();
  return calibration;
}

}  // namespace contend
