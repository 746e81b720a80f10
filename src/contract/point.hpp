// A measurement point: one workload with fixed parameters, thread count and placement.
// Scenario files and command-line flags both expand into a list of these.
#pragma once

#include <string>
#include <vector>

#include "contract/params.hpp"
#include "contract/workload.hpp"
#include "topology/memory_home.hpp"
#include "topology/placement.hpp"
#include "util/defaults.hpp"

namespace contend {

struct MeasurementPoint {
  const WorkloadInfo* workload = nullptr;
  Params params;
  int threads = 1;
  Placement placement;  // resolved on this machine: one PU per thread
  MemoryHome home;      // where the shared state's pages are bound
  double duration_s = defaults::kDuration_s;
  double warmup_s = defaults::kWarmup_s;
  int repetitions = defaults::kRepetitions;
};

// "atomic_add order=relaxed, 2 threads, compact" (", home node:1" unless the home is the
// first worker's node): for progress lines and errors.
std::string describe(const MeasurementPoint& point);

// Seconds the points will take, warm-up included (for --dry-run and progress ETA).
double estimated_seconds(const std::vector<MeasurementPoint>& points);

}  // namespace contend
