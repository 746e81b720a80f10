// `contend c2c` after its flags became a schedule: the session flow around the pair rounds.
#pragma once

#include <string>
#include <vector>

#include "c2c/analysis.hpp"
#include "c2c/schedule.hpp"
#include "topology/topology.hpp"

namespace contend {

struct C2cSessionSettings {
  std::vector<std::string> argv;
  std::string out;  // --out
  bool force = false;
  // The sibling probe runs before a "cores" schedule unless this says why not ("--serial" ...).
  std::string no_sibling_probe;
  std::vector<int> core_of;  // hwloc's core of each of run.pus: what the probe merges
  std::string no_recheck;    // why the serial re-check is off (--no-recheck); empty: on
};

// Probes for hidden siblings (rebuilding a "cores" schedule with their cores merged), measures
// the rounds into `run` (planned pairs, config and seed already set), re-checks a few pairs
// alone when rounds co-ran pairs, writes the results file, prints the matrix; returns the exit
// code.
int c2c_session(C2cRun run, std::vector<Round> rounds, const Topology& topology,
                const C2cSessionSettings& settings);

}  // namespace contend
