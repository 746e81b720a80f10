// The ping-pong kernel on this machine, with tiny fixed counts: it finishes in both modes,
// records what was asked, and a pair that cannot be pinned fails alone without hanging.
// Figures are never asserted: they depend on the machine.
#include <gtest/gtest.h>

#include "c2c/pingpong.hpp"

namespace contend {
namespace {

const Topology& machine() {
  static const Topology topology = Topology::load_system();
  return topology;
}

TEST(C2cPingPong, BothModesFinishWithTheRequestedSamples) {
  const auto pus = machine().usable_pus();
  if (pus.size() < 2) GTEST_SKIP() << "needs two usable PUs";
  PingPongConfig config;
  config.modes = {PingPongMode::kLoadStore, PingPongMode::kCas};
  config.samples = 5;
  config.round_trips = 50;
  const auto results = run_round(machine(), {{pus[1], pus[0]}}, config);
  ASSERT_EQ(results.size(), 1u);
  const PingPongResult& r = results[0];
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.pair, (PuPair{pus[1], pus[0]}));
  ASSERT_EQ(r.modes.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(r.modes[i].mode, config.modes[i]);
    EXPECT_EQ(r.modes[i].round_trips, 50);
    ASSERT_EQ(r.modes[i].one_way_ns.size(), 5u);
    for (double ns : r.modes[i].one_way_ns) EXPECT_GT(ns, 0);
  }
}

TEST(C2cPingPong, AutoRoundTripsDoublesFromTheFirstGuess) {
  const auto pus = machine().usable_pus();
  if (pus.size() < 2) GTEST_SKIP() << "needs two usable PUs";
  PingPongConfig config;
  config.samples = 2;
  config.min_sample_s = 1e-6;
  const auto results = run_round(machine(), {{pus[0], pus[1]}}, config);
  ASSERT_EQ(results.size(), 1u);
  ASSERT_EQ(results[0].modes.size(), 1u);
  const std::int64_t n = results[0].modes[0].round_trips;
  EXPECT_GE(n, 16);
  EXPECT_EQ(n & (n - 1), 0) << n << " is not 16 doubled";
}

TEST(C2cPingPong, UnpinnablePairFailsAloneWithoutHanging) {
  const auto pus = machine().usable_pus();
  if (pus.size() < 2) GTEST_SKIP() << "needs two usable PUs";
  constexpr int kMissing = 100000;
  PingPongConfig config;
  config.samples = 2;
  config.round_trips = 10;
  // The missing PU answering, then starting; a good pair alongside must still be measured.
  for (const PuPair bad : {PuPair{pus[0], kMissing}, PuPair{kMissing, pus[0]}}) {
    const auto results = run_round(machine(), {bad}, config);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_NE(results[0].error.find("PU 100000"), std::string::npos) << results[0].error;
    EXPECT_TRUE(results[0].modes.empty());
  }
  const auto mixed = run_round(machine(), {{kMissing, kMissing + 1}, {pus[0], pus[1]}}, config);
  ASSERT_EQ(mixed.size(), 2u);
  EXPECT_FALSE(mixed[0].error.empty());
  EXPECT_EQ(mixed[1].error, "");
  EXPECT_EQ(mixed[1].modes.size(), 1u);
}

TEST(C2cPingPong, AnUnansweredPairFailsAtTheStopTimeoutInsteadOfHanging) {
  const auto pus = machine().usable_pus();
  if (pus.size() < 2) GTEST_SKIP() << "needs two usable PUs";
  PingPongConfig config;
  config.samples = 2;
  config.round_trips = 10;
  config.stop_timeout_s = 0.2;
  config.mute_responder = true;
  const auto results = run_round(machine(), {{pus[0], pus[1]}}, config);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_NE(results[0].error.find("did not answer"), std::string::npos) << results[0].error;
  EXPECT_TRUE(results[0].modes.empty());
}

TEST(C2cPingPong, ACancelledRoundEndsWithItsUnfinishedPairsCancelled) {
  const auto pus = machine().usable_pus();
  if (pus.size() < 2) GTEST_SKIP() << "needs two usable PUs";
  PingPongConfig config;
  config.samples = 2;
  config.round_trips = 10;
  config.mute_responder = true;  // would wait for the stop timeout, were it not cancelled
  config.stop_timeout_s = 600;
  config.cancelled = []() noexcept { return true; };
  const auto results = run_round(machine(), {{pus[0], pus[1]}}, config);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].error, kCancelled);  // not "did not answer": the stop was the user's
  EXPECT_TRUE(results[0].modes.empty());
}

// A long round is not a stuck one: the timeout grows with what the round was asked to do.
TEST(C2cPingPong, TheStopTimeoutOutlastsTheRoundsOwnWork) {
  PingPongConfig config;
  config.stop_timeout_s = 5;
  config.samples = 2000;
  config.round_trips = 100000;  // 2000 x 100000 round trips: ~40 s at 100 ns a hand-off
  const Round round{{0, 1}};
  const double estimate = estimated_seconds({round}, config);
  EXPECT_GT(estimate, 30.0);
  EXPECT_DOUBLE_EQ(round_stop_timeout_s(round, config), 5 + kRoundTimeoutFactor * estimate);
  config.samples = 2;
  config.round_trips = 10;  // a tiny round: the configured timeout, give or take the start
  EXPECT_LT(round_stop_timeout_s(round, config), 5.1);
}

}  // namespace
}  // namespace contend
