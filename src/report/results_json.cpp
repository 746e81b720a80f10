#include "report/results_json.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <stdexcept>

namespace contend {

namespace {

using nlohmann::json;

json param_json(const Params& params) {
  json out = json::object();
  for (const auto& [name, value] : params.values()) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      out[name] = *number;
    } else {
      out[name] = std::get<std::string>(value);
    }
  }
  return out;
}

json thread_json(const ThreadReport& t) {
  std::vector<int> observed(t.counters.observed_pus.begin(),
                            t.counters.observed_pus.begin() + t.counters.observed_count);
  return {{"thread", t.thread},
          {"requested_pu", t.requested_pu},
          {"observed_pus", observed},
          {"ops", t.counters.ops},
          {"cas_attempts", t.counters.cas_attempts},
          {"cas_failures", t.counters.cas_failures},
          {"user_time_s", t.usage.user_s},
          {"system_time_s", t.usage.system_s},
          {"voluntary_context_switches", t.usage.voluntary_context_switches},
          {"involuntary_context_switches", t.usage.involuntary_context_switches},
          {"start_s", t.start_s},
          {"stop_s", t.stop_s}};
}

// NUMA nodes as written: null when unknown (the kernel would not say) or nothing is shared.
json nodes_json(const std::vector<int>& nodes) {
  return nodes.empty() ? json(nullptr) : json(nodes);
}

json repetition_json(const RepetitionResult& rep) {
  json threads = json::array();
  for (const auto& t : rep.threads) threads.push_back(thread_json(t));
  return {{"index", rep.index},
          {"duration_s", rep.duration_s},
          {"verified", rep.verified},
          {"message", rep.message},
          {"metrics", rep.metrics},
          {"threads", threads},
          {"stop_spread_s", rep.stop_spread_s},
          {"state_nodes", nodes_json(rep.state_nodes)}};
}

json batching_json(const BatchPlan& plan) {
  return {{"batch_ops", plan.loop.batch_ops},
          {"sample_every_ops", plan.loop.sample_every_ops},
          {"sample_spacing_s", plan.sample_spacing_s},
          {"calibrated_from", plan.calibrated_from},
          {"target_fraction", kBatchFraction},
          {"op_s", plan.op_s},
          {"batch_s", plan.batch_s},
          {"stop_timeout_s", plan.stop_timeout_s}};
}

json shared_state_json(const PointResult& result) {
  return {{"home", result.point.home.to_text()},
          {"fresh_per_repetition", true},
          {"bytes", result.state_bytes},
          {"nodes", nodes_json(result.state_nodes)}};
}

json coordinator_json(const CoordinatorPlan& plan) {
  return {{"pus", plan.pus.empty() ? json(nullptr) : json(plan.pus)}, {"poll_s", plan.poll_s}};
}

std::string format_time(const char* pattern) {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, pattern, &utc);
  return buffer;
}

}  // namespace

std::string document_text(const nlohmann::json& document) {
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string utc_timestamp() {
  return format_time("%Y-%m-%dT%H:%M:%SZ");
}
std::string utc_file_stamp() {
  return format_time("%Y%m%dT%H%M%SZ");
}

json point_json(const PointResult& result, int index) {
  const MeasurementPoint& p = result.point;
  json summary = json::object();
  for (const auto& [name, s] : result.summary) {
    summary[name] = {{"median", s.median},
                     {"mdape_pct", s.mdape_pct},
                     {"min", s.min},
                     {"max", s.max},
                     {"n", s.n}};
  }
  json repetitions = json::array();
  for (const auto& rep : result.repetitions) repetitions.push_back(repetition_json(rep));
  return {
      {"index", index},
      {"workload", p.workload->name},
      {"family", p.workload->family},
      {"role", std::string(to_string(p.workload->role))},
      {"params", param_json(p.params)},
      {"threads", p.threads},
      {"placement",
       {{"strategy", p.placement.spec.name()},
        {"requested_pus", p.placement.pus},
        {"shared_level", std::string(to_string(p.placement.shared_level))},
        {"oversubscribed", p.placement.oversubscribed},
        {"pinned", result.pinned}}},
      {"duration_s", p.duration_s},
      {"warmup_s", p.warmup_s},
      {"repetitions_requested", p.repetitions},
      {"status", result.ok() ? "ok" : "failed"},
      {"error", result.error.empty() ? json(nullptr) : json(result.error)},
      {"verification",
       {{"invariant", result.invariant},
        {"passed", result.failed_repetitions == 0 && result.error.empty()},
        {"failed_repetitions", result.failed_repetitions}}},
      {"migrated", result.migrated},
      {"noisy", result.noisy},
      {"noise_threshold_pct", result.noise_threshold_pct},
      {"stability", result.stability},
      {"batching", batching_json(result.batching)},
      {"coordinator", coordinator_json(result.coordinator)},
      {"shared_state", shared_state_json(result)},
      {"summary", summary},
      {"repetitions", repetitions},
      {"warnings", warnings_json(result.warnings)},
  };
}

json results_envelope(const std::string& kind, const RunInfo& run, const SystemFacts& facts,
                      const Warnings& warnings) {
  std::string command_line;
  for (const auto& arg : run.argv) {
    if (!command_line.empty()) command_line += ' ';
    const bool quote = arg.empty() || arg.find_first_of(" \t\"'$") != std::string::npos;
    command_line += quote ? "'" + arg + "'" : arg;
  }
  json document = {
      {"schema_version", kSchemaVersion},
      {"kind", kind},
      {"tool", tool_json()},
      {"run",
       {{"command_line", command_line},
        {"argv", run.argv},
        {"scenario", run.scenario},
        {"scenario_file", run.scenario_file.empty() ? json(nullptr) : json(run.scenario_file)},
        {"description", run.description},
        {"started_at", run.started_at},
        {"finished_at", run.finished_at},
        {"wall_time_s", run.wall_time_s},
        {"interrupted", run.interrupted}}},
      {"context", context_json(facts)},
      {"warnings", warnings_json(warnings)}};
  if (!run.repetition_order.empty()) document["run"]["repetition_order"] = run.repetition_order;
  return document;
}

json metrics_json(const std::vector<PointResult>& points) {
  json out = json::object();
  for (const auto& point : points) {
    for (const auto& [name, summary] : point.summary) {
      if (out.contains(name)) continue;
      const MetricInfo* info = find_metric(name);
      if (info == nullptr) throw std::logic_error("metric missing from the catalogue: " + name);
      out[name] = {{"unit", info->unit},
                   {"better", to_string(info->better)},
                   {"description", info->description}};
    }
  }
  return out;
}

json results_document(const RunInfo& run, const SystemFacts& facts,
                      const std::vector<PointResult>& points, const Warnings& warnings) {
  json document = results_envelope("run", run, facts, warnings);
  document["metrics"] = metrics_json(points);
  json& point_list = document["points"] = json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    point_list.push_back(point_json(points[i], static_cast<int>(i)));
  }
  return document;
}

}  // namespace contend
