// The percentile bootstrap of a ratio of medians, on data whose answer is known.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "stats/bootstrap.hpp"

namespace contend {
namespace {

BootstrapOptions options(double confidence = 0.95, std::uint64_t seed = 1) {
  BootstrapOptions o;
  o.confidence = confidence;
  o.resamples = 2000;
  o.seed = seed;
  return o;
}

TEST(SplitMix64, SameSeedSameSequenceAndBoundsHold) {
  SplitMix64 a(42);
  SplitMix64 b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next(), b.next());
  SplitMix64 c(7);
  std::vector<int> seen(5, 0);
  for (int i = 0; i < 5000; ++i) {
    const auto v = c.below(5);
    ASSERT_LT(v, 5u);
    ++seen[v];
  }
  for (int count : seen) EXPECT_GT(count, 800);  // every index drawn, none starved
}

TEST(SplitMix64, KnownFirstOutput) {
  // Reference value of SplitMix64 seeded with 0: pins the generator across platforms.
  SplitMix64 rng(0);
  EXPECT_EQ(rng.next(), 0xe220a8397b1dcdafULL);
}

TEST(QuantileSorted, InterpolatesBetweenOrderStatistics) {
  const std::vector<double> v = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0), 1);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 1), 4);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 1.0 / 3), 2);
  EXPECT_DOUBLE_EQ(quantile_sorted(std::vector<double>{}, 0.5), 0);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(quantile_sorted(std::vector<double>{1, inf}, 1), inf);
}

TEST(GeometricMean, KnownValuesAndRejectsNonPositive) {
  EXPECT_DOUBLE_EQ(geometric_mean(std::vector<double>{1, 4}), 2);
  EXPECT_NEAR(geometric_mean(std::vector<double>{0.5, 2, 1}), 1, 1e-12);
  EXPECT_DOUBLE_EQ(geometric_mean(std::vector<double>{}), 0);
  EXPECT_THROW(geometric_mean(std::vector<double>{1, 0}), std::invalid_argument);
}

TEST(BootstrapMedianRatio, IdenticalSetsGiveRatioOneInsideTheInterval) {
  const std::vector<double> a = {98, 103, 100, 97, 105, 101, 99};
  const RatioInterval r = bootstrap_median_ratio(a, a, options());
  EXPECT_DOUBLE_EQ(r.ratio, 1);
  EXPECT_LE(r.low, 1);
  EXPECT_GE(r.high, 1);
  EXPECT_LT(r.low, r.high);  // spread in the data gives a real interval
}

TEST(BootstrapMedianRatio, ConstantSetsGiveAPointInterval) {
  const std::vector<double> a = {10, 10, 10, 10, 10};
  const std::vector<double> b = {20, 20, 20, 20, 20};
  const RatioInterval r = bootstrap_median_ratio(a, b, options());
  EXPECT_DOUBLE_EQ(r.ratio, 2);
  EXPECT_DOUBLE_EQ(r.low, 2);
  EXPECT_DOUBLE_EQ(r.high, 2);
}

TEST(BootstrapMedianRatio, TightDoubledSetGivesIntervalAroundTwo) {
  const std::vector<double> a = {100, 101, 99, 100, 102};
  const std::vector<double> b = {200, 202, 198, 201, 199};
  const RatioInterval r = bootstrap_median_ratio(a, b, options());
  EXPECT_DOUBLE_EQ(r.ratio, 2);
  EXPECT_LE(r.low, r.ratio);
  EXPECT_GE(r.high, r.ratio);
  // Resampled medians are values of the sets, so the bounds lie within the extreme ratios.
  EXPECT_GE(r.low, 198.0 / 102);
  EXPECT_LE(r.high, 202.0 / 99);
}

TEST(BootstrapMedianRatio, DifferentSizesWork) {
  const std::vector<double> a = {10, 11, 9};
  const std::vector<double> b = {5, 5.5, 4.5, 5, 5.2, 4.9, 5.1};
  const RatioInterval r = bootstrap_median_ratio(a, b, options());
  EXPECT_DOUBLE_EQ(r.ratio, 0.5);
  EXPECT_LT(r.high, 1);
}

TEST(BootstrapMedianRatio, DeterministicForASeed) {
  const std::vector<double> a = {100, 90, 120, 95, 110};
  const std::vector<double> b = {105, 85, 130, 100, 99};
  const RatioInterval r1 = bootstrap_median_ratio(a, b, options(0.95, 9));
  const RatioInterval r2 = bootstrap_median_ratio(a, b, options(0.95, 9));
  EXPECT_EQ(r1.low, r2.low);
  EXPECT_EQ(r1.high, r2.high);
}

TEST(BootstrapMedianRatio, HigherConfidenceNeverNarrows) {
  const std::vector<double> a = {100, 90, 120, 95, 110, 104, 97};
  const std::vector<double> b = {105, 85, 130, 100, 99, 111, 92};
  const RatioInterval narrow = bootstrap_median_ratio(a, b, options(0.5));
  const RatioInterval wide = bootstrap_median_ratio(a, b, options(0.99));
  EXPECT_LE(wide.low, narrow.low);
  EXPECT_GE(wide.high, narrow.high);
  EXPECT_LT(narrow.high - narrow.low, wide.high - wide.low);
}

TEST(BootstrapMedianRatio, ZeroResampledBaselineWidensInsteadOfNaN) {
  const std::vector<double> a = {0, 0, 5, 5, 5};  // median 5, but resamples can give 0
  const std::vector<double> b = {5, 5, 5, 5, 5};
  const RatioInterval r = bootstrap_median_ratio(a, b, options(0.99));
  EXPECT_DOUBLE_EQ(r.ratio, 1);
  EXPECT_FALSE(std::isnan(r.low));
  EXPECT_FALSE(std::isnan(r.high));
  EXPECT_EQ(r.high, std::numeric_limits<double>::infinity());
}

TEST(BootstrapMedianRatio, RejectsWhatHasNoRatio) {
  const std::vector<double> empty;
  const std::vector<double> zero = {0, 0, 0};
  const std::vector<double> some = {1, 2, 3};
  EXPECT_THROW(bootstrap_median_ratio(empty, some, options()), std::invalid_argument);
  EXPECT_THROW(bootstrap_median_ratio(some, empty, options()), std::invalid_argument);
  EXPECT_THROW(bootstrap_median_ratio(zero, some, options()), std::invalid_argument);
  EXPECT_THROW(bootstrap_median_ratio(some, some, options(1.0)), std::invalid_argument);
}

}  // namespace
}  // namespace contend
