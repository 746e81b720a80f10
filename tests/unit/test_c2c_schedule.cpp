// The c2c schedule: every pair exactly once, no PU twice in a round, reproducible from a seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "c2c/schedule.hpp"
#include "test_c2c_support.hpp"

namespace contend {
namespace {

std::vector<int> pu_range(int n, int stride = 1) {
  std::vector<int> pus(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) pus[static_cast<std::size_t>(i)] = i * stride;
  return pus;
}

// Counts each unordered pair; fails the test where a round uses a PU twice.
std::map<std::pair<int, int>, int> pair_counts(const std::vector<Round>& rounds) {
  std::map<std::pair<int, int>, int> counts;
  for (std::size_t r = 0; r < rounds.size(); ++r) {
    std::set<int> used;
    for (const PuPair& p : rounds[r]) {
      EXPECT_NE(p.a, p.b);
      EXPECT_TRUE(used.insert(p.a).second) << "PU " << p.a << " twice in round " << r;
      EXPECT_TRUE(used.insert(p.b).second) << "PU " << p.b << " twice in round " << r;
      ++counts[{std::min(p.a, p.b), std::max(p.a, p.b)}];
    }
  }
  return counts;
}

void expect_every_pair_once(const std::vector<int>& pus, const std::vector<Round>& rounds) {
  const auto counts = pair_counts(rounds);
  const std::size_t n = pus.size();
  EXPECT_EQ(counts.size(), n * (n - 1) / 2);
  EXPECT_EQ(pair_count(rounds), n * (n - 1) / 2);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const auto key = std::pair(std::min(pus[i], pus[j]), std::max(pus[i], pus[j]));
      const auto it = counts.find(key);
      ASSERT_NE(it, counts.end()) << "pair " << key.first << "-" << key.second << " missing";
      EXPECT_EQ(it->second, 1) << "pair " << key.first << "-" << key.second;
    }
  }
}

TEST(C2cSchedule, RoundRobinCoversEveryPairOnceWithDisjointRounds) {
  for (int n = 2; n <= 33; ++n) {
    SCOPED_TRACE(n);
    const auto pus = pu_range(n, 3);  // sparse OS indices, as with --cpus or a cpuset
    const auto rounds = round_robin_schedule(pus, 42);
    expect_every_pair_once(pus, rounds);
    // Circle method: n-1 rounds of n/2 pairs for even n, n rounds of (n-1)/2 for odd n.
    EXPECT_EQ(rounds.size(), static_cast<std::size_t>(n % 2 == 0 ? n - 1 : n));
    for (const Round& round : rounds) EXPECT_EQ(round.size(), static_cast<std::size_t>(n / 2));
  }
}

TEST(C2cSchedule, ScalesToLargeMachines) {
  const auto pus = pu_range(192);
  const auto rounds = round_robin_schedule(pus, 7);
  EXPECT_EQ(rounds.size(), 191u);
  expect_every_pair_once(pus, rounds);
}

TEST(C2cSchedule, SerialRunsOnePairPerRound) {
  const auto pus = pu_range(9);
  const auto rounds = serial_schedule(pus, 3);
  expect_every_pair_once(pus, rounds);
  EXPECT_EQ(rounds.size(), 36u);
  for (const Round& round : rounds) EXPECT_EQ(round.size(), 1u);
}

TEST(C2cSchedule, FewerThanTwoPusMeansNothingToMeasure) {
  EXPECT_TRUE(round_robin_schedule({}, 1).empty());
  EXPECT_TRUE(round_robin_schedule({5}, 1).empty());
  EXPECT_TRUE(serial_schedule({5}, 1).empty());
  const auto one = round_robin_schedule({4, 9}, 1);
  ASSERT_EQ(one.size(), 1u);
  ASSERT_EQ(one[0].size(), 1u);
  EXPECT_EQ(std::min(one[0][0].a, one[0][0].b), 4);
  EXPECT_EQ(std::max(one[0][0].a, one[0][0].b), 9);
}

TEST(C2cSchedule, CoreAwareRoundsKeepEachCoreInOnePair) {
  // 2-way SMT with siblings numbered apart (PU i and i+n/2 share core i), as Linux numbers them.
  for (const int cores : {1, 2, 3, 4, 7, 16}) {
    SCOPED_TRACE(cores);
    std::vector<int> pus;
    std::vector<int> core_of;
    for (int smt = 0; smt < 2; ++smt) {
      for (int c = 0; c < cores; ++c) {
        pus.push_back(smt * cores + c);
        core_of.push_back(c);
      }
    }
    const auto rounds = core_aware_schedule(pus, core_of, 5);
    expect_every_pair_once(pus, rounds);
    testing::expect_no_core_shared_in_a_round(pus, core_of, rounds);
  }
}

TEST(C2cSchedule, CoreAwareWithoutSmtIsAsConcurrentAsRoundRobin) {
  const auto pus = pu_range(12);
  const auto rounds = core_aware_schedule(pus, pus, 9);  // each PU its own core
  expect_every_pair_once(pus, rounds);
  EXPECT_EQ(rounds.size(), 11u);
}

TEST(C2cSchedule, CoreAwareHandlesUnevenCores) {
  // A 4-way SMT core beside single-PU cores (a cpuset can cut siblings away).
  const std::vector<int> pus{0, 1, 2, 3, 4, 5, 6};
  const std::vector<int> core_of{0, 0, 0, 0, 1, 2, 3};
  const auto rounds = core_aware_schedule(pus, core_of, 2);
  expect_every_pair_once(pus, rounds);
  testing::expect_no_core_shared_in_a_round(pus, core_of, rounds);
  EXPECT_EQ(core_aware_schedule(pus, core_of, 2), rounds);
}

TEST(C2cSchedule, SameSeedSameOrderOtherSeedOtherOrder) {
  const auto pus = pu_range(16);
  EXPECT_EQ(round_robin_schedule(pus, 11), round_robin_schedule(pus, 11));
  EXPECT_NE(round_robin_schedule(pus, 11), round_robin_schedule(pus, 12));
  EXPECT_EQ(serial_schedule(pus, 11), serial_schedule(pus, 11));
}

TEST(C2cSchedule, InitiatorIsNotAlwaysTheLowerPu) {
  const auto rounds = round_robin_schedule(pu_range(16), 5);
  int lower_first = 0;
  int higher_first = 0;
  for (const Round& round : rounds) {
    for (const PuPair& p : round) (p.a < p.b ? lower_first : higher_first)++;
  }
  EXPECT_GT(lower_first, 0);
  EXPECT_GT(higher_first, 0);
}

}  // namespace
}  // namespace contend
