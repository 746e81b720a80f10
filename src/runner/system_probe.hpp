// What the machine was when we measured, as typed facts: read from /proc, sysfs, CPUID, hwloc and
// the timers. No policy here (runner/warning_policy.hpp judges the facts) and no serialisation
// (report/context.hpp writes them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "platform/cache_line.hpp"
#include "platform/clock.hpp"
#include "platform/perf_counters.hpp"
#include "runner/harness_overhead.hpp"
#include "runner/tsc_sync.hpp"
#include "topology/topology.hpp"

namespace contend {

struct CpuFacts {
  std::string model = "unknown";  // "AMD EPYC 9B14"
  std::string vendor = "unknown";
  std::string arch;  // uname machine: "x86_64", "aarch64"
  int packages = 0;
  int numa_nodes = 0;
  int l3_domains = 0;
  int cores = 0;
  int pus = 0;
  std::vector<int> usable_pus;
  bool smt = false;
  int cache_line_bytes = 0;
  std::string cache_line_source;    // "hwloc", "sysconf", "sysfs", "/proc/cpuinfo" or "default"
  int padding_bytes = 0;            // what "own line" layouts pad to (kCacheLineBytes)
  std::optional<std::string> midr;  // aarch64: MIDR_EL1 as sysfs writes it, "0x00000000410fd0c1"
  std::optional<bool> lse;          // aarch64: HWCAP_ATOMICS (ARMv8.1 LSE)
  std::optional<bool> sve;          // aarch64: HWCAP_SVE
  std::string spin_hint;            // cpu_relax(): "pause", "isb" or "none"
};

// Which instructions the contended read-modify-writes executed.
struct AtomicsFacts {
  std::optional<std::string> build;  // aarch64: -DCONTEND_ARM_ATOMICS outline | lse | llsc
  std::optional<bool> cpu_has_lse;
  std::string executed;  // "lse", "llsc", "lse (outline helpers)", ..., "x86 lock"
};

struct OsFacts {
  std::string kernel;                     // "Linux 6.1.0 x86_64"
  std::optional<std::string> hypervisor;  // "KVM", ...; empty on bare metal
  std::optional<std::string> emulator;    // "qemu-user": /proc/cpuinfo is another architecture's
  std::optional<std::string> governor;    // cpufreq scaling governor of cpu0
  std::optional<bool> boost;              // turbo/boost enabled
  std::optional<double> load_average_1m;
};

struct TimerFacts {
  TickCalibration ticks;
  TscSkew skew;
  std::optional<std::string> steady_clock_source;  // kernel clocksource: "tsc", "kvm-clock"
};

struct SystemFacts {
  std::string hostname;
  CpuFacts cpu;
  AtomicsFacts atomics;
  OsFacts os;
  TimerFacts timer;
  HardwareCounterSupport counters;
  std::string topology;                    // hwloc's description, for the record
  std::optional<HarnessOverhead> harness;  // measured separately (it runs the empty workload)
};

// Reads everything above except the harness overhead. Takes a few ms per PU (the TSC check).
SystemFacts probe_system(const Topology& topology);

// The hypervisor's name ("KVM", "Hyper-V", "bhyve", ...), from CPUID on x86 and firmware tables
// elsewhere; nothing on bare metal.
std::optional<std::string> detect_hypervisor();

// The cache line of `topology` and where it came from: hwloc, else what the topology took from
// elsewhere (fallbacks()), else sysconf / sysfs (system topology only), else the default.
CacheLine cache_line_of(const Topology& topology);

// "AMD EPYC 9B14" (model name), "ARM Neoverse N1" (aarch64, from MIDR_EL1), for table headers.
// "unknown" when unreadable.
std::string cpu_model();

}  // namespace contend
