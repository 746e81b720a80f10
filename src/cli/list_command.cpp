#include "cli/list_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/common_options.hpp"
#include "platform/clock.hpp"
#include "platform/perf_counters.hpp"
#include "report/results_json.hpp"
#include "scenario/scenario.hpp"
#include "util/console.hpp"
#include "workloads/registry.hpp"

namespace contend {

namespace {

// The timers on this machine, as `contend run` records them in every results file. Nothing is
// benchmarked here: the harness overhead is measured by each run and recorded in its file.
void print_fidelity() {
  print_to(stdout, "\nMeasurement on this machine (recorded in every results file's context):\n");
  const TickCalibration& t = tick_calibration();
  print_to(
      stdout,
      "  timer              {} at {:.3f} ticks/ns, read {:.1f} ns; steady clock step {:.0f} ns\n",
      t.source, t.ticks_per_ns, t.overhead_ticks / t.ticks_per_ns, t.steady_resolution_ns);
  const HardwareCounterSupport& hw = hardware_counter_support();
  print_to(stdout, "  hardware counters  {}\n",
           hw.available ? fmt::format("{}", fmt::join(hw.events, ", ")) : hw.reason);
}

// The same facts for programs: {"workloads": [...], "scenarios": {name: path}}.
nlohmann::json list_json() {
  nlohmann::json workloads = nlohmann::json::array();
  for (const auto& w : workload_registry()) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : w.params) {
      params.push_back({{"name", p.name},
                        {"expected", p.expected()},
                        {"default", to_string(p.default_value)},
                        {"description", p.description}});
    }
    workloads.push_back({{"name", w.name},
                         {"family", w.family},
                         {"role", std::string(to_string(w.role))},
                         {"description", w.description},
                         {"verifies", w.invariant},
                         {"latency", w.latency.empty() ? "one operation" : w.latency},
                         {"params", params}});
  }
  nlohmann::json scenarios = nlohmann::json::object();
  for (const auto& [name, path] : find_scenario_files()) scenarios[name] = path.string();
  if (scenarios.empty()) scenarios["default"] = "<embedded>";
  return {{"workloads", workloads}, {"scenarios", scenarios}};
}

}  // namespace

CLI::App* add_list_command(CLI::App& app, ListOptions& options) {
  auto* cmd =
      app.add_subcommand("list", "List workloads with their parameters, and scenario files");
  cmd->add_flag("--json", options.json, "Print the list as JSON");
  return cmd;
}

int run_list_command(const ListOptions& options) {
  if (options.json) {
    print_to(stdout, "{}\n", document_text(list_json()));
    return 0;
  }
  std::string family;
  print_to(stdout, "Workloads (contend run --workload NAME --param KEY=VALUE):\n");
  for (const auto& w : workload_registry()) {
    if (w.family != family) {
      family = w.family;
      print_to(stdout, "\n  [{}]\n", family);
    }
    print_to(stdout, "  {:<18} {}\n", w.name, w.description);
    print_to(stdout, "  {:<18}   verifies: {}\n", "", w.invariant);
    if (!w.latency.empty()) print_to(stdout, "  {:<18}   latency: {}\n", "", w.latency);
    for (const auto& p : w.params) {
      print_to(stdout, "  {:<18}   --param {}=<{}>  default {}: {}\n", "", p.name, p.expected(),
               to_string(p.default_value), p.description);
    }
  }
  print_to(stdout, "\nScenario files (contend run NAME):\n");
  const auto files = find_scenario_files();
  if (files.empty()) print_to(stdout, "  default  <embedded>\n");
  for (const auto& [name, path] : files) print_to(stdout, "  {:<18} {}\n", name, path.string());
  print_fidelity();
  return 0;
}

}  // namespace contend
