// Fidelity: the harness's own cost (the empty workload), the timer facts, hardware counters
// present or cleanly absent, and the --until-stable stopping rule. Invariants, never timings.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "platform/clock.hpp"
#include "platform/perf_counters.hpp"
#include "report/context.hpp"
#include "runner/harness_overhead.hpp"
#include "runner/point_runner.hpp"
#include "runner/system_probe.hpp"
#include "runner/tsc_sync.hpp"
#include "runner/warning_policy.hpp"
#include "test_support.hpp"

namespace contend {
namespace {

using testing::fixed_point;
using testing::machine;
using testing::run_fixed;

TEST(EmptyWorkload, EveryCountedOperationRan) {
  const PointResult r = run_fixed(fixed_point("empty", 2), 12345);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.point.workload->family, "empty");
  for (const auto& rep : r.repetitions) {
    EXPECT_TRUE(rep.verified) << rep.message;
    EXPECT_EQ(rep.metrics.at("total_ops"), 2 * 12345);
    // 1 + 2 + ... + 12345, folded by the loop into each thread's sink.
    for (const auto& t : rep.threads) EXPECT_EQ(t.counters.sink, 12345ull * 12346 / 2);
  }
}

TEST(EmptyWorkload, ASinkThatDoesNotMatchTheCountFailsVerification) {
  auto empty = find_workload("empty", "test").create(Params());
  ThreadCounters counters;
  counters.ops = 10;
  counters.sink = 55;
  EXPECT_TRUE(empty->verify(std::vector<ThreadCounters>{counters}).passed);
  counters.sink = 54;  // one operation's result missing: it did not run
  const Verification v = empty->verify(std::vector<ThreadCounters>{counters});
  EXPECT_FALSE(v.passed);
  EXPECT_NE(v.message.find("thread 0 sink is 54"), std::string::npos) << v.message;
}

TEST(HarnessOverhead, MeasuresTheEmptyLoopOnTheFirstUsablePu) {
  const HarnessOverhead h = measure_harness_overhead(machine(), true, 0.007);
  ASSERT_TRUE(h.measured) << h.error;
  EXPECT_EQ(h.pu, machine().usable_pus().front());
  EXPECT_GT(h.empty_ns_per_op, 0);
  EXPECT_GT(h.empty_ns_per_op_sampled, 0);
  EXPECT_DOUBLE_EQ(h.sampling_overhead_ns_per_op, h.empty_ns_per_op_sampled - h.empty_ns_per_op);
}

TEST(HarnessOverhead, ARefusedPinIsReportedNotMeasured) {
  const auto synthetic = Topology::load_synthetic("pack:1 core:2 pu:1");
  const HarnessOverhead h = measure_harness_overhead(synthetic, true, 0.007);
  EXPECT_FALSE(h.measured);
  EXPECT_NE(h.error.find("synthetic"), std::string::npos) << h.error;
  SystemFacts facts;
  facts.harness = h;
  EXPECT_EQ(context_json(facts)["harness"]["error"], h.error);
  const Warnings warnings = system_warnings(facts);
  EXPECT_TRUE(std::any_of(warnings.begin(), warnings.end(),
                          [](const Warning& w) { return w.code == "harness_not_measured"; }));
}

TEST(Timer, CalibrationIsSane) {
  const TickCalibration c = calibrate_ticks(0.005);
  EXPECT_GT(c.ticks_per_ns, 0);
  EXPECT_GE(c.overhead_ticks, 0);
  EXPECT_GT(c.resolution_ticks, 0);
  EXPECT_GT(c.steady_resolution_ns, 0);
  EXPECT_GE(c.steady_read_overhead_ns, 0);
#if defined(__x86_64__)
  EXPECT_STREQ(c.source, "tsc");
#elif defined(__aarch64__)
  EXPECT_STREQ(c.source, "cntvct");
  EXPECT_TRUE(c.invariant);
#endif
}

TEST(Timer, TscSkewIsCheckedOnEveryOtherUsablePu) {
  const TscSkew skew = measure_tsc_skew(machine());
  const auto pus = machine().usable_pus().size();
  if (std::string_view(tick_calibration().source) == "steady_clock" || pus < 2) {
    EXPECT_FALSE(skew.measured);
    GTEST_SKIP() << "needs a tick counter (TSC, CNTVCT) and two usable PUs";
  }
  ASSERT_TRUE(skew.measured);
  EXPECT_EQ(skew.pus_checked, static_cast<int>(pus) - 1);
  // Figures that were measured, not left at their zero start: an exchange between two PUs
  // takes time, so its half round trip (the uncertainty) is positive, and every figure finite.
  EXPECT_GT(skew.uncertainty_ns, 0);
  EXPECT_TRUE(std::isfinite(skew.max_skew_ns) && skew.max_skew_ns >= 0);
  EXPECT_TRUE(std::isfinite(skew.proven_skew_ns) && skew.proven_skew_ns >= 0);
}

TEST(Timer, ASyntheticTopologyIsNotChecked) {
  EXPECT_FALSE(measure_tsc_skew(Topology::load_synthetic("pack:1 core:4 pu:1")).measured);
}

TEST(Context, RecordsTheTimerAndTheHardwareCounterSupport) {
  const nlohmann::json context = context_json(probe_system(machine()));
  const auto& timer = context.at("timer");
  for (const char* key : {"source", "ticks_per_ns", "read_overhead_ns", "resolution_ns",
                          "invariant_tsc", "steady_resolution_ns", "steady_read_overhead_ns",
                          "batch_ops", "tsc_skew_pus_checked", "tsc_max_skew_ns"}) {
    EXPECT_TRUE(timer.contains(key)) << key;
  }
  const auto& hw = context.at("hardware_counters");
  EXPECT_EQ(hw.at("available").get<bool>(), hardware_counter_support().available);
  EXPECT_EQ(hw.at("reason").is_null(), hardware_counter_support().available);
}

// Either the counters produce per-op metrics, or their absence is explained once and no
// metric pretends otherwise.
TEST(HardwareCounters, PresentWithMetricsOrAbsentWithAReason) {
  const HardwareCounterSupport& support = hardware_counter_support();
  const PointResult r = run_fixed(fixed_point("atomic_add", 1), 50000);
  ASSERT_TRUE(r.ok()) << r.error;
  const auto& m = r.repetitions.front().metrics;
  if (support.available) {
    EXPECT_TRUE(support.reason.empty());
    ASSERT_TRUE(m.count("cycles_per_op"));
    EXPECT_GT(m.at("instructions_per_op"), 0);
    EXPECT_GE(m.at("cache_misses_per_op"), 0);
  } else {
    EXPECT_EQ(support.reason.rfind("hardware counters unavailable: ", 0), 0u) << support.reason;
    EXPECT_TRUE(support.events.empty());
    EXPECT_FALSE(m.count("cycles_per_op"));
    EXPECT_FALSE(m.count("instructions_per_op"));
  }
}

TEST(HardwareCounters, AnUnopenedGroupCountsNothing) {
  PerfCounterGroup group;
  group.start();
  EXPECT_FALSE(group.stop().valid);
}

TEST(HardwareCounters, MetricsArePerOperationAndNeedEveryThread) {
  HardwareCounts a{true, 400, 800, 4, false, 0};
  HardwareCounts b{true, 600, 1200, 6, false, 0};
  Metrics m;
  add_hardware_metrics(std::vector<HardwareCounts>{a, b}, 100, m);
  EXPECT_DOUBLE_EQ(m.at("cycles_per_op"), 10);
  EXPECT_DOUBLE_EQ(m.at("instructions_per_op"), 20);
  EXPECT_DOUBLE_EQ(m.at("cache_misses_per_op"), 0.1);
  EXPECT_FALSE(m.count("l1d_misses_per_op"));  // not every thread had it
  b.valid = false;
  Metrics none;
  add_hardware_metrics(std::vector<HardwareCounts>{a, b}, 100, none);
  EXPECT_TRUE(none.empty());
}

TEST(UntilStable, StoppingRule) {
  // Requested repetitions always run; a fixed run stops there.
  EXPECT_TRUE(needs_another_repetition(0, 5, 5, false));
  EXPECT_TRUE(needs_another_repetition(4, 5, 5, true));
  EXPECT_FALSE(needs_another_repetition(5, 5, 5, true));
  // --until-stable: go on while noisy (or too few to judge), never past the cap.
  EXPECT_TRUE(needs_another_repetition(5, 5, 30, true));
  EXPECT_FALSE(needs_another_repetition(5, 5, 30, false));
  EXPECT_TRUE(needs_another_repetition(2, 1, 30, false));
  EXPECT_FALSE(needs_another_repetition(kMinStableRepetitions, 1, 30, false));
  EXPECT_FALSE(needs_another_repetition(30, 5, 30, true));
}

TEST(UntilStable, AQuietPointSettlesAfterEnoughRepetitions) {
  auto point = fixed_point("atomic_add", 1);
  point.repetitions = 1;
  PointOptions options;
  options.op_limit = 2000;
  options.max_repetitions = 10;
  options.noise_threshold_pct = 100;  // MdAPE never exceeds 100%: never noisy
  const PointResult r = run_point(point, machine(), options);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.stability, "settled");
  EXPECT_FALSE(r.noisy);
  EXPECT_EQ(r.repetitions.size(), static_cast<std::size_t>(kMinStableRepetitions));
}

// Counts 1, 1e9, 1e18 operations in successive repetitions (without running them), each
// repetition taking at least a microsecond: ops_per_sec differs by orders of magnitude that no
// timing accident can bridge, so the point stays noisy. The count lives outside the instance:
// every repetition gets a workload of its own.
class SteeredWorkload final : public Workload {
 public:
  static inline int repetition_ = 0;  // warm-up is skipped in fixed-count mode: the first is 1
  void reset(int) override { ++repetition_; }
  void run(WorkerContext& ctx) noexcept override {
    const auto start = SteadyClock::now();
    while (SteadyClock::now() - start < std::chrono::microseconds(1)) {
    }
    std::uint64_t ops = 1;
    for (int i = 1; i < repetition_; ++i) ops *= 1000000000ull;
    ctx.counters().ops = ops;
  }
  Verification verify(std::span<const ThreadCounters>) const override { return {}; }
};

TEST(UntilStable, ANoisyPointStopsAtTheCapAndSaysSo) {
  const WorkloadInfo steered{
      "steered", "empty",
      "test",    "none",
      {},        [](const Params&) {
                               return std::unique_ptr<Workload>(new SteeredWorkload); }};
  SteeredWorkload::repetition_ = 0;
  auto point = fixed_point("empty", 1);
  point.workload = &steered;
  point.repetitions = 1;
  PointOptions options;
  options.op_limit = 1;
  options.max_repetitions = 3;
  const PointResult r = run_point(point, machine(), options);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.repetitions.size(), 3u);
  EXPECT_TRUE(r.noisy);
  EXPECT_EQ(r.stability, "max_repetitions");
}

TEST(UntilStable, WithoutItTheRepetitionsAreFixed) {
  const PointResult r = run_fixed(fixed_point("atomic_add", 1), 1000);
  EXPECT_EQ(r.stability, "fixed");
  EXPECT_EQ(r.repetitions.size(), 2u);
}

TEST(Timer, EveryRepetitionRecordsItsSpanInClockSteps) {
  const PointResult r = run_fixed(fixed_point("atomic_add", 1), 1000);
  ASSERT_TRUE(r.ok());
  for (const auto& rep : r.repetitions) {
    ASSERT_TRUE(rep.metrics.count("duration_resolution_ratio"));
    EXPECT_DOUBLE_EQ(rep.metrics.at("duration_resolution_ratio"),
                     rep.duration_s * 1e9 / tick_calibration().steady_resolution_ns);
  }
}

}  // namespace
}  // namespace contend
