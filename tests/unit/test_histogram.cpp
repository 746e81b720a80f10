// LatencyHistogram: bucket mapping, merging, and quantiles on data whose answer is known.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "stats/histogram.hpp"

namespace contend {
namespace {

using H = LatencyHistogram;

TEST(HistogramBuckets, EveryBucketsLowestValueMapsBackToIt) {
  for (int b = 0; b < H::kBucketCount; ++b) {
    ASSERT_EQ(H::bucket_of(H::bucket_low(b)), b) << "bucket " << b;
    // The last value of the bucket too (the top bucket ends at 2^64 - 1).
    const std::uint64_t last = H::bucket_low(b) + (H::bucket_width(b) - 1);
    ASSERT_EQ(H::bucket_of(last), b) << "bucket " << b;
  }
}

TEST(HistogramBuckets, BucketsTileTheRangeWithoutGapsOrOverlap) {
  for (int b = 0; b + 1 < H::kBucketCount; ++b) {
    ASSERT_EQ(H::bucket_low(b) + H::bucket_width(b), H::bucket_low(b + 1)) << "bucket " << b;
  }
  EXPECT_EQ(H::bucket_low(0), 0u);
  EXPECT_EQ(H::bucket_of(std::numeric_limits<std::uint64_t>::max()), H::kBucketCount - 1);
}

TEST(HistogramBuckets, ExactBelowTheLinearLimitThenWithinThreePercent) {
  for (std::uint64_t v = 0; v < static_cast<std::uint64_t>(H::kLinearLimit); ++v) {
    EXPECT_EQ(H::bucket_low(H::bucket_of(v)), v);
    EXPECT_EQ(H::bucket_width(H::bucket_of(v)), 1u);
  }
  for (std::uint64_t v = H::kLinearLimit; v < (std::uint64_t{1} << 40); v = v * 3 / 2 + 7) {
    const int b = H::bucket_of(v);
    EXPECT_LE(H::bucket_low(b), v);
    EXPECT_LT(v - H::bucket_low(b), H::bucket_width(b));
    EXPECT_LE(static_cast<double>(H::bucket_width(b)) / static_cast<double>(v),
              1.0 / H::kSubBuckets);
  }
}

TEST(HistogramQuantiles, EmptyHistogramIsZero) {
  const H h;
  EXPECT_EQ(h.total(), 0u);
  EXPECT_EQ(h.quantile(0.5), 0.0);
  EXPECT_EQ(h.max(), 0u);
}

TEST(HistogramQuantiles, ExactOnSmallValues) {
  H h;
  for (std::uint64_t v = 0; v < 60; ++v) h.record(v);  // 0..59, each once
  EXPECT_EQ(h.total(), 60u);
  EXPECT_EQ(h.quantile(0.5), 29.0);   // rank 30
  EXPECT_EQ(h.quantile(0.75), 44.0);  // rank 45
  EXPECT_EQ(h.quantile(0.0), 0.0);    // rank 1
  EXPECT_EQ(h.quantile(1.0), 59.0);   // rank 60
  EXPECT_EQ(h.max(), 59u);
}

TEST(HistogramQuantiles, TailQuantilesOfASkewedDistribution) {
  H h;
  for (int i = 0; i < 990; ++i) h.record(10);
  for (int i = 0; i < 9; ++i) h.record(1000);
  h.record(50000);
  EXPECT_EQ(h.quantile(0.50), 10.0);
  EXPECT_EQ(h.quantile(0.99), 10.0);  // rank 990 is still the last 10
  EXPECT_NEAR(h.quantile(0.995), 1000.0, 1000.0 / H::kSubBuckets);
  EXPECT_NEAR(h.quantile(0.998), 1000.0, 1000.0 / H::kSubBuckets);
  // The top rank's bucket midpoint, never above the largest value recorded.
  EXPECT_NEAR(h.quantile(1.0), 50000.0, 50000.0 / H::kSubBuckets);
  EXPECT_LE(h.quantile(1.0), 50000.0);
  EXPECT_EQ(h.max(), 50000u);
}

TEST(HistogramQuantiles, CappedAtTheLargestValueRecorded) {
  H h;
  h.record(1000);  // bucket [992, 1008): its midpoint 999.5 ...
  h.record(993);
  EXPECT_EQ(h.quantile(1.0), 999.5);
  H low;
  low.record(993);  // ... is above 993, the only value here
  EXPECT_EQ(low.quantile(0.5), 993.0);
}

TEST(HistogramQuantiles, LargeValuesWithinBucketPrecision) {
  H h;
  std::vector<std::uint64_t> values;
  for (std::uint64_t v = 1000; v <= 100000; v += 1000) {
    h.record(v);
    values.push_back(v);
  }
  // rank ceil(0.5 * 100) = 50 -> 50000; ceil(0.9 * 100) = 90 -> 90000
  EXPECT_NEAR(h.quantile(0.5), 50000.0, 50000.0 / H::kSubBuckets);
  EXPECT_NEAR(h.quantile(0.9), 90000.0, 90000.0 / H::kSubBuckets);
  EXPECT_LE(h.quantile(1.0), 100000.0);
}

TEST(HistogramMerge, MergedEqualsRecordingEverythingInOne) {
  H a;
  H b;
  H all;
  for (std::uint64_t v = 1; v < 5000; v += 7) {
    (v % 2 == 0 ? a : b).record(v * 13);
    all.record(v * 13);
  }
  b.record(1u << 30);
  all.record(1u << 30);
  H merged;
  merged.merge(a);
  merged.merge(b);
  EXPECT_EQ(merged.total(), all.total());
  EXPECT_EQ(merged.total(), a.total() + b.total());
  EXPECT_EQ(merged.max(), all.max());
  for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    EXPECT_EQ(merged.quantile(q), all.quantile(q)) << "q=" << q;
  }
}

TEST(HistogramMerge, ClearForgetsEverything) {
  H h;
  h.record(5);
  h.record(500);
  H other;
  other.merge(h);
  h.clear();
  EXPECT_EQ(h.total(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(other.total(), 2u);  // merge copied, it did not alias
}

}  // namespace
}  // namespace contend
