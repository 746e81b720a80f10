#include "stats/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace contend {

void LatencyHistogram::merge(const LatencyHistogram& other) noexcept {
  for (int i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  total_ += other.total_;
  max_ = std::max(max_, other.max_);
}

void LatencyHistogram::clear() noexcept {
  counts_.fill(0);
  total_ = 0;
  max_ = 0;
}

std::uint64_t LatencyHistogram::bucket_low(int bucket) noexcept {
  if (bucket < kLinearLimit) return static_cast<std::uint64_t>(bucket);
  const int offset = bucket - kLinearLimit;
  const int exponent = offset / kSubBuckets + kSubBucketBits + 1;
  const int sub = offset % kSubBuckets;
  const int shift = exponent - kSubBucketBits;
  return (static_cast<std::uint64_t>(kSubBuckets + sub)) << shift;
}

std::uint64_t LatencyHistogram::bucket_width(int bucket) noexcept {
  if (bucket < kLinearLimit) return 1;
  const int exponent = (bucket - kLinearLimit) / kSubBuckets + kSubBucketBits + 1;
  return std::uint64_t{1} << (exponent - kSubBucketBits);
}

double LatencyHistogram::quantile(double q) const noexcept {
  if (total_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // Rank of the sample we want, 1-based: the smallest rank covering fraction q.
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total_))));
  std::uint64_t seen = 0;
  for (int bucket = 0; bucket < kBucketCount; ++bucket) {
    seen += counts_[bucket];
    if (seen >= rank) {
      const double mid = static_cast<double>(bucket_low(bucket)) +
                         (static_cast<double>(bucket_width(bucket)) - 1.0) / 2.0;
      return std::min(mid, static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

}  // namespace contend
