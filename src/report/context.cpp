#include "report/context.hpp"

#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "build_info.hpp"
#include "runner/clock.hpp"
#include "runner/harness_overhead.hpp"
#include "runner/perf_counters.hpp"
#include "runner/tsc_sync.hpp"
#include "workloads/worker_context.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace contend {

namespace {

using nlohmann::json;

// First line of a small sysfs/procfs file, or "" when it cannot be read.
std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (in) std::getline(in, line);
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

// The hypervisor's CPUID signature ("KVMKVMKVM", "Microsoft Hv", ...), or null on bare metal.
json hypervisor() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  __cpuid(1, eax, ebx, ecx, edx);
  if ((ecx & (1u << 31)) == 0) return nullptr;  // CPUID.1:ECX[31] hypervisor present
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
  const std::string type = read_first_line("/sys/hypervisor/type");
  return type.empty() ? json(nullptr) : json(type);
#endif
}

json boost_state() {
  const std::string boost = read_first_line("/sys/devices/system/cpu/cpufreq/boost");
  if (!boost.empty()) return boost == "1";
  const std::string no_turbo = read_first_line("/sys/devices/system/cpu/intel_pstate/no_turbo");
  if (!no_turbo.empty()) return no_turbo == "0";
  return nullptr;
}

json or_null(const std::string& value) {
  return value.empty() ? json(nullptr) : json(value);
}

std::string hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

// Beyond this, a cross-PU difference is more than the exchange's own noise on any machine.
constexpr double kLargeTscSkew_ns = 100;

// Above this the loop itself is a visible part of the cheapest figures.
constexpr double kLargeHarnessOverhead_ns = 1.0;

}  // namespace

void add_harness_overhead(MachineContext& context, const HarnessOverhead& overhead) {
  if (!overhead.measured) {
    context.json["harness"] = {{"error", overhead.error}};
    context.warnings.push_back("harness overhead not measured: " + overhead.error);
    return;
  }
  context.json["harness"] = {{"workload", "empty"},
                             {"threads", 1},
                             {"pu", overhead.pu},
                             {"empty_ns_per_op", overhead.empty_ns_per_op},
                             {"empty_ns_per_op_sampled", overhead.empty_ns_per_op_sampled},
                             {"sampling_overhead_ns_per_op", overhead.sampling_overhead_ns_per_op}};
  if (overhead.empty_ns_per_op_sampled > kLargeHarnessOverhead_ns) {
    context.warnings.push_back(fmt::format(
        "harness overhead {:.2f} ns/op (empty loop, sampling on) is above {:.0f} ns: the "
        "cheapest figures are partly the loop's",
        overhead.empty_ns_per_op_sampled, kLargeHarnessOverhead_ns));
  }
}

std::string cpu_model() {
  auto info = cpuinfo();
  for (const char* key : {"model name", "Model", "cpu model", "uarch"}) {
    if (auto it = info.find(key); it != info.end() && !it->second.empty()) return it->second;
  }
  return "unknown";
}

json tool_json() {
  return {{"name", "contend"},
          {"version", build_info::kVersion},
          {"git_revision", build_info::kGitRevision},
          {"build_type", build_info::kBuildType},
          {"compiler", build_info::kCompiler},
          {"cxx_flags", build_info::kCxxFlags},
          {"sanitizers", build_info::kSanitizers}};
}

MachineContext capture_context(const Topology& topology) {
  MachineContext context;
  auto info = cpuinfo();
  utsname uts{};
  uname(&uts);
  const auto usable = topology.usable_pus();

  json cpu = {{"model", cpu_model()},
              {"vendor", info.count("vendor_id") ? info["vendor_id"] : std::string("unknown")},
              {"arch", uts.machine},
              {"packages", topology.package_count()},
              {"numa_nodes", topology.numa_count()},
              {"l3_domains", topology.l3_count()},
              {"cores", topology.core_count()},
              {"pus", static_cast<int>(topology.pus().size())},
              {"usable_pus", usable},
              {"smt", topology.smt()},
              {"cache_line_bytes", topology.cache_line_bytes()}};

  double load[1] = {0};
  const bool have_load = getloadavg(load, 1) == 1;
  const std::string governor =
      read_first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  json os = {{"kernel", fmt::format("{} {} {}", uts.sysname, uts.release, uts.machine)},
             {"hypervisor", hypervisor()},
             {"governor", or_null(governor)},
             {"boost", boost_state()},
             {"load_average_1m", have_load ? json(load[0]) : json(nullptr)}};

  const TickCalibration& ticks = tick_calibration();
  const TscSkew skew = measure_tsc_skew(topology);
  const auto if_skew = [&skew](auto value) { return skew.measured ? json(value) : json(nullptr); };
  json timer = {{"source", ticks.source},
                {"ticks_per_ns", ticks.ticks_per_ns},
                {"read_overhead_ns", ticks.overhead_ticks / ticks.ticks_per_ns},
                {"resolution_ns", ticks.resolution_ticks / ticks.ticks_per_ns},
                {"invariant_tsc", ticks.invariant},
                {"tsc_skew_pus_checked", skew.pus_checked},
                {"tsc_max_skew_ns", if_skew(skew.max_skew_ns)},
                {"tsc_skew_uncertainty_ns", if_skew(skew.uncertainty_ns)},
                {"tsc_proven_skew_ns", if_skew(skew.proven_skew_ns)},
                {"steady_clock_source",
                 or_null(read_first_line(
                     "/sys/devices/system/clocksource/clocksource0/current_clocksource"))},
                {"steady_resolution_ns", ticks.steady_resolution_ns},
                {"steady_read_overhead_ns", ticks.steady_read_overhead_ns},
                {"batch_ops", kBatchOps},
                {"min_resolutions_per_span", kMinResolutionsPerSpan}};
  const HardwareCounterSupport& counters = hardware_counter_support();
  json hardware_counters = {{"available", counters.available},
                            {"events", counters.events},
                            {"reason", or_null(counters.reason)}};

  context.json = {{"hostname", hostname()},
                  {"cpu", cpu},
                  {"os", os},
                  {"timer", timer},
                  {"hardware_counters", hardware_counters},
                  {"topology", topology.describe()}};

  const std::string build_type = build_info::kBuildType;
  if (build_type != "Release" && build_type != "RelWithDebInfo") {
    context.warnings.push_back(
        fmt::format("{} build: figures are not representative of optimised code", build_type));
  }
  if (std::string(build_info::kSanitizers).size() > 0) {
    context.warnings.push_back(fmt::format("built with sanitizers ({}): figures are slowed down",
                                           build_info::kSanitizers));
  }
  if (!os["hypervisor"].is_null()) {
    context.warnings.push_back(fmt::format(
        "virtual machine ({}): vCPUs may share physical cores and be descheduled by the host",
        os["hypervisor"].get<std::string>()));
  }
  if (governor == "powersave") {
    context.warnings.push_back("cpufreq governor is powersave: clock speed varies with load");
  }
  if (have_load && load[0] > 0.5 * static_cast<double>(usable.size())) {
    context.warnings.push_back(fmt::format(
        "machine busy at start: load average {:.2f} on {} usable PUs", load[0], usable.size()));
  }
  if (!ticks.invariant && std::string(ticks.source) == "tsc") {
    context.warnings.push_back("the TSC is not reported invariant: sampled latencies may drift");
  }
  if (skew.proven_skew_ns > kLargeTscSkew_ns) {
    context.warnings.push_back(fmt::format(
        "the TSC differs between PUs by at least {:.0f} ns: compare sampled latencies within a "
        "thread only",
        skew.proven_skew_ns));
  }
  return context;
}

}  // namespace contend
