#include "runner/warning_policy.hpp"

#include <fmt/format.h>

#include <string>

#include "build_info.hpp"

namespace contend {

namespace {

void build_warnings(Warnings& out) {
  const std::string build_type = build_info::kBuildType;
  if (build_type != "Release" && build_type != "RelWithDebInfo") {
    out.push_back({"debug_build",
                   fmt::format("{} build: figures are not representative of optimised code",
                               build_type),
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
  const TimerFacts& timer = facts.timer;
  if (!timer.ticks.invariant && std::string(timer.ticks.source) == "tsc") {
    out.push_back({"tsc_not_invariant",
                   "the TSC is not reported invariant: sampled latencies may drift", {}});
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

}  // namespace contend
