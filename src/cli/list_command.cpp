#include "cli/list_command.hpp"

#include <fmt/format.h>

#include "scenario/scenario.hpp"
#include "workloads/registry.hpp"

namespace contend {

CLI::App* add_list_command(CLI::App& app, ListOptions& /*options*/) {
  return app.add_subcommand("list", "List workloads with their parameters, and scenario files");
}

int run_list_command(const ListOptions& /*options*/) {
  std::string family;
  fmt::print("Workloads (contend run --workload NAME --param KEY=VALUE):\n");
  for (const auto& w : workload_registry()) {
    if (w.family != family) {
      family = w.family;
      fmt::print("\n  [{}]\n", family);
    }
    fmt::print("  {:<18} {}\n", w.name, w.description);
    fmt::print("  {:<18}   verifies: {}\n", "", w.invariant);
    for (const auto& p : w.params) {
      fmt::print("  {:<18}   --param {}=<{}>  default {}: {}\n", "", p.name, p.expected(),
                 to_string(p.default_value), p.description);
    }
  }
  fmt::print("\nScenario files (contend run NAME):\n");
  const auto files = find_scenario_files();
  if (files.empty()) fmt::print("  default  <embedded>\n");
  for (const auto& [name, path] : files) fmt::print("  {:<18} {}\n", name, path.string());
  return 0;
}

}  // namespace contend
