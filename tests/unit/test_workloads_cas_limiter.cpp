// The CAS limiter: no window admits more than its limit (checked from per-thread logs the
// limiter never sees), count windows admit exactly limit per window on one thread, and the
// figures the plots use are present where they mean something.
#include <gtest/gtest.h>

#include <cmath>

#include "test_workloads_support.hpp"
#include "workloads/window_log.hpp"

namespace contend {
namespace {

using testing::expect_verified;
using testing::ParamMap;
using testing::run_ops;

const std::vector<std::string> kLimiters = {"cas_limiter", "fetch_add_limiter", "mutex_limiter"};

ParamMap count_windows(std::int64_t limit, std::int64_t per_window) {
  return {{"roll", std::string("count")}, {"limit", limit}, {"window_requests", per_window}};
}

class LimiterInvariant
    : public ::testing::TestWithParam<std::tuple<std::string, std::string, int>> {};

TEST_P(LimiterInvariant, NoWindowOverItsLimit) {
  const auto& [workload, roll, threads] = GetParam();
  // Small windows and limits, so a run crosses many windows and fills most of them.
  ParamMap params = {{"roll", roll}, {"limit", std::int64_t{50}}};
  params[roll == "time" ? "window_us" : "window_requests"] = std::int64_t{roll == "time" ? 10 : 80};
  const PointResult r = run_ops(workload, threads, params, 30000);
  expect_verified(r, 30000, threads);
  const Metrics& m = r.repetitions.front().metrics;
  EXPECT_GT(m.at("admitted_per_sec"), 0);
  EXPECT_GE(m.at("windows"), 1);
  EXPECT_LE(m.at("admitted_fraction"), 1.0);
}

INSTANTIATE_TEST_SUITE_P(
    Limiters, LimiterInvariant,
    ::testing::Combine(::testing::Values("cas_limiter", "fetch_add_limiter", "mutex_limiter"),
                       ::testing::Values("time", "count"), ::testing::Values(1, 2)));

TEST(Limiter, StrongCasVerifiesToo) {
  expect_verified(run_ops("cas_limiter", 2, {{"cas", std::string("strong")}}, 20000), 20000, 2);
}

TEST(Limiter, OneThreadWithCountWindowsAdmitsExactlyTheLimitPerWindow) {
  // 20000 requests in windows of 20 with a limit of 5: exactly 1000 windows, 5000 admitted.
  for (const auto& workload : kLimiters) {
    const PointResult r = run_ops(workload, 1, count_windows(5, 20), 20000);
    expect_verified(r, 20000, 1);
    const Metrics& m = r.repetitions.front().metrics;
    EXPECT_EQ(m.at("windows"), 1000) << workload;
    EXPECT_DOUBLE_EQ(m.at("admitted_fraction"), 0.25) << workload;
  }
}

TEST(Limiter, CasFiguresWhereThereIsACasAndNotElsewhere) {
  ParamMap strong = count_windows(5, 20);
  strong["cas"] = std::string("strong");  // a weak CAS may fail spuriously on LL/SC machines
  const Metrics cas = run_ops("cas_limiter", 1, strong, 20000).repetitions.front().metrics;
  // One thread never loses a CAS: one attempt per admission, no failures, no streak.
  EXPECT_DOUBLE_EQ(cas.at("cas_attempts_per_admission"), 1.0);
  EXPECT_DOUBLE_EQ(cas.at("cas_failure_ratio"), 0.0);
  EXPECT_EQ(cas.at("longest_retry_streak_max"), 0);
  EXPECT_TRUE(cas.count("denied_per_sec"));

  EXPECT_DOUBLE_EQ(cas.at("rmw_per_admission"), 1.0);

  // fetch_add: one fetch_add per request, plus a CAS to undo each denial (3 of every 4 here)
  // and to open each window: its CASes are not retries, so no retry-loop figures.
  const Metrics fetch_add =
      run_ops("fetch_add_limiter", 1, count_windows(5, 20), 20000).repetitions.front().metrics;
  EXPECT_FALSE(fetch_add.count("cas_attempts_per_admission"));
  EXPECT_FALSE(fetch_add.count("longest_retry_streak_max"));
  // 20000 fetch_adds, 15000 undos, 999 window openings (window 0 starts open).
  EXPECT_DOUBLE_EQ(fetch_add.at("rmw_per_admission"), (20000.0 + 15000.0 + 999.0) / 5000.0);

  const Metrics mutex =
      run_ops("mutex_limiter", 1, count_windows(5, 20), 20000).repetitions.front().metrics;
  EXPECT_FALSE(mutex.count("cas_attempts_per_admission"));
  EXPECT_FALSE(mutex.count("rmw_per_admission"));
  EXPECT_FALSE(mutex.count("longest_retry_streak_max"));
  EXPECT_TRUE(mutex.count("admitted_per_sec"));
}

TEST(Limiter, ContendedCasCountsAttemptsAsSuccessesPlusFailures) {
  const PointResult r = run_ops("cas_limiter", 2, count_windows(1000, 1000), 50000);
  expect_verified(r, 50000, 2);
  const Metrics& m = r.repetitions.front().metrics;
  EXPECT_GE(m.at("cas_attempts_per_admission"), 1.0);
  EXPECT_GE(m.at("longest_retry_streak_max"), m.at("longest_retry_streak_min"));
  // Each admission is exactly one successful CAS; a denial is none.
  std::uint64_t successes = 0;
  for (const auto& t : r.repetitions.front().threads) {
    successes += t.counters.cas_attempts - t.counters.cas_failures;
  }
  EXPECT_EQ(static_cast<double>(successes),
            std::round(m.at("admitted_fraction") * m.at("total_ops")));
}

// Admissions are counted from the window logs and denials are the rest, so an extra request is
// no longer something verify() can see; a thread claiming fewer requests than its log holds
// admissions is.
TEST(Limiter, VerifyNoticesMoreAdmissionsThanRequests) {
  for (const auto& workload : kLimiters) {
    testing::DirectRun d = testing::run_once(workload, 2, count_windows(10, 30), 5000);
    ASSERT_TRUE(d.run.error.empty()) << d.run.error;
    const Verification honest = d.workload->verify(d.counters);
    EXPECT_TRUE(honest.passed) << workload << ": " << honest.message;
    // Window 0 opens admitting: one of the threads was admitted at least once.
    for (auto& c : d.counters) c.ops = 0;
    const Verification tampered = d.workload->verify(d.counters);
    EXPECT_FALSE(tampered.passed) << workload << " accepted more admissions than requests";
    EXPECT_NE(tampered.message.find("in 0 requests"), std::string::npos) << tampered.message;
  }
}

TEST(WindowLog, RunsOfEqualWindowsAndTheirSums) {
  WindowLog a;
  WindowLog b;
  a.append(7, 3);
  a.append(8, 1);
  a.append(7, 1);  // a window seen again starts a new run
  b.append(7, 1);
  EXPECT_EQ(a.runs().size(), 3u);
  EXPECT_EQ(a.admitted(), 5u);
  EXPECT_EQ(b.admitted(), 1u);
  const std::vector<const WindowLog*> logs = {&a, &b};
  const WindowSummary s = summarize_windows(logs);
  EXPECT_EQ(s.windows, 2u);
  EXPECT_EQ(s.admitted, 6u);
  EXPECT_EQ(s.fullest, 5u);
  EXPECT_EQ(s.fullest_window, 7u);
}

TEST(WindowLog, CheckFailsOnAWindowOverItsLimitSummedOverThreads) {
  WindowLog a;
  WindowLog b;
  a.append(3, 4);  // window 3 is at its limit of 4 in a alone: allowed
  a.append(4, 3);
  b.append(4, 2);  // window 4: 3 + 2 over both threads
  const std::vector<const WindowLog*> logs = {&a, &b};
  EXPECT_TRUE(check_window_limit(logs, 5).passed);
  const Verification over = check_window_limit(logs, 4);
  EXPECT_FALSE(over.passed);
  EXPECT_NE(over.message.find("window 4 admitted 5 requests, over its limit of 4"),
            std::string::npos)
      << over.message;
}

}  // namespace
}  // namespace contend
