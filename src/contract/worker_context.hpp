// The contract between the runner and a workload's hot loop: when to stop, what to count,
// where to record sampled latencies. One per worker thread, owned by the runner.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>

#include "stats/histogram.hpp"
#include "platform/pinning.hpp"

namespace contend {

// Operations between two looks at the stop flag: the check costs well under 1 ns per op.
inline constexpr std::uint64_t kBatchOps = 256;

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
                std::uint64_t sample_every_batches, LatencyHistogram* histogram,
                ThreadCounters& counters) noexcept
      : thread_(thread),
        threads_(threads),
        stop_(stop),
        op_limit_(op_limit),
        // A mask instead of a modulo: no division on the path of every batch. Rounded up to a
        // power of two (the runner uses 4).
        sample_mask_(sample_every_batches == 0 ? 0 : std::bit_ceil(sample_every_batches) - 1),
        histogram_(histogram),
        counters_(counters) {}

  int thread() const noexcept { return thread_; }
  int threads() const noexcept { return threads_; }
  ThreadCounters& counters() noexcept { return counters_; }

  // Operations to run in the next batch given `done` so far; 0 means stop. Time-bounded runs
  // stop on the flag; fixed-count runs (tests) stop at the limit, or on the flag (watchdog).
  std::uint64_t next_batch(std::uint64_t done) const noexcept {
    if (stop_.load(std::memory_order_relaxed)) return 0;
    if (op_limit_ == 0) return kBatchOps;
    return done >= op_limit_ ? 0 : std::min(kBatchOps, op_limit_ - done);
  }

  bool sample_batch(std::uint64_t batch_index) const noexcept {
    return histogram_ != nullptr && (batch_index & sample_mask_) == 0;
  }
  void record_latency(std::uint64_t ticks) noexcept { histogram_->record(ticks); }

  // Every 2^12 batches (and at the ends) the worker notes where it runs: migration detection.
  static constexpr std::uint64_t kObserveMask = (1u << 12) - 1;
  void observe_pu() noexcept { counters_.observe_pu(current_pu()); }

 private:
  int thread_;
  int threads_;
  const std::atomic<bool>& stop_;
  std::uint64_t op_limit_;
  std::uint64_t sample_mask_;
  LatencyHistogram* histogram_;
  ThreadCounters& counters_;
};

}  // namespace contend
