#include "platform/clock.hpp"

#include <algorithm>
#include <vector>

#include "platform/interrupt.hpp"

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

#if defined(__x86_64__) || defined(__i386__)
bool tsc_is_invariant() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(0x80000000u, &eax, &ebx, &ecx, &edx) == 0 || eax < 0x80000007u) return false;
  __get_cpuid(0x80000007u, &eax, &ebx, &ecx, &edx);
  return (edx & (1u << 8)) != 0;  // CPUID.80000007H:EDX[8] "invariant TSC"
}
#endif

// Bounds on every calibration loop. An emulator (qemu-user) or a stopped clock source may
// return the same value for a long time; nothing here may spin on it unbounded.
constexpr int kMaxReadsPerStep = 1 << 20;  // reads waiting for one step before giving up
constexpr double kMaxStepSearch_s = 0.5;   // wall time for the whole step search

// Smallest nonzero step between two successive reads of `read`: the finest span it can see.
// 0 when the clock never advanced within the bounds.
template <typename Read>
double smallest_step(Read read, bool (*interrupted)() noexcept, bool& cut_short) {
  constexpr int kTries = 200;
  double smallest = 0;
  const auto deadline =
      SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                               std::chrono::duration<double>(kMaxStepSearch_s));
  for (int i = 0; i < kTries; ++i) {
    const auto first = read();
    auto next = read();
    for (int reads = 0; next == first && reads < kMaxReadsPerStep; ++reads) next = read();
    if (next != first) {
      const auto step = static_cast<double>(next - first);
      if (smallest == 0 || step < smallest) smallest = step;
    }
    // Checked between tries, not per read: a try is short unless the clock is stuck.
    if ((interrupted != nullptr && interrupted()) || SteadyClock::now() > deadline) {
      cut_short = true;
      break;
    }
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

TickCalibration calibrate_ticks(double window_s, bool (*interrupted)() noexcept) {
  TickCalibration calibration;
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
#if defined(__aarch64__)
  // The generic timer is architecturally constant-rate and common to all cores; its nominal
  // rate is what firmware wrote to CNTFRQ_EL0, checked here against the steady clock.
  calibration.source = "cntvct";
  calibration.invariant = true;
  calibration.nominal_hz = static_cast<double>(read_cntfrq());
#else
  calibration.source = "tsc";
  calibration.invariant = tsc_is_invariant();
#endif
  const auto wall_start = SteadyClock::now();
  const std::uint64_t tick_start = ticks_begin();
  // Busy-wait rather than sleep so the core does not idle into a different frequency state.
  // Bounded in reads too, and polls for a stop request: a clock that does not advance (an
  // emulator's) must not hold the process here.
  constexpr long kMaxWaitReads = 50'000'000;
  for (long reads = 0; seconds_between(wall_start, SteadyClock::now()) < window_s; ++reads) {
    if (reads >= kMaxWaitReads ||
        ((reads & 1023) == 1023 && interrupted != nullptr && interrupted())) {
      calibration.cut_short = true;
      break;
    }
  }
  const std::uint64_t tick_end = ticks_end();
  const double elapsed_ns = seconds_between(wall_start, SteadyClock::now()) * 1e9;
  if (elapsed_ns > 0 && tick_end > tick_start) {
    calibration.ticks_per_ns = static_cast<double>(tick_end - tick_start) / elapsed_ns;
  } else {
    // The counter did not advance, or the window was cut to nothing: no rate was measured.
    // The CPU's stated rate where it has one, else 1 tick per ns; flagged either way.
    calibration.ticks_per_ns = calibration.nominal_hz > 0 ? calibration.nominal_hz / 1e9 : 1.0;
    calibration.cut_short = true;
  }
#else
  (void)window_s;
#endif
  std::vector<double> empty(1001);
  for (auto& sample : empty) {
    const std::uint64_t t0 = ticks_begin();
    sample = static_cast<double>(ticks_end() - t0);
  }
  calibration.overhead_ticks = middle_value(empty);
  bool cut_short = false;
  calibration.resolution_ticks =
      smallest_step([] { return ticks_begin(); }, interrupted, cut_short);
  calibration.steady_resolution_ns =
      smallest_step([] { return SteadyClock::now().time_since_epoch().count(); }, interrupted,
                    cut_short) *
      std::chrono::duration<double, std::nano>(SteadyClock::duration(1)).count();
  calibration.cut_short = calibration.cut_short || cut_short;
  // A clock that never stepped within the bounds: one tick is the best claim left.
  if (calibration.resolution_ticks <= 0) calibration.resolution_ticks = 1;
  if (calibration.steady_resolution_ns <= 0) calibration.steady_resolution_ns = 1;
  calibration.steady_read_overhead_ns = steady_read_overhead_ns();
  return calibration;
}

const TickCalibration& tick_calibration() {
  // A Ctrl-C during start-up cuts the calibration short; the run then stops before measuring.
  static const TickCalibration calibration = calibrate_ticks(0.02, &interrupt_requested);
  return calibration;
}

}  // namespace contend
