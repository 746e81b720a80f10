// The contract between the runner and a workload's hot loop: when to stop, what to count,
// where to record sampled latencies. One per worker thread, owned by the runner.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstdint>

#include "stats/histogram.hpp"
#include "platform/pinning.hpp"

namespace contend {

// Operations between two looks at the stop flag in fixed-count runs (tests, the harness
// probe). Time-bounded points size their batches by time instead (runner/loop_plan.hpp).
inline constexpr std::uint64_t kBatchOps = 256;

// How a worker's loop is cut: operations per stop check, one timed operation per
// `sample_every_ops` (0: none), a look at the PU it runs on every `observe_every_batches`.
struct LoopPlan {
  std::uint64_t batch_ops = kBatchOps;
  std::uint64_t sample_every_ops = 0;
  std::uint64_t observe_every_batches = std::uint64_t{1} << 12;
};

// What one worker counted in one repetition. Written by the worker, read after it stopped.
struct ThreadCounters {
  std::uint64_t ops = 0;
  std::uint64_t cas_attempts = 0;  // CAS workloads: every compare_exchange call
  std::uint64_t cas_failures = 0;  // CAS workloads: calls that did not succeed
  std::uint64_t sink = 0;          // folded results of every operation, so none is optimised out
  static constexpr int kMaxObserved = 8;
  std::array<int, kMaxObserved> observed_pus{};
  int observed_count = 0;
  bool observed_overflow = false;  // ran on more distinct PUs than we keep

  void observe_pu(int pu) noexcept {
    for (int i = 0; i < observed_count; ++i) {
      if (observed_pus[static_cast<std::size_t>(i)] == pu) return;
    }
    if (observed_count == kMaxObserved) {
      observed_overflow = true;
      return;
    }
    observed_pus[static_cast<std::size_t>(observed_count++)] = pu;
  }
};

class WorkerContext {
 public:
  WorkerContext(int thread, int threads, const std::atomic<bool>& stop, std::uint64_t op_limit,
                const LoopPlan& plan, LatencyHistogram* histogram,
                ThreadCounters& counters) noexcept
      : thread_(thread),
        threads_(threads),
        stop_(stop),
        op_limit_(op_limit),
        batch_ops_(std::max<std::uint64_t>(plan.batch_ops, 1)),
        sample_every_ops_(histogram == nullptr ? 0 : plan.sample_every_ops),
        // A mask instead of a modulo: no division on the path of every batch.
        observe_mask_(std::bit_ceil(std::max<std::uint64_t>(plan.observe_every_batches, 1)) - 1),
        histogram_(histogram),
        counters_(counters) {}

  int thread() const noexcept { return thread_; }
  int threads() const noexcept { return threads_; }
  ThreadCounters& counters() noexcept { return counters_; }

  // Operations to run in the next batch given `done` so far; 0 means stop. Time-bounded runs
  // stop on the flag; fixed-count runs (tests) stop at the limit, or on the flag (watchdog).
  std::uint64_t next_batch(std::uint64_t done) const noexcept {
    if (stop_.load(std::memory_order_relaxed)) return 0;
    if (op_limit_ == 0) return batch_ops_;
    return done >= op_limit_ ? 0 : std::min(batch_ops_, op_limit_ - done);
  }

  // Operations per timed sample: the first of every this many is timed; 0 when not sampling.
  std::uint64_t sample_every_ops() const noexcept { return sample_every_ops_; }
  void record_latency(std::uint64_t ticks) noexcept { histogram_->record(ticks); }

  // Every few batches (and at the ends) the worker notes where it runs: migration detection.
  bool observe_due(std::uint64_t batch_index) const noexcept {
    return (batch_index & observe_mask_) == 0;
  }
  void observe_pu() noexcept { counters_.observe_pu(current_pu()); }

 private:
  int thread_;
  int threads_;
  const std::atomic<bool>& stop_;
  std::uint64_t op_limit_;
  std::uint64_t batch_ops_;
  std::uint64_t sample_every_ops_;
  std::uint64_t observe_mask_;
  LatencyHistogram* histogram_;
  ThreadCounters& counters_;
};

}  // namespace contend
