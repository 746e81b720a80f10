// The decision guide's workloads: CAS under a widening window against its mutex baseline, and
// a group of variables (multiword) under a mutex, a seqlock, copy-on-write and independent
// atomics. Invariants hold, counts add up, and injected faults are caught by verify().
#include <gtest/gtest.h>

#include <cmath>

#include "test_workloads_guide_support.hpp"
#include "workloads/multiword.hpp"

namespace contend {
namespace {

using testing::expect_verified;
using testing::run_ops;

class CasWindowInvariant
    : public ::testing::TestWithParam<std::tuple<std::int64_t, std::string, int>> {};

TEST_P(CasWindowInvariant, EveryUpdateLandsOnceAndAttemptsAddUp) {
  const auto& [window, backoff, threads] = GetParam();
  const PointResult r =
      run_ops("cas_window", threads, {{"window_ns", window}, {"backoff", backoff}}, 4000);
  expect_verified(r, 4000, threads);
  for (const auto& rep : r.repetitions) {
    const Metrics& m = rep.metrics;
    EXPECT_NEAR(m.at("cas_attempts_per_op") - m.at("cas_failures_per_op"), 1.0, 1e-9);
    ASSERT_TRUE(m.count("failed_time_share"));
    EXPECT_GE(m.at("failed_time_share"), 0.0);
    EXPECT_LE(m.at("failed_time_share"), 1.0);
    if (threads == 1) {  // nobody to interfere: no failure, no streak, no time wasted
      EXPECT_EQ(m.at("cas_failures_per_op"), 0.0);
      EXPECT_EQ(m.at("longest_retry_streak_max"), 0.0);
      EXPECT_EQ(m.at("failed_time_share"), 0.0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Windows, CasWindowInvariant,
                         ::testing::Combine(::testing::Values(0, 300),
                                            ::testing::Values("none", "exp"),
                                            ::testing::Values(1, 2)));

TEST(CasWindow, MutexBaselineCountsEveryUpdate) {
  for (const std::int64_t window : {0, 300}) {
    expect_verified(run_ops("mutex_window", 2, {{"window_ns", window}}, 4000), 4000, 2);
  }
}

TEST(CasWindow, VerifyNoticesAnUpdateNobodyMade) {
  testing::expect_verify_notices_extra_op("cas_window", {{"window_ns", std::int64_t{50}}});
  testing::expect_verify_notices_extra_op("mutex_window", {{"window_ns", std::int64_t{50}}});
}

TEST(CasWindow, VerifyNoticesAttemptsThatDoNotAddUp) {
  testing::DirectRun d = testing::run_once("cas_window", 2, {}, 3000);
  ASSERT_TRUE(d.run.error.empty()) << d.run.error;
  EXPECT_TRUE(d.workload->verify(d.counters).passed);
  d.counters[0].cas_failures += 1;  // a failure without its attempt
  const Verification v = d.workload->verify(d.counters);
  EXPECT_FALSE(v.passed);
  EXPECT_NE(v.message.find("attempts"), std::string::npos) << v.message;
}

class MultiwordInvariant
    : public ::testing::TestWithParam<std::tuple<std::string, std::int64_t, int>> {};

TEST_P(MultiwordInvariant, ReadsWholeRecordsAndKeepsEveryTransfer) {
  const auto& [workload, write_every, threads] = GetParam();
  const PointResult r = run_ops(workload, threads, {{"write_every", write_every}}, 20000);
  expect_verified(r, 20000, threads);
  const Metrics& m = r.repetitions.front().metrics;
  const double duration = r.repetitions.front().duration_s;
  // Thread t writes first at operation 1 + t % write_every, then every write_every.
  double writes = 0;
  for (int t = 0; t < threads && write_every != 0; ++t) {
    writes += std::floor((20000.0 - 1 - t % write_every) / write_every) + 1;
  }
  EXPECT_NEAR(m.at("writes_per_sec") * duration, writes, 1e-6 * (writes + 1));
  EXPECT_NEAR(m.at("reads_per_sec") * duration, 20000.0 * threads - writes, 1e-6 * 20000 * threads);
}

INSTANTIATE_TEST_SUITE_P(Stores, MultiwordInvariant,
                         ::testing::Combine(::testing::Values("mw_mutex", "mw_seqlock", "mw_cow",
                                                              "mw_atomics"),
                                            ::testing::Values(0, 1, 3), ::testing::Values(1, 2)));

TEST(Multiword, IndependentAtomicsReportTornReadsAndNoneAlone) {
  const PointResult alone = run_ops("mw_atomics", 1, {{"write_every", std::int64_t{2}}}, 20000);
  expect_verified(alone, 20000, 1);
  EXPECT_EQ(alone.repetitions.front().metrics.at("torn_reads"), 0.0);
  const PointResult two = run_ops("mw_atomics", 2, {{"write_every", std::int64_t{2}}}, 20000);
  expect_verified(two, 20000, 2);  // unsafe: torn reads are reported, not failed
  for (const auto& rep : two.repetitions) {
    EXPECT_NE(rep.message.find("reads torn"), std::string::npos) << rep.message;
    EXPECT_GE(rep.metrics.at("torn_read_ratio"), 0.0);
  }
}

TEST(Multiword, TallyCountsTornAndOlderRecords) {
  MultiwordTally tally;
  Balances b;
  b.apply(Transfer::number(0));
  EXPECT_EQ(tally.check(b), 1u);
  Balances torn = b;
  torn.account[slot(1)] += 5;  // the credit without the debit
  tally.check(torn);
  tally.check(Balances{});  // zero transfers after one
  EXPECT_EQ(tally.torn, 1u);
  EXPECT_EQ(tally.regressions, 1u);
  Balances poisoned = b;
  Balances::poison(poisoned);
  tally.check(poisoned);
  EXPECT_EQ(tally.torn, 2u);
}

// The injected fault: a seqlock whose readers keep what they copied. With two threads on two
// PUs a reader soon copies a transfer half-done, and verify() must say so.
TEST(Multiword, SeqlockWithoutRetryIsCaught) {
  if (!testing::can_pin(2)) GTEST_SKIP() << "needs two PUs for a reader to meet a writer";
  bool caught = false;
  std::string message;
  for (int attempt = 0; attempt < 50 && !caught; ++attempt) {
    auto faulty = std::make_shared<Multiword<SeqlockBalances<false>>>(2);
    const RepetitionRun run = testing::run_workload(faulty, 2, 200000);
    ASSERT_TRUE(run.error.empty()) << run.error;
    const Verification v = faulty->verify(testing::counters_of(run));
    caught = !v.passed;
    message = v.message;
  }
  EXPECT_TRUE(caught) << "a seqlock without its retry was never caught";
  EXPECT_NE(message.find("torn"), std::string::npos) << message;
}

TEST(Multiword, VerifyNoticesMoreTransfersThanOperations) {
  for (const char* workload : {"mw_mutex", "mw_seqlock", "mw_cow", "mw_atomics"}) {
    testing::DirectRun d = testing::run_once(workload, 2, {{"write_every", std::int64_t{7}}}, 5000);
    ASSERT_TRUE(d.run.error.empty()) << d.run.error;
    EXPECT_TRUE(d.workload->verify(d.counters).passed) << workload;
    d.counters[1].ops = 0;
    const Verification tampered = d.workload->verify(d.counters);
    EXPECT_FALSE(tampered.passed) << workload;
    EXPECT_NE(tampered.message.find("in 0 operations"), std::string::npos) << tampered.message;
  }
}

}  // namespace
}  // namespace contend
