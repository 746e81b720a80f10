// `contend run` after its flags became points: the session flow around measure_points.
#pragma once

#include <string>
#include <vector>

#include "contract/point.hpp"
#include "runner/point_runner.hpp"
#include "topology/topology.hpp"

namespace contend {

struct RunSessionSettings {
  std::vector<std::string> argv;
  std::string scenario;       // label: "default", "a+b", "cli"
  std::string scenario_file;  // "" when several or none
  std::string description;
  std::string out;    // --out; "-": the results to stdout, the table to stderr
  bool wide = false;  // --wide: parameters in the table's workload column
  bool force = false;
  bool stop_on_failure = false;
  bool in_order = false;  // --in-order: each point's repetitions back to back, not in rounds
  PointOptions point;     // pin, noise threshold, sampling, ...; `cancelled` is set by the session
};

// Measures `points`, writes the results file, prints the table; returns the exit code.
int run_session(const std::vector<MeasurementPoint>& points, const Topology& topology,
                RunSessionSettings settings);

}  // namespace contend
