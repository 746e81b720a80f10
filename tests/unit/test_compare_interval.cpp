// The interval compare puts around B/A: hierarchical over runs then repetitions, with the
// spread between runs credited as the method says. Constructed data, exact where the method
// is exact, orderings where it is random (seeded, so still deterministic).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "compare/comparison.hpp"
#include "compare/interval.hpp"

namespace contend {
namespace {

using Values = std::vector<double>;

RunValues runs(const std::vector<Values>& values) {
  RunValues out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

Values tight(double centre) {
  return {centre * 0.999, centre, centre * 1.001, centre * 1.0005, centre * 0.9995};
}

double width(const RatioInterval& i) {
  return std::log(i.high / i.low);
}

TEST(CompareInterval, SideFigureIsTheMedianOfTheRunsMedians) {
  const std::vector<Values> data = {{1, 2, 3}, {10, 20, 30, 40}, {5}};
  EXPECT_DOUBLE_EQ(side_figure(runs(data)), 5);  // medians 2, 25, 5
  const std::vector<Values> one = {{4, 1, 3}};
  EXPECT_DOUBLE_EQ(side_figure(runs(one)), 3);
}

TEST(CompareInterval, SpreadComesFromRunsRepetitionsOrTheFloor) {
  const std::vector<Values> steady = {tight(100)};
  RunSpread s = run_spread(runs(steady), 0.05);
  EXPECT_EQ(s.source, SpreadSource::kAssumed);
  EXPECT_DOUBLE_EQ(s.sigma, 0.05);
  EXPECT_EQ(s.runs, 1);

  // One run whose repetitions scatter by ~20% is credited that, not the floor.
  const std::vector<Values> scattered = {{80, 100, 120, 90, 110}};
  s = run_spread(runs(scattered), 0.05);
  EXPECT_EQ(s.source, SpreadSource::kRepetitions);
  EXPECT_GT(s.sigma, 0.1);

  // Two runs 20% apart: their own spread (sample SD of the log medians).
  const std::vector<Values> apart = {tight(100), tight(120)};
  s = run_spread(runs(apart), 0.05);
  EXPECT_EQ(s.source, SpreadSource::kRuns);
  EXPECT_NEAR(s.sigma, std::log(1.2) / std::sqrt(2.0), 1e-3);
  EXPECT_EQ(s.runs, 2);

  // Two runs that happen to agree are not trusted below the floor.
  const std::vector<Values> agree = {tight(100), tight(100.5)};
  s = run_spread(runs(agree), 0.05);
  EXPECT_EQ(s.source, SpreadSource::kAssumed);
  EXPECT_DOUBLE_EQ(s.sigma, 0.05);
}

// The false alarm of the issue: two runs of one build, each steady, their levels 8% apart.
// Repetitions alone call it a change; the spread credited between runs does not.
TEST(CompareInterval, ASecondRunOfTheSameBuildIsNotCalledDifferent) {
  const std::vector<Values> a = {tight(100)};
  const std::vector<Values> b = {tight(92)};
  const BootstrapOptions options;
  const RatioEstimate within_runs = estimate_ratio(runs(a), runs(b), options, 0);
  EXPECT_EQ(judge(within_runs.interval, 0.02, true), Verdict::kSlower);
  const RatioEstimate between_runs = estimate_ratio(runs(a), runs(b), options, 0.05);
  EXPECT_EQ(judge(between_runs.interval, 0.02, true), Verdict::kWithinNoise);
  EXPECT_DOUBLE_EQ(between_runs.interval.ratio, 0.92);
  EXPECT_LT(between_runs.interval.low, 0.92);
  EXPECT_GT(between_runs.interval.high, 1);
}

TEST(CompareInterval, RealDifferencesStayVerdicts) {
  const std::vector<Values> a = {tight(100)};
  const std::vector<Values> b = {tight(200)};
  const RatioEstimate e = estimate_ratio(runs(a), runs(b), {}, 0.05);
  EXPECT_EQ(judge(e.interval, 0.02, true), Verdict::kFaster);
  EXPECT_EQ(judge(e.interval, 0.02, false), Verdict::kSlower);
  // With 5% per side the 95% interval spans about +-2 * sqrt(2) * 5% in log space.
  EXPECT_NEAR(width(e.interval), 2 * 1.96 * std::sqrt(2.0) * 0.05, 0.05);
}

// Runs that disagree widen the interval: resampling the runs shows what one run hides.
TEST(CompareInterval, DisagreeingRunsWidenTheInterval) {
  const std::vector<Values> a_agree = {tight(100), tight(100), tight(100)};
  const std::vector<Values> a_apart = {tight(80), tight(100), tight(125)};
  const std::vector<Values> b = {tight(100), tight(100), tight(100)};
  const RatioEstimate agree = estimate_ratio(runs(a_agree), runs(b), {}, 0.05);
  const RatioEstimate apart = estimate_ratio(runs(a_apart), runs(b), {}, 0.05);
  EXPECT_EQ(apart.baseline_spread.source, SpreadSource::kRuns);
  EXPECT_GT(width(apart.interval), 1.5 * width(agree.interval));
  EXPECT_EQ(judge(apart.interval, 0.02, true), Verdict::kWithinNoise);
  EXPECT_DOUBLE_EQ(apart.interval.ratio, 1);
}

TEST(CompareInterval, SameSeedSameIntervalOtherSeedOtherDraws) {
  const std::vector<Values> a = {{100, 90, 110, 95}, {105, 98}};
  const std::vector<Values> b = {{120, 100, 115}};
  BootstrapOptions options;
  const RatioEstimate first = estimate_ratio(runs(a), runs(b), options, 0.05);
  const RatioEstimate again = estimate_ratio(runs(a), runs(b), options, 0.05);
  EXPECT_EQ(first.interval.low, again.interval.low);
  EXPECT_EQ(first.interval.high, again.interval.high);
  options.seed = 2;
  const RatioEstimate other = estimate_ratio(runs(a), runs(b), options, 0.05);
  EXPECT_NE(first.interval.low, other.interval.low);
  EXPECT_EQ(first.interval.ratio, other.interval.ratio);
}

TEST(CompareInterval, PreconditionsAreChecked) {
  const std::vector<Values> ok = {{1, 2}};
  const std::vector<Values> zero = {{0, 0}};
  const std::vector<Values> empty_run = {{}};
  EXPECT_THROW(estimate_ratio(runs(zero), runs(ok), {}, 0.05), std::invalid_argument);
  EXPECT_THROW(estimate_ratio(runs(empty_run), runs(ok), {}, 0.05), std::invalid_argument);
  EXPECT_THROW(estimate_ratio(RunValues{}, runs(ok), {}, 0.05), std::invalid_argument);
}

}  // namespace
}  // namespace contend
