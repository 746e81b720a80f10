// Helpers for the guide workloads' tests: run a workload object built by the test (a store with
// a fault injected) for one fixed-count repetition, as the runner would.
#pragma once

#include <memory>
#include <vector>

#include "test_workloads_support.hpp"

namespace contend::testing {

inline RepetitionRun run_workload(const std::shared_ptr<Workload>& workload, int threads,
                                  std::uint64_t ops) {
  RunConfig config;
  config.pus = fixed_point("empty", threads).placement.pus;
  config.pin = can_pin(threads);
  config.op_limit = ops;
  return run_repetition(workload, machine(), config);
}

inline std::vector<ThreadCounters> counters_of(const RepetitionRun& run) {
  std::vector<ThreadCounters> counters;
  for (const auto& t : run.threads) counters.push_back(t.counters);
  return counters;
}

}  // namespace contend::testing
