#include <gtest/gtest.h>

#include "runner/runner.hpp"
#include "test_support.hpp"

namespace contend {
namespace {

using testing::fixed_point;
using testing::machine;
using testing::run_fixed;

TEST(Runner, FixedCountModeRunsExactlyTheLimitOnEveryThread) {
  auto workload =
      find_workload("atomic_add", "test").create(Params({{"order", std::string("relaxed")}}));
  std::shared_ptr<Workload> shared = std::move(workload);
  RunConfig config;
  config.pus = place(machine(), PlacementSpec{}, 2, true).pus;
  config.op_limit = 12345;  // deliberately not a multiple of the batch size
  const RepetitionRun run = run_repetition(shared, machine(), config);
  ASSERT_TRUE(run.error.empty()) << run.error;
  ASSERT_EQ(run.threads.size(), 2u);
  for (const auto& t : run.threads) EXPECT_EQ(t.counters.ops, 12345u);
  std::vector<ThreadCounters> counters{run.threads[0].counters, run.threads[1].counters};
  EXPECT_TRUE(shared->verify(counters).passed);
}

TEST(Runner, ThreadsReportWhereTheyRan) {
  const PointResult r = run_fixed(fixed_point("atomic_add", 1));
  ASSERT_TRUE(r.ok()) << r.error;
  const auto& t = r.repetitions.front().threads.front();
  EXPECT_EQ(t.requested_pu, r.point.placement.pus.front());
  ASSERT_GE(t.counters.observed_count, 1);
  EXPECT_EQ(t.counters.observed_pus[0], t.requested_pu);
  EXPECT_FALSE(r.migrated);
}

TEST(Runner, AFailedPinIsReportedAndNothingHangs) {
  std::shared_ptr<Workload> workload = find_workload("mutex", "test").create(Params());
  RunConfig config;
  config.pus = {machine().usable_pus().front(), 1 << 20};  // the second PU cannot exist
  config.op_limit = 1000;
  const RepetitionRun run = run_repetition(workload, machine(), config);
  EXPECT_NE(run.error.find("pinning thread 1 to PU 1048576"), std::string::npos) << run.error;
}

TEST(Runner, PinningToASyntheticTopologyIsRefused) {
  const auto synthetic = Topology::load_synthetic("pack:1 core:2 pu:1");
  std::shared_ptr<Workload> workload = find_workload("mutex", "test").create(Params());
  RunConfig config;
  config.pus = {0};
  config.op_limit = 10;
  const RepetitionRun run = run_repetition(workload, synthetic, config);
  EXPECT_NE(run.error.find("synthetic"), std::string::npos) << run.error;
}

TEST(PointRunner, SummariesCoverEveryRepetition) {
  auto point = fixed_point("cas_add", 2);
  point.repetitions = 3;
  const PointResult r = run_fixed(point, 5000);
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.repetitions.size(), 3u);
  for (const char* metric :
       {"ops_per_sec", "ns_per_op", "jain_index", "min_share", "max_share",
        "context_switches_per_op", "cas_attempts_per_op", "cas_failures_per_op", "total_ops"}) {
    ASSERT_TRUE(r.summary.count(metric)) << metric;
    EXPECT_EQ(r.summary.at(metric).n, 3u) << metric;
  }
  EXPECT_DOUBLE_EQ(r.summary.at("total_ops").median, 10000);
  EXPECT_GE(r.summary.at("cas_attempts_per_op").min, 1.0);
}

TEST(PointRunner, SamplingRecordsLatencyPercentilesInOrder) {
  const PointResult r = run_fixed(fixed_point("atomic_add", 1), 100000);
  ASSERT_TRUE(r.ok());
  const auto& m = r.repetitions.front().metrics;
  ASSERT_TRUE(m.count("latency_p50_ns"));
  // One op in 1024 is sampled: 100000 ops give 98 samples (batches 0, 4, 8, ...).
  EXPECT_EQ(m.at("latency_samples"), 98);
  EXPECT_LE(m.at("latency_p50_ns"), m.at("latency_p90_ns"));
  EXPECT_LE(m.at("latency_p90_ns"), m.at("latency_p99_ns"));
  EXPECT_LE(m.at("latency_p99_ns"), m.at("latency_max_ns"));
}

TEST(PointRunner, NoSamplingMeansNoLatencyFigures) {
  PointOptions options;
  options.op_limit = 10000;
  options.sample_every_batches = 0;
  const PointResult r = run_point(fixed_point("atomic_add", 1), machine(), options);
  EXPECT_FALSE(r.repetitions.front().metrics.count("latency_p50_ns"));
}

}  // namespace
}  // namespace contend
