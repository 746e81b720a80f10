// Helpers shared by unit tests that run workloads for real in fixed-operation-count mode.
#pragma once

#include <string>
#include <vector>

#include "runner/point_runner.hpp"
#include "topology/topology.hpp"
#include "workloads/registry.hpp"

namespace contend::testing {

inline const Topology& machine() {
  static const Topology topology = Topology::load_system();
  return topology;
}

// A point for `workload` with `threads` workers, placed compactly on this machine (wrapping
// around when the machine has fewer PUs: invariants must hold oversubscribed too).
inline MeasurementPoint fixed_point(const std::string& workload, int threads,
                                    const std::map<std::string, ParamValue>& params = {}) {
  MeasurementPoint point;
  point.workload = &find_workload(workload, "test");
  point.params = resolve_params(point.workload->params, params, "test");
  point.threads = threads;
  point.placement = place(machine(), PlacementSpec{}, threads, true);
  point.repetitions = 2;
  point.warmup_s = 0;
  return point;
}

// Runs `point` with each worker doing exactly `ops` operations.
inline PointResult run_fixed(const MeasurementPoint& point, std::uint64_t ops = 20000) {
  PointOptions options;
  options.op_limit = ops;
  return run_point(point, machine(), options);
}

}  // namespace contend::testing
