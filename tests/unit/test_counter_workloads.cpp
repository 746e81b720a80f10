// Every counter workload's invariant, at 1 and 2 threads, in fixed-operation-count mode.
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "platform/error.hpp"

namespace contend {
namespace {

using testing::fixed_point;
using testing::run_fixed;

struct Case {
  std::string workload;
  std::map<std::string, ParamValue> params;
};

class CounterInvariant : public ::testing::TestWithParam<std::tuple<Case, int>> {};

TEST_P(CounterInvariant, HoldsInEveryRepetition) {
  const auto& [c, threads] = GetParam();
  const PointResult r = run_fixed(fixed_point(c.workload, threads, c.params));
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.failed_repetitions, 0);
  for (const auto& rep : r.repetitions) {
    EXPECT_TRUE(rep.verified) << rep.message;
    EXPECT_EQ(rep.metrics.at("total_ops"), 20000.0 * threads);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Counters, CounterInvariant,
    ::testing::Combine(::testing::Values(Case{"mutex", {}}, Case{"spin", {}},
                                         Case{"atomic_add", {{"order", std::string("relaxed")}}},
                                         Case{"atomic_add", {{"order", std::string("seq_cst")}}},
                                         Case{"cas_add", {{"cas", std::string("weak")}}},
                                         Case{"cas_add", {{"cas", std::string("strong")}}},
                                         Case{"sharded", {}}, Case{"racy", {}}),
                       ::testing::Values(1, 2)));

TEST(RacyCounter, LosesNothingAloneAndReportsLosses) {
  const PointResult alone = run_fixed(fixed_point("racy", 1));
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(alone.repetitions.front().metrics.at("lost_updates"), 0);
  const PointResult two = run_fixed(fixed_point("racy", 2), 200000);
  ASSERT_TRUE(two.ok()) << two.repetitions.front().message;
  EXPECT_GE(two.repetitions.front().metrics.at("lost_updates"), 0);
  EXPECT_NE(two.repetitions.front().message.find("updates lost"), std::string::npos);
}

TEST(CasCounter, AttemptsAreSuccessesPlusFailures) {
  const PointResult r = run_fixed(fixed_point("cas_add", 2), 50000);
  ASSERT_TRUE(r.ok());
  for (const auto& t : r.repetitions.front().threads) {
    EXPECT_EQ(t.counters.cas_attempts, t.counters.ops + t.counters.cas_failures);
  }
}

TEST(CounterParams, UnknownParameterNamesWorkloadAndKnownOnes) {
  const auto& info = find_workload("atomic_add", "--workload");
  try {
    resolve_params(info.params, {{"ordr", std::string("relaxed")}}, "--param");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown parameter 'ordr'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("order"), std::string::npos);
  }
  EXPECT_THROW(resolve_params(info.params, {{"order", std::string("acquire")}}, "--param"),
               InputError);
}

TEST(Registry, UnknownWorkloadListsTheKnownOnes) {
  try {
    find_workload("atomic_ad", "--workload");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown workload 'atomic_ad'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("atomic_add"), std::string::npos);
  }
}

}  // namespace
}  // namespace contend
