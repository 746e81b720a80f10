// One repetition of one point on the worker group: start the workers pinned, release them
// together, stop them after the duration (or at a fixed operation count), collect what each
// one counted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "contract/workload.hpp"
#include "platform/perf_counters.hpp"
#include "runner/worker_group.hpp"
#include "stats/histogram.hpp"
#include "topology/memory_home.hpp"
#include "topology/topology.hpp"

namespace contend {

struct RunConfig {
  std::vector<int> pus;        // OS PU per worker; its size is the thread count
  bool pin = true;             // false: --no-pin, placement is a wish
  double duration_s = 0.1;     // time-bounded mode: the coordinator raises stop after this
  std::uint64_t op_limit = 0;  // > 0: fixed-count mode, each worker runs exactly this many ops
  LoopPlan loop = {kBatchOps, 0, std::uint64_t{1} << 12};  // batches, samples (0: none)
  double stop_timeout_s = 5;  // workers still running this long after stop are abandoned
  // See WorkerGroupConfig::cancelled: the repetition is cut short and reported as cancelled.
  bool (*cancelled)() noexcept = nullptr;
  bool hardware_counters = true;  // count cycles etc. per worker where the OS allows it
  MemoryHome home;                // where the workload's shared state is bound after reset()
};

// CPU time and scheduling of one worker during the measured loop (getrusage RUSAGE_THREAD).
struct ThreadUsage {
  double user_s = 0;
  double system_s = 0;
  long voluntary_context_switches = 0;
  long involuntary_context_switches = 0;
};

struct ThreadReport {
  int thread = 0;
  int requested_pu = -1;
  ThreadCounters counters;
  ThreadUsage usage;
  HardwareCounts hardware;  // valid only where perf counters are available
  double start_s = 0;       // seconds after release when it started / stopped measuring
  double stop_s = 0;
  std::string error;  // set-up failure (pinning, allocation); empty when it ran
};

struct RepetitionRun {
  double duration_s = 0;  // first worker start to last worker stop
  std::vector<ThreadReport> threads;
  LatencyHistogram latency_ticks;  // merged samples, in ticks
  std::string error;               // first worker error, or the abandonment
  bool abandoned = false;          // workers did not stop in time and were left behind
  bool cancelled = false;          // cut short by RunConfig::cancelled: not a full repetition
  // The workload's shared state: its size, the NUMA nodes its pages were on (empty: unknown)
  // and why binding it to RunConfig::home failed with home "first" ("" when it did not; for
  // an explicit node or interleave the failure is `error`).
  std::size_t state_bytes = 0;
  std::vector<int> state_nodes;
  std::string home_error;
};

// Runs one repetition. Never throws for a worker's failure: it is reported in the result.
// `workload` is shared with the workers so that abandoned ones never touch freed memory.
RepetitionRun run_repetition(const std::shared_ptr<Workload>& workload, const Topology& topology,
                             const RunConfig& config);

}  // namespace contend
