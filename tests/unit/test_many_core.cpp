// Many-core rules checked without a many-core machine: batches sized by time (plans, not
// timings), stop spread, and placements on synthetic topologies up to 256 PUs / 8 NUMA nodes.
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "contract/batched_loop.hpp"
#include "runner/loop_plan.hpp"
#include "runner/runner.hpp"
#include "topology/placement.hpp"

namespace contend {
namespace {

ThreadReport report(double start_s, double stop_s, std::uint64_t ops) {
  ThreadReport t;
  t.start_s = start_s;
  t.stop_s = stop_s;
  t.counters.ops = ops;
  return t;
}

TEST(ManyCoreBatches, ABatchLastsAThousandthOfTheDurationOnTheSlowestThread) {
  // 10 ns per op over 1 s: 1e5 ops per batch, 0.1 ms per batch.
  const BatchPlan fast = plan_batches(10e-9, 1.0, 4, 5, kSampleSpacing_s);
  EXPECT_EQ(fast.loop.batch_ops, 100000u);
  EXPECT_NEAR(fast.batch_s, 1e-3, 1e-9);
  EXPECT_EQ(fast.loop.sample_every_ops, 5000u);  // one timed op per 50 us of work
  EXPECT_DOUBLE_EQ(fast.stop_timeout_s, 5);
  // A 1 ms critical section at 8 threads, 100 ms duration: one op per batch, never zero.
  const BatchPlan slow = plan_batches(8e-3, 0.1, 8, 5, kSampleSpacing_s);
  EXPECT_EQ(slow.loop.batch_ops, 1u);
  EXPECT_EQ(slow.loop.sample_every_ops, 1u);
  EXPECT_EQ(slow.loop.observe_every_batches, 1u);
  EXPECT_FALSE(plan_batches(8e-3, 0.1, 8, 5, 0).loop.sample_every_ops != 0);
}

TEST(ManyCoreBatches, TheStopTimeoutScalesWithThreadsAndTheBatchTime) {
  EXPECT_DOUBLE_EQ(initial_stop_timeout_s(5, 4), 5);
  EXPECT_DOUBLE_EQ(initial_stop_timeout_s(5, 256), 80);
  // One op takes 1 s (a pathological hold time): the timeout covers many batches.
  EXPECT_GE(plan_batches(1.0, 10, 2, 5, kSampleSpacing_s).stop_timeout_s, 50);
  // An unmeasurable op time (nothing ran) gives the largest batch, not a division by zero.
  EXPECT_EQ(plan_batches(0, 1, 1, 5, kSampleSpacing_s).loop.batch_ops, kMaxBatchOps);
}

TEST(ManyCoreBatches, TheSlowestThreadAndTheStopSpreadComeFromThreadsThatRan) {
  std::vector<ThreadReport> threads{report(0, 0.1, 1000), report(0.01, 0.11, 10),
                                    report(0, 0.105, 0)};
  threads.push_back(report(0, 9, 1));
  threads.back().error = "pinning refused";
  EXPECT_DOUBLE_EQ(slowest_op_s(threads), 0.105);  // no op at all: its whole span is one op
  EXPECT_NEAR(stop_spread_s(threads), 0.01, 1e-12);
}

TEST(ManyCoreBatches, SamplesAreSpacedByOperationsWhateverTheBatchSize) {
  for (const std::uint64_t batch : {std::uint64_t{1}, std::uint64_t{7}, std::uint64_t{4096}}) {
    std::atomic<bool> stop{false};
    LatencyHistogram histogram;
    ThreadCounters counters;
    LoopPlan plan;
    plan.batch_ops = batch;
    plan.sample_every_ops = 100;
    WorkerContext ctx(0, 1, stop, 10000, plan, &histogram, counters);
    std::uint64_t calls = 0;
    run_batched(ctx, [&] { return ++calls; });
    EXPECT_EQ(calls, 10000u) << batch;
    EXPECT_EQ(counters.ops, 10000u) << batch;
    EXPECT_EQ(histogram.total(), 100u) << batch;
  }
}

// Work between operations (a lock's parallel_ns) runs once before each operation, timed or
// not, and its value reaches the sink like the operation's.
TEST(ManyCoreBatches, WorkBetweenOperationsRunsOnceBeforeEachOne) {
  std::atomic<bool> stop{false};
  LatencyHistogram histogram;
  ThreadCounters counters;
  LoopPlan plan;
  plan.batch_ops = 7;
  plan.sample_every_ops = 10;
  WorkerContext ctx(0, 1, stop, 1000, plan, &histogram, counters);
  std::uint64_t ops = 0;
  std::uint64_t between = 0;
  bool in_order = true;
  run_batched(
      ctx,
      [&] {
        in_order = in_order && between == ops + 1;
        return ++ops;
      },
      [&] { return std::uint64_t{1000000} * ++between; });
  EXPECT_EQ(ops, 1000u);
  EXPECT_EQ(between, 1000u);
  EXPECT_TRUE(in_order);
  EXPECT_EQ(histogram.total(), 100u);
  EXPECT_EQ(counters.sink, std::uint64_t{500500} * 1000001);  // 1..1000 and 10^6 x 1..1000
}

static_assert(kIsStoreOp<decltype(StoreOp{[] { return 1; }})>);
static_assert(!kIsStoreOp<NothingBetween>);

TEST(ManyCoreBatches, ARaisedStopFlagEndsTheLoopAtTheNextBatch) {
  std::atomic<bool> stop{false};
  ThreadCounters counters;
  LoopPlan plan;
  plan.batch_ops = 3;
  WorkerContext ctx(0, 1, stop, 0, plan, nullptr, counters);
  std::uint64_t calls = 0;
  run_batched(ctx, [&] {
    if (++calls == 5) stop.store(true);
    return calls;
  });
  EXPECT_EQ(calls, 6u);  // the batch in progress finishes, no further one starts
}

// 8 NUMA nodes x 4 L3 x 4 cores x 2 PUs = 256 PUs.
const char* const kHuge = "pack:2 numa:4 l3:4 core:4 pu:2";

TEST(ManyCorePlacement, EveryStrategyPlacesAllPusOnceOn256Pus) {
  const auto t = Topology::load_synthetic(kHuge);
  ASSERT_EQ(t.usable_pus().size(), 256u);
  for (const char* strategy : {"compact", "cores", "scatter", "smt"}) {
    const auto placement = place(t, PlacementSpec::parse(strategy, "p"), 256, false);
    const std::set<int> distinct(placement.pus.begin(), placement.pus.end());
    EXPECT_EQ(distinct.size(), 256u) << strategy;
    EXPECT_FALSE(placement.oversubscribed) << strategy;
  }
  EXPECT_THROW(place(t, PlacementSpec::parse("cores", "p"), 257, false), std::exception);
  EXPECT_TRUE(place(t, PlacementSpec::parse("cores", "p"), 512, true).oversubscribed);
}

TEST(ManyCorePlacement, ScatterVisitsEveryNumaNodeBeforeReusingOne) {
  const auto t = Topology::load_synthetic(kHuge);
  const auto placement = place(t, PlacementSpec::parse("scatter", "p"), 8, false);
  std::set<int> nodes;
  for (const int pu : placement.pus) nodes.insert(pu / 32);  // 32 PUs per NUMA node
  EXPECT_EQ(nodes.size(), 8u);
  // Cores first: 128 threads never put two on one core.
  const auto cores = place(t, PlacementSpec::parse("cores", "p"), 128, false);
  std::set<int> used_cores;
  for (const int pu : cores.pus) EXPECT_TRUE(used_cores.insert(pu / 2).second) << pu;
}

}  // namespace
}  // namespace contend
