#include "report/context.hpp"

#include "build_info.hpp"
#include "contract/worker_context.hpp"
#include "git_revision.hpp"

namespace contend {

namespace {

using nlohmann::json;

template <typename T>
json or_null(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json cpu_json(const CpuFacts& cpu) {
  return {{"model", cpu.model},
          {"vendor", cpu.vendor},
          {"arch", cpu.arch},
          {"packages", cpu.packages},
          {"numa_nodes", cpu.numa_nodes},
          {"l3_domains", cpu.l3_domains},
          {"cores", cpu.cores},
          {"pus", cpu.pus},
          {"usable_pus", cpu.usable_pus},
          {"smt", cpu.smt},
          {"cache_line_bytes", cpu.cache_line_bytes},
          {"cache_line_source", cpu.cache_line_source},
          {"padding_bytes", cpu.padding_bytes},
          {"midr", or_null(cpu.midr)},
          {"lse", or_null(cpu.lse)},
          {"sve", or_null(cpu.sve)},
          {"spin_hint", cpu.spin_hint}};
}

json atomics_json(const AtomicsFacts& atomics) {
  return {{"build", or_null(atomics.build)},
          {"cpu_has_lse", or_null(atomics.cpu_has_lse)},
          {"executed", atomics.executed}};
}

json os_json(const OsFacts& os) {
  return {{"kernel", os.kernel},
          {"hypervisor", or_null(os.hypervisor)},
          {"emulator", or_null(os.emulator)},
          {"governor", or_null(os.governor)},
          {"boost", or_null(os.boost)},
          {"load_average_1m", or_null(os.load_average_1m)}};
}

json timer_json(const TimerFacts& timer) {
  const TickCalibration& ticks = timer.ticks;
  const TscSkew& skew = timer.skew;
  const auto if_skew = [&skew](double value) { return skew.measured ? json(value) : json(nullptr); };
  return {{"source", ticks.source},
          {"ticks_per_ns", ticks.ticks_per_ns},
          {"frequency_hz", ticks.ticks_per_ns * 1e9},
          {"nominal_frequency_hz", ticks.nominal_hz > 0 ? json(ticks.nominal_hz) : json(nullptr)},
          {"calibration_cut_short", ticks.cut_short},
          {"read_overhead_ns", ticks.overhead_ticks / ticks.ticks_per_ns},
          {"resolution_ns", ticks.resolution_ticks / ticks.ticks_per_ns},
          {"invariant_tsc", ticks.invariant},
          {"tsc_skew_pus_checked", skew.pus_checked},
          {"tsc_max_skew_ns", if_skew(skew.max_skew_ns)},
          {"tsc_skew_uncertainty_ns", if_skew(skew.uncertainty_ns)},
          {"tsc_proven_skew_ns", if_skew(skew.proven_skew_ns)},
          {"steady_clock_source", or_null(timer.steady_clock_source)},
          {"steady_resolution_ns", ticks.steady_resolution_ns},
          {"steady_read_overhead_ns", ticks.steady_read_overhead_ns},
          {"batch_ops", kBatchOps},
          {"min_resolutions_per_span", kMinResolutionsPerSpan}};
}

json harness_json(const HarnessOverhead& overhead) {
  if (!overhead.measured) return {{"error", overhead.error}};
  return {{"workload", "empty"},
          {"threads", 1},
          {"pu", overhead.pu},
          {"empty_ns_per_op", overhead.empty_ns_per_op},
          {"empty_ns_per_op_sampled", overhead.empty_ns_per_op_sampled},
          {"sampling_overhead_ns_per_op", overhead.sampling_overhead_ns_per_op}};
}

}  // namespace

json context_json(const SystemFacts& facts) {
  json out = {{"hostname", facts.hostname},
              {"cpu", cpu_json(facts.cpu)},
              {"atomics", atomics_json(facts.atomics)},
              {"os", os_json(facts.os)},
              {"timer", timer_json(facts.timer)},
              {"hardware_counters",
               {{"available", facts.counters.available},
                {"events", facts.counters.events},
                {"reason", facts.counters.reason.empty() ? json(nullptr)
                                                         : json(facts.counters.reason)}}},
              {"topology", facts.topology}};
  if (facts.harness) out["harness"] = harness_json(*facts.harness);
  return out;
}

json tool_json() {
  return {{"name", "contend"},
          {"version", build_info::kVersion},
          {"git_revision", build_info::kGitRevision},
          {"git_dirty", build_info::kGitDirty},
          {"build_type", build_info::kBuildType},
          {"compiler", build_info::kCompiler},
          {"cxx_flags", build_info::kCxxFlags},
          {"sanitizers", build_info::kSanitizers}};
}

json warnings_json(const Warnings& warnings) {
  json out = json::array();
  for (const Warning& w : warnings) {
    out.push_back({{"code", w.code}, {"text", w.text}, {"figures", w.figures}});
  }
  return out;
}

}  // namespace contend
