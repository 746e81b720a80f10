#include "cli/topo_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>

#include "cli/common_options.hpp"
#include "platform/error.hpp"
#include "report/results_json.hpp"
#include "topology/placement.hpp"
#include "util/console.hpp"

namespace contend {

namespace {

// {"packages": .., "usable_pus": [..], "placements": {"compact": [{"threads", "pus",
// "shared_level", "oversubscribed"}, ...] or {"error": why}}}
nlohmann::json topo_json(const Topology& topology, int max_threads) {
  nlohmann::json placements = nlohmann::json::object();
  for (auto strategy : {"compact", "cores", "scatter", "smt"}) {
    const PlacementSpec spec = PlacementSpec::parse(strategy, "placement");
    nlohmann::json rows = nlohmann::json::array();
    try {
      for (int threads = 1; threads <= max_threads; ++threads) {
        const Placement p = place(topology, spec, threads, true);
        rows.push_back({{"threads", threads},
                        {"pus", p.pus},
                        {"shared_level", to_string(p.shared_level)},
                        {"oversubscribed", p.oversubscribed}});
      }
      placements[strategy] = rows;
    } catch (const InputError& e) {
      placements[strategy] = {{"error", e.what()}};
    }
  }
  return {{"packages", topology.package_count()},
          {"numa_nodes", topology.numa_count()},
          {"l3_domains", topology.l3_count()},
          {"cores", topology.core_count()},
          {"pus", topology.pus().size()},
          {"usable_pus", topology.usable_pus()},
          {"smt", topology.smt()},
          {"cache_line_bytes", topology.cache_line_bytes()},
          {"description", topology.describe()},
          {"placements", placements}};
}

}  // namespace

CLI::App* add_topo_command(CLI::App& app, TopoOptions& options) {
  auto* cmd = app.add_subcommand("topo", "Show the topology and what each placement picks");
  cmd->add_option("--synthetic", options.synthetic,
                  "Use an hwloc synthetic topology instead, e.g. \"pack:2 l3:2 core:4 pu:2\"");
  cmd->add_option("--max-threads", options.max_threads, "Show placements up to this many threads")
      ->check(CLI::Range(1, 4096));
  cmd->add_flag("--json", options.json, "Print the topology and the placements as JSON");
  return cmd;
}

int run_topo_command(const TopoOptions& options) {
  std::optional<Topology> synthetic;
  if (!options.synthetic.empty()) synthetic.emplace(Topology::load_synthetic(options.synthetic));
  const Topology& topology = synthetic ? *synthetic : system_topology();
  const auto usable = topology.usable_pus();
  const int max_threads =
      options.max_threads > 0 ? options.max_threads : static_cast<int>(usable.size());
  if (options.json) {
    print_to(stdout, "{}\n", document_text(topo_json(topology, max_threads)));
    return 0;
  }
  print_to(stdout, "{}\n", topology.describe());
  print_to(stdout,
           "packages {}, NUMA nodes {}, L3 domains {}, cores {}, PUs {} ({} usable: {}), SMT {}, "
           "cache line {} bytes\n\n",
           topology.package_count(), topology.numa_count(), topology.l3_count(),
           topology.core_count(), topology.pus().size(), usable.size(), fmt::join(usable, ","),
           topology.smt() ? "on" : "off", topology.cache_line_bytes());
  for (auto strategy : {"compact", "cores", "scatter", "smt"}) {
    const PlacementSpec spec = PlacementSpec::parse(strategy, "placement");
    print_to(stdout, "{}:\n", strategy);
    try {
      for (int threads = 1; threads <= max_threads; ++threads) {
        const Placement p = place(topology, spec, threads, true);
        print_to(stdout, "  {:>3} thread{} -> PUs {:<24} share {}{}\n", threads,
                 threads == 1 ? " " : "s", fmt::format("{}", fmt::join(p.pus, ",")),
                 to_string(p.shared_level), p.oversubscribed ? " (oversubscribed)" : "");
      }
    } catch (const InputError& e) {
      print_to(stdout, "  n/a: {}\n", e.what());
    }
  }
  return 0;
}

}  // namespace contend
