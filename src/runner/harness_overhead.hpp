// What the harness costs per operation on this machine: the `empty` workload (the measured
// loop with nothing in it) on one pinned thread, with latency sampling off and on. Every other
// ns_per_op includes the first figure; the difference is what sampling adds.
#pragma once

#include <string>

#include "topology/topology.hpp"

namespace contend {

struct HarnessOverhead {
  bool measured = false;
  int pu = -1;                             // where it ran (the first usable PU)
  double empty_ns_per_op = 0;              // sampling off
  double empty_ns_per_op_sampled = 0;      // sampling on, at the runner's default rate
  double sampling_overhead_ns_per_op = 0;  // the difference (noise can make it slightly < 0)
  std::string error;                       // why it was not measured
};

// A few short fixed-time runs (about `duration_s` in all); medians of each mode.
HarnessOverhead measure_harness_overhead(const Topology& topology, bool pin = true,
                                         double duration_s = 0.06);

}  // namespace contend
