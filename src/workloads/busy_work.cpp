#include "workloads/busy_work.hpp"

#include <algorithm>
#include <cmath>

#include "platform/clock.hpp"

namespace contend {

namespace {

double measure_iterations_per_ns() {
  // About a millisecond per try; five tries keep the calibration under ~10 ms per process.
  constexpr std::uint64_t kIterations = 1u << 20;
  constexpr int kTries = 5;
  volatile std::uint64_t sink = 0;
  double best_ns = 0;
  for (int i = 0; i < kTries; ++i) {
    const auto start = SteadyClock::now();
    sink = sink + busy_spin(kIterations);
    const double ns = seconds_between(start, SteadyClock::now()) * 1e9;
    best_ns = i == 0 ? ns : std::min(best_ns, ns);
  }
  return static_cast<double>(kIterations) / std::max(best_ns, 1.0);
}

}  // namespace

double busy_iterations_per_ns() {
  static const double per_ns = measure_iterations_per_ns();
  return per_ns;
}

BusyWork::BusyWork(std::uint64_t ns) {
  if (ns == 0) return;
  // At least one iteration: a requested non-zero amount of work is never silently dropped.
  iterations_ = std::max<std::uint64_t>(
      1,
      static_cast<std::uint64_t>(std::llround(static_cast<double>(ns) * busy_iterations_per_ns())));
}

}  // namespace contend
