// The serial re-check: how many pairs, which ones for a seed, when it applies, and when a
// concurrent figure disagrees with the pair measured alone. Nothing is timed.
#include <gtest/gtest.h>

#include <set>

#include "c2c/recheck.hpp"

namespace contend {
namespace {

std::vector<PuPair> all_pairs(int n) {
  std::vector<PuPair> pairs;
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) pairs.push_back({a, b});
  }
  return pairs;
}

TEST(C2cRecheck, CountIsAtLeastFourAndTwoPercentNeverMoreThanThePairs) {
  EXPECT_EQ(recheck_count(0), 0u);
  EXPECT_EQ(recheck_count(1), 1u);
  EXPECT_EQ(recheck_count(3), 3u);
  EXPECT_EQ(recheck_count(4), 4u);
  EXPECT_EQ(recheck_count(28), 4u);       // 8 PUs
  EXPECT_EQ(recheck_count(496), 10u);     // 32 PUs: ceil(9.92)
  EXPECT_EQ(recheck_count(32640), 653u);  // 256 PUs
}

TEST(C2cRecheck, SelectionIsDeterministicDistinctAndInRange) {
  const auto pairs = all_pairs(32);
  const auto chosen = recheck_selection(pairs, 77);
  EXPECT_EQ(chosen, recheck_selection(pairs, 77));
  EXPECT_NE(chosen, recheck_selection(pairs, 78));
  ASSERT_EQ(chosen.size(), recheck_count(pairs.size()));
  std::set<std::pair<int, int>> seen;
  for (const PuPair& p : chosen) {
    EXPECT_TRUE(std::find(pairs.begin(), pairs.end(), p) != pairs.end());
    EXPECT_TRUE(seen.insert({p.a, p.b}).second);
  }
  EXPECT_EQ(recheck_selection(all_pairs(2), 5), all_pairs(2));
  EXPECT_TRUE(recheck_selection({}, 5).empty());
  EXPECT_EQ(recheck_seed(9), recheck_seed(9));
  EXPECT_NE(recheck_seed(9), recheck_seed(10));
}

TEST(C2cRecheck, OnlySchedulesThatCoRunPairsNeedIt) {
  EXPECT_FALSE(co_runs_pairs({}));
  EXPECT_FALSE(co_runs_pairs({{{0, 1}}, {{0, 2}}, {{1, 2}}}));
  EXPECT_TRUE(co_runs_pairs({{{0, 1}}, {{0, 2}, {1, 3}}}));
  EXPECT_TRUE(co_runs_pairs(round_robin_schedule({0, 1, 2, 3}, 1)));
  EXPECT_FALSE(co_runs_pairs(serial_schedule({0, 1, 2, 3}, 1)));
}

TEST(C2cRecheck, NoiseIsThreeSpreadsAtLeastTenPercent) {
  EXPECT_DOUBLE_EQ(noise_fraction(0, 0), 0.10);
  EXPECT_DOUBLE_EQ(noise_fraction(1, 2), 0.10);  // 3 x 3% = 9% < 10%
  EXPECT_DOUBLE_EQ(noise_fraction(5, 5), 0.30);
}

TEST(C2cRecheck, DisagreementBeyondNoiseOnly) {
  EXPECT_TRUE(within_noise(54.5, 1, 50, 1));  // +9%, noise 10%
  EXPECT_FALSE(within_noise(56, 1, 50, 1));   // +12%
  EXPECT_FALSE(within_noise(44, 1, 50, 1));   // -12%: faster together is a disagreement too
  EXPECT_TRUE(within_noise(64, 5, 50, 5));    // +28%, noise 30%
  EXPECT_FALSE(within_noise(66, 5, 50, 5));   // +32%
  EXPECT_FALSE(within_noise(50, 1, 0, 1));    // no serial figure: never agrees
}

}  // namespace
}  // namespace contend
