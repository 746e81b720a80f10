// Where the coordinator waits while workers run: off the measured PUs when one is free, with
// its affinity restored afterwards; on a synthetic topology or unpinned, nowhere in particular.
#include <gtest/gtest.h>
#include <sched.h>

#include <algorithm>

#include "platform/pinning.hpp"
#include "runner/point_runner.hpp"
#include "runner/worker_group.hpp"
#include "test_support.hpp"

namespace contend {
namespace {

using testing::machine;

std::vector<int> allowed_pus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> pus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return pus;
  for (int pu = 0; pu < CPU_SETSIZE; ++pu) {
    if (CPU_ISSET(pu, &set)) pus.push_back(pu);
  }
  return pus;
}

TEST(Coordinator, WaitsOnTheUsablePusTheWorkersLeaveFree) {
  const auto usable = machine().usable_pus();
  if (usable.size() < 2) GTEST_SKIP() << "needs two usable PUs";
  const CoordinatorPlan plan = plan_coordinator(machine(), {usable.front()}, true);
  EXPECT_EQ(plan.pus, std::vector<int>(usable.begin() + 1, usable.end()));
  EXPECT_DOUBLE_EQ(plan.poll_s, kCancelPoll_s);
}

TEST(Coordinator, SharesAndWakesLessWhenNoPuIsFree) {
  const CoordinatorPlan all = plan_coordinator(machine(), machine().usable_pus(), true);
  EXPECT_TRUE(all.pus.empty());
  EXPECT_DOUBLE_EQ(all.poll_s, kSharedCancelPoll_s);
  // Unpinned, the workers may be anywhere: no PU is known to be free of them.
  EXPECT_TRUE(plan_coordinator(machine(), {machine().usable_pus().front()}, false).pus.empty());
}

TEST(Coordinator, NeverMovesOnATopologyThatIsNotThisMachine) {
  const Topology big = Topology::load_synthetic("pack:8 numa:1 core:16 pu:2");
  EXPECT_TRUE(plan_coordinator(big, {0, 1}, true).pus.empty());
}

TEST(Coordinator, ScopedAffinityMovesTheThreadAndPutsItBack) {
  const auto before = allowed_pus();
  if (before.size() < 2) GTEST_SKIP() << "needs two allowed PUs";
  {
    const ScopedAffinity moved({before.back()});
    ASSERT_TRUE(moved.moved());
    EXPECT_EQ(allowed_pus(), std::vector<int>{before.back()});
    EXPECT_EQ(current_pu(), before.back());
  }
  EXPECT_EQ(allowed_pus(), before);
  const ScopedAffinity nothing({});
  EXPECT_FALSE(nothing.moved());
  EXPECT_EQ(allowed_pus(), before);
}

TEST(Coordinator, APointRecordsWhereItWaited) {
  const auto usable = machine().usable_pus();
  if (usable.size() < 2) GTEST_SKIP() << "needs two usable PUs";
  PointOptions options;
  options.op_limit = 1000;
  const PointResult r = run_point(testing::fixed_point("atomic_add", 1), machine(), options);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_FALSE(r.coordinator.pus.empty());
  EXPECT_EQ(
      std::count(r.coordinator.pus.begin(), r.coordinator.pus.end(), r.point.placement.pus.front()),
      0);
}

}  // namespace
}  // namespace contend
