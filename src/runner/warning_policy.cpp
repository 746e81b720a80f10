#include "runner/warning_policy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <map>
#include <string>

#include "build_info.hpp"

namespace contend {

namespace {

void build_warnings(Warnings& out) {
  const std::string build_type = build_info::kBuildType;
  if (build_type != "Release" && build_type != "RelWithDebInfo") {
    out.push_back(
        {"debug_build",
         fmt::format("{} build: figures are not representative of optimised code", build_type),
         {}});
  }
  if (std::string(build_info::kSanitizers).size() > 0) {
    out.push_back({"sanitizer_build",
                   fmt::format("built with sanitizers ({}): figures are slowed down",
                               build_info::kSanitizers),
                   {}});
  }
}

void harness_warnings(const HarnessOverhead& overhead, Warnings& out) {
  if (!overhead.measured) {
    out.push_back({"harness_not_measured", "harness overhead not measured: " + overhead.error, {}});
  } else if (overhead.empty_ns_per_op_sampled > kLargeHarnessOverhead_ns) {
    out.push_back({"harness_overhead",
                   fmt::format("harness overhead {:.2f} ns/op (empty loop, sampling on) is above "
                               "{:.0f} ns: the cheapest figures are partly the loop's",
                               overhead.empty_ns_per_op_sampled, kLargeHarnessOverhead_ns),
                   {{"empty_ns_per_op_sampled", overhead.empty_ns_per_op_sampled},
                    {"threshold_ns", kLargeHarnessOverhead_ns}}});
  }
}

void cpu_warnings(const SystemFacts& facts, Warnings& out) {
  if (facts.os.emulator) {
    out.push_back({"emulated",
                   fmt::format("emulated {} ({}): timings say nothing about any real CPU; "
                               "correctness only",
                               facts.cpu.arch, *facts.os.emulator),
                   {}});
  }
  const CpuFacts& cpu = facts.cpu;
  if (cpu.cache_line_source == "default") {
    out.push_back({"cache_line_assumed",
                   fmt::format("cache line size not reported by hwloc, sysconf or sysfs: {} "
                               "bytes assumed",
                               cpu.cache_line_bytes),
                   {{"cache_line_bytes", cpu.cache_line_bytes}}});
  }
  if (cpu.padding_bytes > 0 && cpu.cache_line_bytes > cpu.padding_bytes) {
    out.push_back(
        {"cache_line_above_padding",
         fmt::format("cache line is {} bytes, more than the {} bytes layouts pad to: "
                     "\"padded\" variants may still share a line",
                     cpu.cache_line_bytes, cpu.padding_bytes),
         {{"cache_line_bytes", cpu.cache_line_bytes}, {"padding_bytes", cpu.padding_bytes}}});
  }
}

void timer_warnings(const TimerFacts& timer, Warnings& out) {
  const TickCalibration& ticks = timer.ticks;
  const std::string source = ticks.source;
  const double resolution_ns = ticks.resolution_ticks / ticks.ticks_per_ns;
  if (source != "steady_clock" && resolution_ns > kCoarseTimerResolution_ns) {
    out.push_back(
        {"coarse_timer",
         fmt::format("the {} counter ticks every {:.1f} ns: sampled latencies within a "
                     "few ticks of that are mostly rounding",
                     source, resolution_ns),
         {{"resolution_ns", resolution_ns}, {"threshold_ns", kCoarseTimerResolution_ns}}});
  }
  const double measured_hz = ticks.ticks_per_ns * 1e9;
  if (ticks.nominal_hz > 0 && std::abs(measured_hz / ticks.nominal_hz - 1) > kTimerRateMismatch) {
    out.push_back({"timer_rate_mismatch",
                   fmt::format("the {} counter runs at {:.0f} Hz by the steady clock, not the "
                               "{:.0f} Hz CNTFRQ_EL0 states: latencies use the measured rate",
                               source, measured_hz, ticks.nominal_hz),
                   {{"measured_hz", measured_hz}, {"nominal_hz", ticks.nominal_hz}}});
  }
  if (ticks.cut_short) {
    out.push_back({"timer_calibration_cut_short",
                   fmt::format("the {} calibration was cut short (a clock that did not advance, "
                               "or an interrupt): sampled latencies may be off",
                               source),
                   {}});
  }
}

}  // namespace

Warnings system_warnings(const SystemFacts& facts) {
  Warnings out;
  build_warnings(out);
  if (facts.os.hypervisor) {
    out.push_back({"vm",
                   fmt::format("virtual machine ({}): vCPUs may share physical cores and be "
                               "descheduled by the host",
                               *facts.os.hypervisor),
                   {}});
  }
  if (facts.os.governor == "powersave") {
    out.push_back(
        {"powersave_governor", "cpufreq governor is powersave: clock speed varies with load", {}});
  }
  const auto usable = static_cast<double>(facts.cpu.usable_pus.size());
  if (facts.os.load_average_1m && *facts.os.load_average_1m > 0.5 * usable) {
    out.push_back({"busy_machine",
                   fmt::format("machine busy at start: load average {:.2f} on {} usable PUs",
                               *facts.os.load_average_1m, usable),
                   {{"load_average_1m", *facts.os.load_average_1m}, {"usable_pus", usable}}});
  }
  cpu_warnings(facts, out);
  const TimerFacts& timer = facts.timer;
  timer_warnings(timer, out);
  if (!timer.ticks.invariant && std::string(timer.ticks.source) == "tsc") {
    out.push_back({"tsc_not_invariant",
                   "the TSC is not reported invariant: sampled latencies may drift",
                   {}});
  }
  if (timer.skew.proven_skew_ns > kLargeTscSkew_ns) {
    out.push_back({"tsc_skew",
                   fmt::format("the TSC differs between PUs by at least {:.0f} ns: compare "
                               "sampled latencies within a thread only",
                               timer.skew.proven_skew_ns),
                   {{"proven_skew_ns", timer.skew.proven_skew_ns}}});
  }
  if (facts.harness) harness_warnings(*facts.harness, out);
  return out;
}

// hwloc could not see the whole machine (its OS backends off, /sys hidden): the figures the file
// gives instead, and where they came from.
Warnings topology_warnings(const Topology& topology) {
  if (topology.fallbacks().empty()) return {};
  std::vector<std::string> parts;
  std::map<std::string, double> figures;
  for (const auto& f : topology.fallbacks()) {
    parts.push_back(fmt::format("{} {} ({})", f.figure, f.value, f.source));
    figures[f.figure] = f.value;
  }
  return {{"topology_incomplete",
           fmt::format("hwloc could not see the whole machine (HWLOC_COMPONENTS, or /sys not "
                       "readable): {} taken from elsewhere, and shared levels such as core and "
                       "cache are unknown",
                       fmt::join(parts, ", ")),
           figures}};
}

}  // namespace contend
