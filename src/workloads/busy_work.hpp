// Calibrated busy work: the `critical_ns` and `parallel_ns` knobs. A chain of dependent
// multiply-adds the compiler cannot fold or vectorise, so N iterations take N times one
// multiply's latency; the iterations per nanosecond are measured once per process.
#pragma once

#include <cstdint>

namespace contend {

// Spins for `iterations` dependent steps and returns a value derived from them (fold it into
// a sink). Touches no memory: it occupies the core, not the caches or the interconnect.
inline std::uint64_t busy_spin(std::uint64_t iterations) noexcept {
  std::uint64_t x = iterations;
  for (std::uint64_t i = 0; i < iterations; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;  // an LCG step: one dependent chain
    asm volatile("" : "+r"(x));  // opaque to the optimiser: the loop cannot be computed ahead
  }
  return x;
}

// Iterations of busy_spin per nanosecond on this machine: the fastest of a few timed runs
// (the least disturbed one). Measured on the first call, cached for the process.
double busy_iterations_per_ns();

// Busy work worth about `ns` nanoseconds, converted to iterations once (at construction, on
// the coordinator) so the hot loop pays no conversion. 0 ns does nothing.
class BusyWork {
 public:
  explicit BusyWork(std::uint64_t ns);
  std::uint64_t iterations() const noexcept { return iterations_; }
  std::uint64_t run() const noexcept { return iterations_ == 0 ? 0 : busy_spin(iterations_); }

 private:
  std::uint64_t iterations_ = 0;
};

}  // namespace contend
