// The two serial checks as the session runs them, on this machine's first two PUs with tiny
// counts: what they record (status, counts, one entry per mode), never what they measured.
#include <gtest/gtest.h>

#include "session/c2c_checks.hpp"

namespace contend {
namespace {

const Topology& machine() {
  static const Topology topology = Topology::load_system();
  return topology;
}

C2cRun two_pu_run(const std::vector<int>& pus) {
  C2cRun run;
  run.pus = {pus[0], pus[1]};
  run.seed = 11;
  run.config.modes = {PingPongMode::kLoadStore, PingPongMode::kCas};
  run.config.samples = 5;
  run.config.round_trips = 16;
  return run;
}

TEST(C2cChecksRun, TheProbeRecordsEveryPairOnDifferentCores) {
  const auto pus = machine().usable_pus();
  if (pus.size() < 2) GTEST_SKIP() << "needs two usable PUs";
  C2cRun run = two_pu_run(pus);
  const std::vector<int> core_of{0, 1};  // as if hwloc listed two cores
  const std::vector<int> merged = run_sibling_probe(machine(), run, core_of);
  EXPECT_EQ(run.sibling_probe.status, "done");
  EXPECT_EQ(run.sibling_probe.pairs_planned, 1u);
  EXPECT_EQ(run.sibling_probe.pairs_probed, 1u);
  EXPECT_EQ(run.sibling_probe.threshold_ns, 0);  // one pair: too few to judge
  EXPECT_TRUE(run.sibling_probe.hidden_siblings.empty());
  EXPECT_EQ(merged, core_of);
}

TEST(C2cChecksRun, TheRecheckMeasuresTheSelectedPairAloneInEveryMode) {
  const auto pus = machine().usable_pus();
  if (pus.size() < 2) GTEST_SKIP() << "needs two usable PUs";
  C2cRun run = two_pu_run(pus);
  const auto measured = run_round(machine(), {{run.pus[0], run.pus[1]}}, run.config);
  ASSERT_EQ(measured.front().error, "");
  for (PingPongMode mode : run.config.modes) {
    run.modes.push_back(analyse_mode(machine(), measured, mode));
  }
  run_serial_recheck(machine(), run);
  EXPECT_EQ(run.serial_recheck.status, "done");
  EXPECT_EQ(run.serial_recheck.seed, recheck_seed(11));
  EXPECT_EQ(run.serial_recheck.pairs_planned, 1u);
  ASSERT_EQ(run.serial_recheck.entries.size(), 2u);  // one pair, two modes
  for (const RecheckEntry& e : run.serial_recheck.entries) {
    EXPECT_EQ(e.pair, (PuPair{std::min(pus[0], pus[1]), std::max(pus[0], pus[1])}));
    EXPECT_GT(e.serial_median_ns, 0);
    EXPECT_GE(e.noise_fraction, kMinNoiseFraction);
  }
  EXPECT_EQ(run.serial_recheck.entries[0].mode, PingPongMode::kLoadStore);
  EXPECT_EQ(run.serial_recheck.entries[1].mode, PingPongMode::kCas);
}

}  // namespace
}  // namespace contend
