// The measured loop every workload runs: batches of operations between stop checks, one
// operation now and then timed with the tick counter, every result folded into a sink.
#pragma once

#include "platform/clock.hpp"
#include "contract/worker_context.hpp"

namespace contend {

// `op` performs one operation and returns a value derived from it (the fetched counter, the
// CAS result). Inlined into each workload's own instantiation: no call per operation.
template <typename Op>
void run_batched(WorkerContext& ctx, Op&& op) noexcept {
  std::uint64_t done = 0;
  std::uint64_t sink = 0;
  std::uint64_t batch_index = 0;
  ctx.observe_pu();
  for (std::uint64_t batch = ctx.next_batch(done); batch != 0; batch = ctx.next_batch(done)) {
    std::uint64_t i = 0;
    if (ctx.sample_batch(batch_index)) {
      const std::uint64_t start = ticks_begin();
      sink += op();
      ctx.record_latency(ticks_end() - start);
      i = 1;
    }
    for (; i < batch; ++i) sink += op();
    done += batch;
    if ((++batch_index & WorkerContext::kObserveMask) == 0) ctx.observe_pu();
  }
  ctx.observe_pu();
  ctx.counters().ops = done;
  ctx.counters().sink += sink;
}

}  // namespace contend
