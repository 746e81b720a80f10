// Hardware event counts per worker (perf_event_open): cycles, instructions and cache misses
// per operation say *why* a figure is what it is. Often absent (VMs expose no PMU, or
// kernel.perf_event_paranoid forbids it): then the results say so once and carry no metrics.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace contend {

// One worker's user-space counts over its measured loop; valid only when they were counted
// (scaled up when the kernel had to multiplex the group).
struct HardwareCounts {
  bool valid = false;
  double cycles = 0;
  double instructions = 0;
  double cache_misses = 0;  // the kernel's generic "cache misses" (usually last-level)
  bool has_l1d_misses = false;
  double l1d_misses = 0;  // L1 data read misses, where the PMU offers them
};

struct HardwareCounterSupport {
  bool available = false;
  std::vector<std::string> events;  // what a worker counts, in metric order
  std::string reason;               // "hardware counters unavailable: ..." when not available
};

// Probed once per process by opening (and closing) a group on the calling thread.
const HardwareCounterSupport& hardware_counter_support();

// The calling thread's counter group. Opened by a worker after pinning, started right before
// its measured loop and stopped right after, so set-up system calls are not counted.
class PerfCounterGroup {
 public:
  PerfCounterGroup() = default;
  ~PerfCounterGroup();
  PerfCounterGroup(const PerfCounterGroup&) = delete;
  PerfCounterGroup& operator=(const PerfCounterGroup&) = delete;

  // Empty string on success, otherwise why the OS refused; nothing is counted then.
  std::string open();
  void start() noexcept;
  HardwareCounts stop() noexcept;

 private:
  static constexpr int kEvents = 4;  // cycles (leader), instructions, cache misses, L1D misses
  std::array<int, kEvents> fds_{-1, -1, -1, -1};
};

}  // namespace contend
