// The false-sharing workload: every slot equals its thread's operations at every stride, for
// atomic increments and plain stores; strides are powers of two from 8 to 4096.
#include <gtest/gtest.h>

#include "test_workloads_support.hpp"
#include "platform/error.hpp"

namespace contend {
namespace {

using testing::expect_verified;
using testing::run_ops;

class FalseSharingInvariant
    : public ::testing::TestWithParam<std::tuple<std::int64_t, std::string, int>> {};

TEST_P(FalseSharingInvariant, EachSlotEqualsItsThreadsOperations) {
  const auto& [stride, op, threads] = GetParam();
  const PointResult r = run_ops("false_sharing", threads, {{"stride", stride}, {"op", op}}, 20000);
  expect_verified(r, 20000, threads);
  // How many threads' counters share a 64-byte line: the figure the stride chart explains.
  const double expected_sharing = std::min<double>(threads, std::max<double>(1, 64.0 / stride));
  EXPECT_EQ(r.repetitions.front().metrics.at("threads_per_cache_line"), expected_sharing);
}

INSTANTIATE_TEST_SUITE_P(Strides, FalseSharingInvariant,
                         ::testing::Combine(::testing::Values(8, 16, 64, 128, 4096),
                                            ::testing::Values("atomic_add", "increment", "store"),
                                            ::testing::Values(1, 2)));

TEST(FalseSharing, VerifyNoticesAMiscount) {
  testing::expect_verify_notices_extra_op("false_sharing", {{"stride", std::int64_t{8}}});
  for (const char* op : {"increment", "store"}) {
    testing::expect_verify_notices_extra_op(
        "false_sharing", {{"stride", std::int64_t{64}}, {"op", std::string(op)}});
  }
}

TEST(FalseSharing, StrideMustBeAPowerOfTwoInRange) {
  const auto& info = find_workload("false_sharing", "test");
  for (std::int64_t bad : {0, 4, 24, 96, 8192}) {
    try {
      resolve_params(info.params, {{"stride", bad}}, "--param");
      FAIL() << "stride " << bad << " accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--param: parameter 'stride': expected a power of two "
                                           "from 8 to 4096"),
                std::string::npos)
          << e.what();
    }
  }
  // Text values (from --param) go through the same check.
  EXPECT_THROW(resolve_params(info.params, {{"stride", std::string("48")}}, "--param"), InputError);
  EXPECT_EQ(
      resolve_params(info.params, {{"stride", std::string("256")}}, "--param").integer("stride"),
      256);
}

}  // namespace
}  // namespace contend
