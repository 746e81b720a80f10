// A measurement point: one workload with fixed parameters, thread count and placement.
// Scenario files and command-line flags both expand into a list of these.
#pragma once

#include <string>
#include <vector>

#include "topology/placement.hpp"
#include "contract/params.hpp"
#include "contract/workload.hpp"
#include "util/defaults.hpp"

namespace contend {

struct MeasurementPoint {
  const WorkloadInfo* workload = nullptr;
  Params params;
  int threads = 1;
  Placement placement;  // resolved on this machine: one PU per thread
  double duration_s = defaults::kDuration_s;
  double warmup_s = defaults::kWarmup_s;
  int repetitions = defaults::kRepetitions;
};

// "atomic_add order=relaxed, 2 threads, compact": for progress lines and errors.
std::string describe(const MeasurementPoint& point);

// Seconds the points will take, warm-up included (for --dry-run and progress ETA).
double estimated_seconds(const std::vector<MeasurementPoint>& points);

}  // namespace contend
