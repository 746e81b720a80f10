#include "runner/system_probe.hpp"

#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

#include "platform/cpu_relax.hpp"
#include "platform/layout.hpp"
#include "runner/cpu_identity.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace contend {

namespace {

// First line of a small sysfs/procfs file, or nothing when it cannot be read or is empty.
std::optional<std::string> read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (in) std::getline(in, line);
  if (line.empty()) return std::nullopt;
  return line;
}

// "key : value" lines of /proc/cpuinfo for the first processor.
std::map<std::string, std::string> cpuinfo() {
  std::map<std::string, std::string> fields;
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) break;  // end of the first processor's block
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto key = line.substr(0, colon);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    auto value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.erase(0, 1);
    fields[key] = value;
  }
  return fields;
}

std::optional<bool> boost_state() {
  if (auto boost = read_first_line("/sys/devices/system/cpu/cpufreq/boost")) return *boost == "1";
  if (auto no_turbo = read_first_line("/sys/devices/system/cpu/intel_pstate/no_turbo")) {
    return *no_turbo == "0";
  }
  return std::nullopt;
}

std::string hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

CpuFacts cpu_facts(const Topology& topology, const std::string& arch) {
  auto info = cpuinfo();
  CpuFacts cpu;
  cpu.model = cpu_model();
  if (auto it = info.find("vendor_id"); it != info.end()) cpu.vendor = it->second;
  const auto arm_id = arm_cpu_id(info);
  if (arm_id) {
    cpu.vendor = arm_implementer_name(arm_id->implementer);
    cpu.midr = midr_text(*arm_id);
  }
  if (!user_mode_emulator(info, arch).empty()) cpu.vendor = "unknown (emulated)";
  cpu.lse = cpu_has_lse();
  cpu.sve = cpu_has_sve();
  cpu.spin_hint = kSpinHint;
  cpu.padding_bytes = static_cast<int>(kCacheLineBytes);
  cpu.arch = arch;
  cpu.packages = topology.package_count();
  cpu.numa_nodes = topology.numa_count();
  cpu.l3_domains = topology.l3_count();
  cpu.cores = topology.core_count();
  cpu.pus = static_cast<int>(topology.pus().size());
  cpu.usable_pus = topology.usable_pus();
  cpu.smt = topology.smt();
  const CacheLine line = cache_line_of(topology);
  cpu.cache_line_bytes = line.bytes;
  cpu.cache_line_source = line.source;
  return cpu;
}

AtomicsFacts atomics_facts(const CpuFacts& cpu) {
  AtomicsFacts atomics;
  const std::string build = arm_atomics_build();
  if (!build.empty()) atomics.build = build;
  atomics.cpu_has_lse = cpu.lse;
  atomics.executed = executed_atomics(build, cpu.lse, cpu.arch);
  return atomics;
}

OsFacts os_facts(const utsname& uts) {
  OsFacts os;
  os.kernel = fmt::format("{} {} {}", uts.sysname, uts.release, uts.machine);
  os.hypervisor = detect_hypervisor();
  if (auto emulator = user_mode_emulator(cpuinfo(), uts.machine); !emulator.empty()) {
    os.emulator = emulator;
  }
  os.governor = read_first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  os.boost = boost_state();
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) os.load_average_1m = load[0];
  return os;
}

}  // namespace

// The hypervisor's CPUID signature ("KVMKVMKVM", "Microsoft Hv", ...), or nothing on bare metal.
std::optional<std::string> detect_hypervisor() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  __cpuid(1, eax, ebx, ecx, edx);
  if ((ecx & (1u << 31)) == 0) return std::nullopt;  // CPUID.1:ECX[31] hypervisor present
  __cpuid(0x40000000u, eax, ebx, ecx, edx);
  char signature[13] = {};
  std::memcpy(signature + 0, &ebx, 4);
  std::memcpy(signature + 4, &ecx, 4);
  std::memcpy(signature + 8, &edx, 4);
  std::string name(signature);
  static const std::map<std::string, std::string> kKnown = {
      {"KVMKVMKVM", "KVM"},           {"Microsoft Hv", "Hyper-V"},   {"VMwareVMware", "VMware"},
      {"XenVMMXenVMM", "Xen"},        {"TCGTCGTCGTCG", "QEMU TCG"},  {"ACRNACRNACRN", "ACRN"},
      {"VBoxVBoxVBox", "VirtualBox"}, {" lrpepyh  vr", "Parallels"}, {"bhyve bhyve ", "bhyve"}};
  if (auto it = kKnown.find(name); it != kKnown.end()) return it->second;
  return name.empty() ? std::string("unknown") : name;
#else
  // No CPUID: firmware tables (Xen sysfs, device tree, DMI) name KVM, Nitro, Hyper-V guests.
  const std::string name = hypervisor_from_firmware();
  if (name.empty()) return std::nullopt;
  return name;
#endif
}

CacheLine cache_line_of(const Topology& topology) {
  const int bytes = topology.cache_line_bytes();
  for (const TopologyFallback& fallback : topology.fallbacks()) {
    if (fallback.figure == "cache_line_bytes") {
      return {fallback.value, fallback.source};  // sysconf, sysfs or default (detect_cache_line)
    }
  }
  // A synthetic topology describes no real machine: this host's sysconf says nothing about it.
  return topology.is_system() ? detect_cache_line(bytes) : resolve_cache_line(bytes, 0, "");
}

std::string cpu_model() {
  auto info = cpuinfo();
  // Arm's /proc/cpuinfo has no model name: the implementer and part (MIDR_EL1) say it.
  if (const auto arm = arm_cpu_id(info)) return arm_cpu_name(*arm);
  // Under a user-mode emulator /proc/cpuinfo is the host's: name it as such, not as ours.
  utsname uts{};
  uname(&uts);
  const std::string emulator = user_mode_emulator(info, uts.machine);
  for (const char* key : {"model name", "Model", "cpu model", "uarch"}) {
    if (auto it = info.find(key); it != info.end() && !it->second.empty()) {
      return emulator.empty() ? it->second
                              : fmt::format("{} under {} on {}", uts.machine, emulator, it->second);
    }
  }
  return "unknown";
}

SystemFacts probe_system(const Topology& topology) {
  utsname uts{};
  uname(&uts);
  SystemFacts facts;
  facts.hostname = hostname();
  facts.cpu = cpu_facts(topology, uts.machine);
  facts.atomics = atomics_facts(facts.cpu);
  facts.os = os_facts(uts);
  facts.timer.ticks = tick_calibration();
  facts.timer.skew = measure_tsc_skew(topology);
  facts.timer.steady_clock_source =
      read_first_line("/sys/devices/system/clocksource/clocksource0/current_clocksource");
  facts.counters = hardware_counter_support();
  facts.topology = topology.describe();
  return facts;
}

}  // namespace contend
