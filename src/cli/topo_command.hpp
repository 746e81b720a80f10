// `contend topo`: the topology as hwloc sees it, and the PUs each placement picks.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace contend {

struct TopoOptions {
  std::string synthetic;  // hwloc synthetic description, to preview placements elsewhere
  int max_threads = 0;    // 0: up to the usable PU count
  bool json = false;      // the same facts as one JSON document
};

CLI::App* add_topo_command(CLI::App& app, TopoOptions& options);
int run_topo_command(const TopoOptions& options);

}  // namespace contend
