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
};

// Measures `rounds` into `run` (planned pairs, config and seed already set), writes the results
// file, prints the matrix; returns the exit code.
int c2c_session(C2cRun run, const std::vector<Round>& rounds, const Topology& topology,
                const C2cSessionSettings& settings);

}  // namespace contend
