// A workload: one contended operation, its per-run state and the invariant that proves a run
// was honest. The runner calls it through this interface once per thread, never per operation.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "contract/descriptors.hpp"
#include "contract/params.hpp"
#include "contract/worker_context.hpp"
#include "topology/memory_home.hpp"

namespace contend {

struct Verification {
  bool passed = true;
  std::string message;  // why it failed, or a note (the racy counter's lost updates)
};

// Figures a workload adds to a repetition's metrics, beyond those the runner computes.
using Metrics = std::map<std::string, double>;

class Workload {
 public:
  virtual ~Workload() = default;

  // Called by the coordinator before each repetition, no worker running: reset shared state.
  virtual void reset(int threads) = 0;
  // Called by each worker after pinning and before the start barrier: allocate and touch
  // per-thread state here so first-touch puts it on the worker's NUMA node. May throw.
  virtual void prepare_thread(int /*thread*/) {}
  // The measured loop; returns when ctx says stop. Publishes its counts in ctx.counters().
  virtual void run(WorkerContext& ctx) noexcept = 0;
  // After every worker stopped: check the invariant against what the workers counted.
  virtual Verification verify(std::span<const ThreadCounters> counters) const = 0;
  // Workload-specific figures for this repetition (e.g. lost_updates); `duration_s` is the
  // repetition's measured time, for rates such as admitted_per_sec.
  virtual void add_metrics(std::span<const ThreadCounters> /*counters*/, double /*duration_s*/,
                           Metrics& /*out*/) const {}
  // The memory the threads contend on (the shared word, a lock and what it guards, a shared
  // array or queue), as it is after reset(): the runner binds its pages to the point's memory
  // home and records where they are. Per-thread state is not listed (each worker allocates it
  // after pinning), nor versions that writers allocate while running. Empty: nothing shared.
  virtual std::vector<MemoryArea> shared_state() const { return {}; }
};

// The bytes of one object, for shared_state().
template <typename T>
MemoryArea area_of(const T& object) {
  return std::as_bytes(std::span<const T>(&object, 1));
}

struct WorkloadInfo {
  std::string name;         // unique, snake_case: "atomic_add"
  std::string family;       // "counter", "false_sharing", ...
  std::string description;  // one line for `contend list`
  std::string invariant;    // what verify() checks, as recorded in results
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<Workload>(const Params&)> create;
  WorkloadRole role = WorkloadRole::kCandidate;  // written into results; readers act on it
  // What a sampled latency covers when it is not simply one operation ("" when it is); shown by
  // `contend list`.
  std::string latency = {};
};

// Sum of per-thread operation counts: the figure most invariants compare against.
std::uint64_t total_ops(std::span<const ThreadCounters> counters);

}  // namespace contend
