// Fidelity as a user sees it: the timers in `contend list` (which measures nothing), the
// harness overhead in every results file's context, and --until-stable saying in the results which way it stopped.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace contend {
namespace {

using testing::run_contend;
using testing::slurp;
using testing::temp_dir;

TEST(CliFidelity, ListShowsTheTimerAndTheCountersWithoutBenchmarking) {
  const auto r = run_contend({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("timer"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ns/op (empty loop"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hardware counters"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("empty"), std::string::npos) << r.out;
}

TEST(CliFidelity, ResultsCarryTheHarnessAndTheStoppingReason) {
  const auto dir = temp_dir("fidelity");
  // Threshold 100%: MdAPE never exceeds it, so the point settles after 3 repetitions.
  const auto r =
      run_contend({"run", "--workload", "empty", "--threads", "1", "--duration", "5ms", "--warmup",
                   "0", "--repetitions", "1", "--until-stable", "--max-repetitions", "6",
                   "--noise-threshold", "100", "--out", (dir / "r.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(slurp(dir / "r.json"));
  const auto& harness = doc["context"]["harness"];
  ASSERT_TRUE(harness.contains("empty_ns_per_op")) << harness.dump();
  EXPECT_GT(harness["empty_ns_per_op"].get<double>(), 0);
  EXPECT_TRUE(harness.contains("sampling_overhead_ns_per_op"));
  EXPECT_TRUE(doc["context"]["hardware_counters"].contains("available"));
  const auto& point = doc["points"][0];
  EXPECT_EQ(point["family"], "empty");
  EXPECT_EQ(point["stability"], "settled");
  EXPECT_EQ(point["repetitions"].size(), 3u);
  EXPECT_EQ(point["verification"]["passed"], true);
}

}  // namespace
}  // namespace contend
