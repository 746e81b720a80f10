// Every lock keeps its protected counter exact, with and without calibrated busy work, at 1 and
// 2 threads; busy work converts nanoseconds to iterations monotonically.
#include <gtest/gtest.h>

#include "test_workloads_support.hpp"
#include "workloads/busy_work.hpp"

namespace contend {
namespace {

using testing::expect_verified;
using testing::run_ops;

const std::vector<std::string> kLocks = {"std_mutex", "std_shared_mutex", "tas", "ttas", "ticket",
                                         "mcs",       "pthread_spin"};

class LockInvariant : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(LockInvariant, ProtectedCounterIsExact) {
  const auto& [lock, threads] = GetParam();
  expect_verified(run_ops(lock, threads, {}, 20000), 20000, threads);
}

TEST_P(LockInvariant, ExactWithBusyWorkInsideAndOutside) {
  const auto& [lock, threads] = GetParam();
  expect_verified(
      run_ops(lock, threads, {{"critical_ns", std::int64_t{50}}, {"parallel_ns", std::int64_t{50}}},
              3000),
      3000, threads);
}

INSTANTIATE_TEST_SUITE_P(Locks, LockInvariant,
                         ::testing::Combine(::testing::ValuesIn(kLocks), ::testing::Values(1, 2)));

TEST(Locks, VerifyNoticesAMiscount) {
  for (const auto& lock : kLocks) testing::expect_verify_notices_extra_op(lock, {});
}

TEST(BusyWork, NanosecondsBecomeIterationsMonotonically) {
  EXPECT_GT(busy_iterations_per_ns(), 0.0);
  EXPECT_EQ(BusyWork(0).iterations(), 0u);
  EXPECT_EQ(BusyWork(0).run(), 0u);
  EXPECT_GE(BusyWork(1).iterations(), 1u);  // a non-zero request is never dropped
  EXPECT_LE(BusyWork(100).iterations(), BusyWork(1000).iterations());
  EXPECT_LT(BusyWork(1000).iterations(), BusyWork(100000).iterations());
  // Same work, same value: the chain is deterministic, so the result is a real dependency.
  EXPECT_EQ(busy_spin(1000), busy_spin(1000));
  EXPECT_NE(busy_spin(1000), busy_spin(1001));
}

}  // namespace
}  // namespace contend
