#include "platform/clock.hpp"

#include <algorithm>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace contend {

namespace {

// The middle value of an odd-sized sample (the floor has no statistics library; every sample
// here is odd-sized on purpose, so there is exactly one median and no averaging rule to agree on).
double middle_value(std::vector<double> values) {
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

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

// Smallest nonzero step between two successive reads of `read`: the finest span it can see.
template <typename Read>
double smallest_step(Read read) {
  constexpr int kTries = 200;
  double smallest = 0;
  for (int i = 0; i < kTries; ++i) {
    const auto first = read();
    auto next = read();
    while (next == first) next = read();
    const auto step = static_cast<double>(next - first);
    if (i == 0 || step < smallest) smallest = step;
  }
  return smallest;
}

// Median cost of one SteadyClock::now(), from batches of back-to-back reads.
double steady_read_overhead_ns() {
  constexpr int kBatches = 11;
  constexpr int kReads = 1000;
  std::vector<double> per_read(kBatches);
  for (auto& cost : per_read) {
    const auto start = SteadyClock::now();
    for (int i = 0; i < kReads - 1; ++i) {
      // The result must be used or the call could be dropped.
      asm volatile("" : : "r"(SteadyClock::now().time_since_epoch().count()));
    }
    cost = seconds_between(start, SteadyClock::now()) * 1e9 / kReads;
  }
  return middle_value(per_read);
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
  std::vector<double> empty(1001);
  for (auto& sample : empty) {
    const std::uint64_t t0 = ticks_begin();
    sample = static_cast<double>(ticks_end() - t0);
  }
  calibration.overhead_ticks = middle_value(empty);
  calibration.resolution_ticks = smallest_step([] { return ticks_begin(); });
  calibration.steady_resolution_ns =
      smallest_step([] { return SteadyClock::now().time_since_epoch().count(); }) *
      std::chrono::duration<double, std::nano>(SteadyClock::duration(1)).count();
  calibration.steady_read_overhead_ns = steady_read_overhead_ns();
  return calibration;
}

const TickCalibration& tick_calibration() {
  static const TickCalibration calibration = calibrate_ticks();
  return calibration;
}

}  // namespace contend
