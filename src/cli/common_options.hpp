// Pieces every subcommand shares: the invocation's argv, one-time topology loading, the version.
#pragma once

#include <string>
#include <vector>

#include "topology/topology.hpp"

namespace contend {

struct Invocation {
  std::vector<std::string> argv;  // as typed, recorded in results
};

// hwloc's view of this machine with the process's affinity applied. Loaded once.
const Topology& system_topology();

// "contend 0.1.0 (git a1b2c3, Release, GNU 12.2.0)"
std::string version_line();

}  // namespace contend
