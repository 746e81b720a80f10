// Which candidate point stands for which baseline point: relationship, not CPU numbers;
// duplicates by strategy then file order; leftovers listed; --pair; --match-placement.
#include <gtest/gtest.h>

#include "compare/match.hpp"
#include "platform/error.hpp"
#include "test_compare_fixture.hpp"

namespace contend {
namespace {

using testing::fake_file;
using testing::FakePoint;

FakePoint point(int threads, const std::string& strategy, const std::string& level) {
  FakePoint p;
  p.threads = threads;
  p.strategy = strategy;
  p.level = level;
  return p;
}

TEST(CompareMatch, SameRelationshipMatchesWhateverTheStrategy) {
  // A 2-thread pair sharing an L3: placed by compact on one machine, by cores on another.
  const ResultsFile a = fake_file({point(2, "compact", "l3")}, "a.json");
  const ResultsFile b = fake_file({point(2, "cores", "l3")}, "b.json");
  const Matching m = match_points(a, b, {});
  ASSERT_EQ(m.matches.size(), 1u);
  EXPECT_EQ(m.matches[0].baseline, &a.points[0]);
  EXPECT_EQ(m.matches[0].candidate, &b.points[0]);
}

TEST(CompareMatch, DuplicateKeysPairByStrategyFirst) {
  // At 1 thread compact and scatter both share "pu"; the candidate lists them the other way.
  const ResultsFile a = fake_file({point(1, "compact", "pu"), point(1, "scatter", "pu")}, "a.json");
  const ResultsFile b = fake_file({point(1, "scatter", "pu"), point(1, "compact", "pu")}, "b.json");
  const Matching m = match_points(a, b, {});
  ASSERT_EQ(m.matches.size(), 2u);
  EXPECT_EQ(m.matches[0].candidate, &b.points[1]);
  EXPECT_EQ(m.matches[1].candidate, &b.points[0]);
}

TEST(CompareMatch, LeftoverDuplicatesAreListedNotDropped) {
  const ResultsFile a = fake_file(
      {point(1, "compact", "pu"), point(1, "compact", "pu"), point(1, "compact", "pu")}, "a.json");
  const ResultsFile b = fake_file({point(1, "scatter", "pu")}, "b.json");
  const Matching m = match_points(a, b, {});
  ASSERT_EQ(m.matches.size(), 3u);
  EXPECT_EQ(m.matches[0].candidate, &b.points[0]);  // file order once strategies differ
  EXPECT_EQ(m.matches[1].candidate, nullptr);
  EXPECT_EQ(m.matches[2].candidate, nullptr);
}

TEST(CompareMatch, ThreadsParamsAndWorkloadAreAllPartOfTheKey) {
  FakePoint seq = point(1, "compact", "pu");
  seq.params = {{"order", "seq_cst"}};
  FakePoint mutex = point(1, "compact", "pu");
  mutex.workload = "mutex";
  mutex.params = nlohmann::json::object();
  const ResultsFile a =
      fake_file({point(1, "compact", "pu"), point(2, "compact", "numa")}, "a.json");
  const ResultsFile b = fake_file({seq, mutex, point(4, "compact", "numa")}, "b.json");
  const Matching m = match_points(a, b, {});
  ASSERT_EQ(m.matches.size(), 5u);  // 2 baseline-only, then 3 candidate-only
  for (const auto& match : m.matches) EXPECT_TRUE(!match.baseline || !match.candidate);
  EXPECT_EQ(m.matches[2].candidate, &b.points[0]);
  EXPECT_EQ(m.matches[4].candidate, &b.points[2]);
}

TEST(CompareMatch, AMemoryHomeIsPartOfTheKeyAndFirstIsTheDefault) {
  FakePoint old_file = point(2, "compact", "l3");  // no shared_state: home "first"
  FakePoint first = old_file;
  first.home = "first";
  FakePoint node1 = old_file;
  node1.home = "node:1";
  const ResultsFile a = fake_file({old_file, node1}, "a.json");
  const ResultsFile b = fake_file({node1, first}, "b.json");
  const Matching m = match_points(a, b, {});
  ASSERT_EQ(m.matches.size(), 2u);
  EXPECT_EQ(m.matches[0].candidate, &b.points[1]);
  EXPECT_EQ(m.matches[1].candidate, &b.points[0]);
  EXPECT_EQ(b.points[0].label(), "atomic_add home=node:1 order=relaxed");
}

TEST(CompareMatch, DifferentLevelIsUnmatchedWithAHintUnlessMatchingByStrategy) {
  // The same run under taskset with one PU: two threads now share a PU.
  const ResultsFile a = fake_file({point(2, "compact", "numa")}, "a.json");
  const ResultsFile b = fake_file({point(2, "compact", "pu")}, "b.json");
  const Matching by_level = match_points(a, b, {});
  ASSERT_EQ(by_level.matches.size(), 2u);
  EXPECT_EQ(by_level.matches[0].candidate, nullptr);
  EXPECT_EQ(by_level.matches[0].near, &b.points[0]);
  EXPECT_EQ(by_level.matches[1].baseline, nullptr);
  EXPECT_EQ(by_level.matches[1].near, &a.points[0]);

  MatchOptions options;
  options.placement = MatchPlacement::kStrategy;
  const Matching by_strategy = match_points(a, b, options);
  ASSERT_EQ(by_strategy.matches.size(), 1u);
  EXPECT_EQ(by_strategy.matches[0].candidate, &b.points[0]);
}

TEST(CompareMatch, PairLetsOneWorkloadStandForAnother) {
  FakePoint mutex = point(2, "compact", "numa");
  mutex.workload = "mutex";
  mutex.params = nlohmann::json::object();
  FakePoint seq = point(2, "compact", "numa");
  seq.params = {{"order", "seq_cst"}};
  const ResultsFile a = fake_file({mutex}, "a.json");
  const ResultsFile b = fake_file({point(2, "compact", "numa"), seq}, "b.json");
  MatchOptions options;
  options.pairs = {WorkloadPair::parse("mutex=atomic_add", "--pair")};
  const Matching m = match_points(a, b, options);
  ASSERT_EQ(m.matches.size(), 2u);
  EXPECT_EQ(m.matches[0].candidate, &b.points[0]);  // no shared params: file order
  EXPECT_EQ(m.matches[1].baseline, nullptr);        // the seq_cst variant is left over
}

TEST(CompareMatch, PairWithinOneFileSetsAsideTheReplacedPoints) {
  FakePoint mutex = point(1, "compact", "pu");
  mutex.workload = "mutex";
  mutex.params = nlohmann::json::object();
  const ResultsFile a = fake_file({mutex, point(1, "compact", "pu")}, "run.json");
  MatchOptions options;
  options.pairs = {WorkloadPair::parse("mutex=atomic_add", "--pair")};
  const Matching m = match_points(a, a, options);
  ASSERT_EQ(m.matches.size(), 1u);
  EXPECT_EQ(m.matches[0].baseline, &a.points[0]);
  EXPECT_EQ(m.matches[0].candidate, &a.points[1]);
  EXPECT_EQ(m.set_aside_baseline, 1);
  EXPECT_EQ(m.set_aside_candidate, 1);
}

TEST(CompareMatch, PairSyntaxIsChecked) {
  EXPECT_EQ(WorkloadPair::parse("a=b", "--pair").candidate, "b");
  for (const char* bad : {"mutex", "=atomic_add", "mutex=", "a=b=c", "a b=c"}) {
    EXPECT_THROW(WorkloadPair::parse(bad, "--pair"), InputError) << bad;
  }
}

}  // namespace
}  // namespace contend
