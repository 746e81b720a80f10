// Faults and interruption in the runner: a point whose workers never stop is abandoned and
// the run goes on; a cancelled run keeps only full repetitions; a refused pin says why.
#include <gtest/gtest.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "platform/error.hpp"
#include "runner/run_loop.hpp"
#include "runner/runner.hpp"
#include "test_support.hpp"

namespace contend {
namespace {

using testing::fixed_point;
using testing::machine;

// Ignores the stop flag until the test releases it: a livelock, as the runner sees it, in its
// measured loop or (kInSetup) before it ever reaches the start line. It does return in the end,
// so the test process exits cleanly (and sanitizers see a joined world).
struct StuckState {
  std::atomic<bool> release{false};
  std::atomic<int> running{0};
};

StuckState& stuck_state() {
  static StuckState state;
  return state;
}

void stay_stuck() {
  StuckState& state = stuck_state();
  state.running.fetch_add(1);
  // Sleeping, not spinning: stuck as the runner sees it, without taking a PU from the points
  // that run after it (on a loaded 2-PU machine that alone could miss their 0.2 s stop).
  while (!state.release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  state.running.fetch_sub(1);
}

enum class StuckIn { kRun, kSetup };

template <StuckIn kWhere>
class StuckWorkload : public Workload {
 public:
  void reset(int) override {}
  void prepare_thread(int) override {
    if (kWhere == StuckIn::kSetup) stay_stuck();
  }
  void run(WorkerContext& ctx) noexcept override {
    if (kWhere == StuckIn::kRun) stay_stuck();
    ctx.counters().ops = 1;
  }
  Verification verify(std::span<const ThreadCounters>) const override { return {}; }
};

template <StuckIn kWhere>
const WorkloadInfo& stuck_info() {
  static const WorkloadInfo info{
      .name = "stuck_for_tests",
      .family = "test",
      .description = "ignores the stop flag",
      .invariant = "none",
      .params = {},
      .create = [](const Params&) { return std::make_unique<StuckWorkload<kWhere>>(); }};
  return info;
}

// A point of one stuck worker; its workers stay stuck until release_stuck_workers().
template <StuckIn kWhere = StuckIn::kRun>
MeasurementPoint stuck_point() {
  stuck_state().release.store(false);
  MeasurementPoint point;
  point.workload = &stuck_info<kWhere>();
  point.threads = 1;
  point.placement = place(machine(), PlacementSpec{}, 1, true);
  point.duration_s = 0.01;
  point.warmup_s = 0;
  point.repetitions = 2;
  return point;
}

// Lets the stuck workers go and waits (bounded) until they returned.
void release_stuck_workers() {
  stuck_state().release.store(true);
  for (int i = 0; i < 5000 && stuck_state().running.load() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(stuck_state().running.load(), 0);
}

PointOptions abandoning_options() {
  PointOptions options;
  options.pin = false;  // not what is tested here; containers may refuse it
  options.stop_timeout_s = 0.2;
  return options;
}

TEST(Reliability, AWorkerThatNeverStopsIsAbandonedAndThePointFails) {
  const int abandoned_before = abandoned_workers();
  const PointResult r = run_point(stuck_point(), machine(), abandoning_options());
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.repetitions.empty());
  EXPECT_NE(r.error.find("1 of 1 workers did not stop within 0.2s"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("; abandoned"), std::string::npos) << r.error;
  EXPECT_EQ(abandoned_workers(), abandoned_before + 1);
  release_stuck_workers();
}

TEST(Reliability, AWorkerHungInSetUpIsAbandonedAndThePointFails) {
  const int abandoned_before = abandoned_workers();
  const PointResult r = run_point(stuck_point<StuckIn::kSetup>(), machine(), abandoning_options());
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.repetitions.empty());
  EXPECT_NE(r.error.find("1 of 1 workers did not finish setting up"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("within 0.2s; abandoned"), std::string::npos) << r.error;
  EXPECT_EQ(abandoned_workers(), abandoned_before + 1);
  release_stuck_workers();
}

TEST(Reliability, TheRunGoesOnAfterAPointHungInSetUp) {
  auto good = fixed_point("atomic_add", 1);
  good.duration_s = 0.01;
  const std::vector<MeasurementPoint> points{stuck_point<StuckIn::kSetup>(), good};
  const MeasuredRun run = measure_points(points, machine(), abandoning_options(), false, false);
  release_stuck_workers();
  ASSERT_EQ(run.results.size(), 2u);
  EXPECT_NE(run.results[0].error.find("did not finish setting up"), std::string::npos);
  EXPECT_TRUE(run.results[1].ok()) << run.results[1].error;
}

TEST(Reliability, TheRunGoesOnAfterAnAbandonedPoint) {
  auto good = fixed_point("atomic_add", 1);
  good.duration_s = 0.01;
  const std::vector<MeasurementPoint> points{stuck_point(), good};
  const MeasuredRun run = measure_points(points, machine(), abandoning_options(), false, false);
  release_stuck_workers();
  ASSERT_EQ(run.results.size(), 2u);
  EXPECT_FALSE(run.results[0].ok());
  EXPECT_NE(run.results[0].error.find("did not stop"), std::string::npos);
  EXPECT_TRUE(run.results[1].ok()) << run.results[1].error;
  EXPECT_FALSE(run.stopped);
  EXPECT_FALSE(run.interrupted);
}

TEST(Reliability, StopOnFailureEndsTheRunAfterTheFailedPoint) {
  auto good = fixed_point("atomic_add", 1);
  good.duration_s = 0.01;
  const std::vector<MeasurementPoint> points{stuck_point(), good};
  const MeasuredRun run = measure_points(points, machine(), abandoning_options(), true, false);
  release_stuck_workers();
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_FALSE(run.results[0].ok());
  EXPECT_TRUE(run.stopped);
}

// A workload that counts its runs, so that cancellation can be requested at a known moment
// without any timing: the cancel flag turns true once `g_cancel_after_runs` runs started.
std::atomic<int> g_runs{0};
std::atomic<int> g_cancel_after_runs{1 << 30};

bool cancel_after_runs() noexcept {
  return g_runs.load() >= g_cancel_after_runs.load();
}

class CountingWorkload : public Workload {
 public:
  void reset(int) override {}
  void run(WorkerContext& ctx) noexcept override {
    g_runs.fetch_add(1);
    std::uint64_t done = 0;
    for (std::uint64_t batch = ctx.next_batch(done); batch != 0; batch = ctx.next_batch(done)) {
      done += batch;
    }
    ctx.counters().ops = done;
  }
  Verification verify(std::span<const ThreadCounters>) const override { return {}; }
};

const WorkloadInfo& counting_info() {
  static const WorkloadInfo info{
      .name = "counting_for_tests",
      .family = "test",
      .description = "counts its runs",
      .invariant = "none",
      .params = {},
      .create = [](const Params&) { return std::make_unique<CountingWorkload>(); }};
  return info;
}

MeasurementPoint counting_point(int repetitions, double duration_s = 0.01) {
  MeasurementPoint point;
  point.workload = &counting_info();
  point.threads = 1;
  point.placement = place(machine(), PlacementSpec{}, 1, true);
  point.duration_s = duration_s;
  point.warmup_s = 0;
  point.repetitions = repetitions;
  return point;
}

TEST(Reliability, CancellingBetweenRepetitionsKeepsTheFullOnesAndMarksThePoint) {
  g_runs = 0;
  g_cancel_after_runs = 3;  // 2 repetitions of the first point, 1 of the second
  PointOptions options;
  options.pin = false;
  options.op_limit = 1000;
  options.cancelled = &cancel_after_runs;
  const std::vector<MeasurementPoint> points{counting_point(2), counting_point(2),
                                             counting_point(2)};
  const MeasuredRun run = measure_points(points, machine(), options, false, false);
  EXPECT_TRUE(run.interrupted);
  ASSERT_EQ(run.results.size(), 2u);  // the third point never started
  EXPECT_FALSE(run.results[0].interrupted);
  EXPECT_EQ(run.results[0].repetitions.size(), 2u);
  EXPECT_TRUE(run.results[1].interrupted);
  EXPECT_TRUE(run.results[1].ok());
  ASSERT_EQ(run.results[1].repetitions.size(), 1u);
  EXPECT_EQ(run.results[1].repetitions[0].metrics.at("total_ops"), 1000);
  ASSERT_FALSE(run.results[1].warnings.empty());
  EXPECT_EQ(run.results[1].warnings.back().code, "interrupted");
  EXPECT_NE(run.results[1].warnings.back().text.find("interrupted: 1 of 2 repetitions measured"),
            std::string::npos)
      << run.results[1].warnings.back().text;
}

TEST(Reliability, APointCancelledBeforeItsFirstRepetitionIsLeftOut) {
  g_runs = 0;
  // The first point's calibration run and one repetition, then the second point starts.
  g_cancel_after_runs = 3;
  PointOptions options;
  options.pin = false;
  options.cancelled = &cancel_after_runs;
  const std::vector<MeasurementPoint> points{counting_point(1), counting_point(2, 30)};
  const MeasuredRun run = measure_points(points, machine(), options, false, false);
  EXPECT_TRUE(run.interrupted);
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_TRUE(run.results[0].ok());
}

TEST(Reliability, CancellationCutsALongRepetitionShortAndDropsIt) {
  g_runs = 0;
  g_cancel_after_runs = 1;  // as soon as the (only) worker started
  // 30 s: cut short after a poll interval, or this test takes minutes and fails.
  const MeasurementPoint point = counting_point(3, 30);
  PointOptions options;
  options.pin = false;
  options.cancelled = &cancel_after_runs;
  const PointResult r = run_point(point, machine(), options);
  EXPECT_TRUE(r.interrupted);
  EXPECT_TRUE(r.repetitions.empty());
  EXPECT_EQ(g_runs.load(), 1);
}

TEST(Reliability, ARepetitionReportsThatItWasCancelled) {
  g_runs = 0;
  g_cancel_after_runs = 1;
  std::shared_ptr<Workload> workload = counting_info().create(Params());
  RunConfig config;
  config.pus = {machine().usable_pus().front()};
  config.pin = false;
  config.duration_s = 30;
  config.cancelled = &cancel_after_runs;
  const RepetitionRun run = run_repetition(workload, machine(), config);
  EXPECT_TRUE(run.cancelled);
  EXPECT_TRUE(run.error.empty()) << run.error;
  ASSERT_EQ(run.threads.size(), 1u);
  EXPECT_GT(run.threads[0].counters.ops, 0u);
}

TEST(Reliability, ARefusedPinNamesThreadAndPuAndSuggestsNoPin) {
  PointOptions options;
  options.op_limit = 100;
  MeasurementPoint point = fixed_point("atomic_add", 1);
  point.placement.pus = {1 << 20};  // no such PU: the OS refuses, as a cpuset would
  const PointResult r = run_point(point, machine(), options);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("pinning thread 0 to PU 1048576"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("--no-pin"), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
}

TEST(Reliability, PinningRefusedByTheOsIsOneClearErrorBeforeMeasuring) {
  MeasurementPoint refused = fixed_point("atomic_add", 1);
  refused.placement.pus = {1 << 20};
  try {
    check_pinning({fixed_point("atomic_add", 1), refused}, machine());
    ADD_FAILURE() << "no error";
  } catch (const SetupError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("before measuring, pinning thread 0 to PU 1048576: ", 0), 0u)
        << message;
    EXPECT_NE(message.find("--no-pin"), std::string::npos) << message;
  }
}

TEST(Reliability, PinningThePointsUseIsCheckedWithoutMovingTheCaller) {
  cpu_set_t before;
  ASSERT_EQ(sched_getaffinity(0, sizeof before, &before), 0);
  EXPECT_NO_THROW(check_pinning({fixed_point("atomic_add", 2)}, machine()));
  cpu_set_t after;
  ASSERT_EQ(sched_getaffinity(0, sizeof after, &after), 0);
  EXPECT_TRUE(CPU_EQUAL(&before, &after));
}

TEST(Reliability, WithoutPinningThePointRunsAndSaysPlacementIsNotGuaranteed) {
  PointOptions options;
  options.op_limit = 100;
  options.pin = false;
  MeasurementPoint point = fixed_point("atomic_add", 1);
  point.placement.pus = {1 << 20};  // never used: nothing is pinned
  const PointResult r = run_point(point, machine(), options);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_FALSE(r.pinned);
  bool warned = false;
  for (const auto& w : r.warnings) warned = warned || w.code == "not_pinned";
  EXPECT_TRUE(warned);
}

}  // namespace
}  // namespace contend
