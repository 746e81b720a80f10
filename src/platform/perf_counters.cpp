#include "platform/perf_counters.hpp"

#include <fmt/format.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>

#include "platform/error.hpp"

namespace contend {

namespace {

struct EventSpec {
  const char* name;
  std::uint32_t type;
  std::uint64_t config;
  bool required;  // the group is useless without it; optional ones are skipped quietly
};

constexpr std::uint64_t kL1dReadMiss = PERF_COUNT_HW_CACHE_L1D |
                                       (PERF_COUNT_HW_CACHE_OP_READ << 8) |
                                       (PERF_COUNT_HW_CACHE_RESULT_MISS << 16);

// In fds_ order; the first one leads the group.
constexpr EventSpec kEventSpecs[] = {
    {"cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, true},
    {"instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, true},
    {"cache_misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES, true},
    {"l1d_misses", PERF_TYPE_HW_CACHE, kL1dReadMiss, false},
};

int open_event(const EventSpec& spec, int group_fd) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = spec.type;
  attr.config = spec.config;
  attr.disabled = group_fd == -1 ? 1 : 0;  // the leader starts the whole group
  // User space only: allowed at perf_event_paranoid 2, and a parked thread's kernel time is
  // already visible as system time and context switches.
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  attr.read_format =
      PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  return static_cast<int>(
      syscall(SYS_perf_event_open, &attr, 0 /* this thread */, -1, group_fd, PERF_FLAG_FD_CLOEXEC));
}

std::string why_refused(const char* event, int err) {
  std::string hint;
  if (err == ENOENT || err == EOPNOTSUPP || err == ENODEV) {
    hint = " (no hardware PMU exposed, as on most virtual machines)";
  } else if (err == EACCES || err == EPERM) {
    std::ifstream in("/proc/sys/kernel/perf_event_paranoid");
    std::string level;
    if (in) std::getline(in, level);
    hint = fmt::format(" (kernel.perf_event_paranoid is {})", level.empty() ? "?" : level);
  } else if (err == ENOSYS) {
    hint = " (kernel built without perf events)";
  }
  return "hardware counters unavailable: " +
         os_error(fmt::format("perf_event_open({})", event), err) + hint;
}

HardwareCounterSupport probe_support() {
  HardwareCounterSupport support;
  PerfCounterGroup group;
  support.reason = group.open();
  support.available = support.reason.empty();
  if (!support.available) return support;
  group.start();
  const HardwareCounts counts = group.stop();
  for (const auto& spec : kEventSpecs) {
    if (spec.required || counts.has_l1d_misses) support.events.emplace_back(spec.name);
  }
  return support;
}

}  // namespace

const HardwareCounterSupport& hardware_counter_support() {
  static const HardwareCounterSupport support = probe_support();
  return support;
}

PerfCounterGroup::~PerfCounterGroup() {
  for (int fd : fds_) {
    if (fd >= 0) close(fd);
  }
}

std::string PerfCounterGroup::open() {
  for (int i = 0; i < kEvents; ++i) {
    const EventSpec& spec = kEventSpecs[i];
    const int fd = open_event(spec, fds_[0]);
    if (fd >= 0) {
      fds_[static_cast<std::size_t>(i)] = fd;
      continue;
    }
    if (!spec.required) continue;
    const int err = errno;
    for (int& open_fd : fds_) {
      if (open_fd >= 0) close(open_fd);
      open_fd = -1;
    }
    return why_refused(spec.name, err);
  }
  return "";
}

void PerfCounterGroup::start() noexcept {
  if (fds_[0] < 0) return;
  ioctl(fds_[0], PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
  ioctl(fds_[0], PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
}

HardwareCounts PerfCounterGroup::stop() noexcept {
  HardwareCounts counts;
  if (fds_[0] < 0) return counts;
  ioctl(fds_[0], PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
  // PERF_FORMAT_GROUP layout: nr, time_enabled, time_running, then one value per member.
  std::uint64_t buffer[3 + kEvents] = {};
  const ssize_t got = read(fds_[0], buffer, sizeof buffer);
  const std::uint64_t members = buffer[0];
  if (got < static_cast<ssize_t>(3 * sizeof(std::uint64_t)) || members < 3 ||
      members > static_cast<std::uint64_t>(kEvents) || buffer[2] == 0) {
    return counts;
  }
  // Multiplexed: the group counted only part of the time; scale to the whole.
  const double scale = static_cast<double>(buffer[1]) / static_cast<double>(buffer[2]);
  const std::uint64_t* values = buffer + 3;
  counts.valid = true;
  counts.cycles = static_cast<double>(values[0]) * scale;
  counts.instructions = static_cast<double>(values[1]) * scale;
  counts.cache_misses = static_cast<double>(values[2]) * scale;
  counts.has_l1d_misses = members == 4;
  if (counts.has_l1d_misses) counts.l1d_misses = static_cast<double>(values[3]) * scale;
  return counts;
}

}  // namespace contend
