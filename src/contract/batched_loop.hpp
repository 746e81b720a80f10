// The measured loop every workload runs: batches of operations between stop checks, one
// operation in every `sample_every_ops` timed with the tick counter (independent of the batch
// size, which the runner sizes by time), every result folded into a sink.
#pragma once

#include <cstdint>
#include <type_traits>

#include "contract/worker_context.hpp"
#include "platform/clock.hpp"

namespace contend {

// Folds `op`'s value into `sink`, or just runs `op` when it returns nothing.
template <typename Op>
inline void perform(Op& op, std::uint64_t& sink) noexcept {
  if constexpr (std::is_void_v<std::invoke_result_t<Op&>>) {
    op();
  } else {
    sink += op();
  }
}

// An operation whose effect ends in a store. Timed, its stores are drained before the end read
// (drain_stores): a store retires into the store buffer, so without that a sample would cover
// its issue, not its reaching the cache line that other cores share.
template <typename F>
struct StoreOp {
  F f;
  decltype(auto) operator()() noexcept { return f(); }
};
template <typename F>
StoreOp(F) -> StoreOp<F>;

template <typename T>
inline constexpr bool kIsStoreOp = false;
template <typename F>
inline constexpr bool kIsStoreOp<StoreOp<F>> = true;

// No work between two operations.
struct NothingBetween {
  void operator()() const noexcept {}
};

// `op` performs one operation and returns a value derived from it (the CAS result, a plain
// load), which is folded into a sink so the compiler cannot drop the work, or returns nothing:
// an atomic read-modify-write is never elided, and using its result changes the instruction
// (x86: lock xadd instead of lock add; Arm LSE: ldadd instead of stadd), which under contention
// is measurably slower (bench/results/fidelity_interleaved-2vcpu-x86.txt). `between` runs
// before each operation and is never timed (a lock's work outside the lock): a sampled latency
// covers `op` alone. Inlined into each workload's own instantiation: no call per operation.
template <typename Op, typename Between = NothingBetween>
void run_batched(WorkerContext& ctx, Op&& op, Between&& between = {}) noexcept {
  std::uint64_t done = 0;
  std::uint64_t sink = 0;
  std::uint64_t batch_index = 0;
  ctx.observe_pu();
  const std::uint64_t sample_every = ctx.sample_every_ops();
  std::uint64_t until_sample = 0;  // untimed operations left before the next timed one
  for (std::uint64_t batch = ctx.next_batch(done); batch != 0; batch = ctx.next_batch(done)) {
    std::uint64_t i = 0;
    while (i < batch) {
      if (sample_every != 0 && until_sample == 0) {
        perform(between, sink);
        const std::uint64_t start = ticks_begin();
        perform(op, sink);
        if constexpr (kIsStoreOp<std::remove_cvref_t<Op>>) drain_stores();
        ctx.record_latency(ticks_end() - start);
        until_sample = sample_every - 1;
        ++i;
        continue;
      }
      // Untimed stretch: up to the next sample or the end of the batch.
      const std::uint64_t stretch =
          sample_every == 0 ? batch - i : std::min(batch - i, until_sample);
      for (std::uint64_t k = 0; k < stretch; ++k) {
        perform(between, sink);
        perform(op, sink);
      }
      i += stretch;
      until_sample -= sample_every == 0 ? 0 : stretch;
    }
    done += batch;
    if (ctx.observe_due(++batch_index)) ctx.observe_pu();
  }
  ctx.observe_pu();
  ctx.counters().ops = done;
  ctx.counters().sink += sink;
}

}  // namespace contend
