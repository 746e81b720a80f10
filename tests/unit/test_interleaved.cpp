// Repetitions in rounds: the order the points' repetitions run in, what a cancel keeps, and
// what a failing point does to the others.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contract/batched_loop.hpp"
#include "platform/layout.hpp"
#include "runner/run_loop.hpp"
#include "test_support.hpp"

namespace contend {
namespace {

using testing::machine;

// Which point finished a repetition, in the order they did.
std::vector<std::string> g_finished;
std::size_t g_cancel_after = 0;  // 0: never

bool cancel_after_enough() noexcept {
  return g_cancel_after > 0 && g_finished.size() >= g_cancel_after;
}

class Logging final : public Workload {
 public:
  explicit Logging(std::string name, bool fails) : name_(std::move(name)), fails_(fails) {}
  void reset(int) override { word_.value = 0; }
  void run(WorkerContext& ctx) noexcept override {
    run_batched(ctx, [this] { word_.value.fetch_add(1, std::memory_order_relaxed); });
  }
  Verification verify(std::span<const ThreadCounters>) const override {
    g_finished.push_back(name_);
    if (fails_) return {false, "told to fail"};
    return {};
  }

 private:
  std::string name_;
  bool fails_;
  PaddedCounter word_;
};

WorkloadInfo logging_info(const std::string& name, bool fails = false) {
  WorkloadInfo info;
  info.name = name;
  info.create = [name, fails](const Params&) -> std::unique_ptr<Workload> {
    return std::make_unique<Logging>(name, fails);
  };
  return info;
}

MeasurementPoint point_of(const WorkloadInfo& info, int repetitions) {
  MeasurementPoint point = testing::fixed_point("atomic_add", 1);
  point.workload = &info;
  point.params = {};
  point.repetitions = repetitions;
  return point;
}

PointOptions fixed_count() {
  PointOptions options;
  options.op_limit = 500;
  return options;
}

class Interleaved : public ::testing::Test {
 protected:
  void SetUp() override {
    g_finished.clear();
    g_cancel_after = 0;
  }
  const WorkloadInfo a_ = logging_info("a");
  const WorkloadInfo b_ = logging_info("b");
  const WorkloadInfo c_ = logging_info("c");
};

TEST_F(Interleaved, OneRepetitionOfEveryPointPerRound) {
  const std::vector<MeasurementPoint> points = {point_of(a_, 3), point_of(b_, 2), point_of(c_, 3)};
  const MeasuredRun run = measure_interleaved(points, machine(), fixed_count(), false);
  EXPECT_TRUE(run.interleaved);
  EXPECT_FALSE(run.interrupted);
  EXPECT_EQ(g_finished, (std::vector<std::string>{"a", "b", "c", "a", "b", "c", "a", "c"}));
  ASSERT_EQ(run.results.size(), 3u);
  EXPECT_EQ(run.results[0].point.workload->name, "a");  // results stay in point order
  EXPECT_EQ(run.results[1].repetitions.size(), 2u);
  EXPECT_EQ(run.results[2].repetitions.size(), 3u);
  for (const auto& r : run.results) {
    EXPECT_TRUE(r.ok()) << r.error;
    for (std::size_t i = 0; i < r.repetitions.size(); ++i) EXPECT_EQ(r.repetitions[i].index, i);
  }
}

TEST_F(Interleaved, InOrderRunsEachPointBackToBack) {
  const std::vector<MeasurementPoint> points = {point_of(a_, 2), point_of(b_, 2)};
  const MeasuredRun run = measure_points(points, machine(), fixed_count(), false, false);
  EXPECT_FALSE(run.interleaved);
  EXPECT_EQ(g_finished, (std::vector<std::string>{"a", "a", "b", "b"}));
}

TEST_F(Interleaved, ACancelKeepsEveryPointsFullRepetitions) {
  g_cancel_after = 4;  // round 1 (a, b, c), then a
  PointOptions options = fixed_count();
  options.cancelled = &cancel_after_enough;
  const std::vector<MeasurementPoint> points = {point_of(a_, 3), point_of(b_, 3), point_of(c_, 3)};
  const MeasuredRun run = measure_interleaved(points, machine(), options, false);
  EXPECT_TRUE(run.interrupted);
  // Round 2 stopped after a: a has two repetitions, b and c one, all three marked cut short.
  ASSERT_EQ(run.results.size(), 3u);
  EXPECT_EQ(run.results[0].repetitions.size(), 2u);
  EXPECT_EQ(run.results[1].repetitions.size(), 1u);
  EXPECT_EQ(run.results[2].repetitions.size(), 1u);
  for (const auto& r : run.results) {
    EXPECT_TRUE(r.interrupted);
    EXPECT_TRUE(std::any_of(r.warnings.begin(), r.warnings.end(),
                            [](const Warning& w) { return w.code == "interrupted"; }));
  }
}

TEST_F(Interleaved, AFailedRepetitionIsRecordedAndTheOthersGoOn) {
  const WorkloadInfo failing = logging_info("f", true);
  const std::vector<MeasurementPoint> points = {point_of(a_, 2), point_of(failing, 2),
                                                point_of(b_, 2)};
  const MeasuredRun run = measure_interleaved(points, machine(), fixed_count(), false);
  ASSERT_EQ(run.results.size(), 3u);
  EXPECT_TRUE(run.results[0].ok());
  EXPECT_EQ(run.results[1].failed_repetitions, 2);
  EXPECT_FALSE(run.results[1].ok());
  EXPECT_TRUE(run.results[2].ok());
}

}  // namespace
}  // namespace contend
