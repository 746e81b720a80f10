// Log-linear histogram of tick counts: exact below 64, then 32 sub-buckets per power of two
// (about 3% relative error), so one fixed array covers nanoseconds to seconds. One per worker,
// recorded from the hot loop without allocation, merged by the coordinator afterwards.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace contend {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 5;
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  static constexpr int kLinearLimit = 2 * kSubBuckets;  // values below are their own bucket
  static constexpr int kBucketCount = kLinearLimit + (64 - kSubBucketBits - 1) * kSubBuckets;

  void record(std::uint64_t value) noexcept {
    ++counts_[bucket_of(value)];
    ++total_;
    if (value > max_) max_ = value;
  }

  void merge(const LatencyHistogram& other) noexcept;
  void clear() noexcept;

  std::uint64_t total() const noexcept { return total_; }
  std::uint64_t max() const noexcept { return max_; }
  // The value below which a fraction q (0..1) of the samples lie: the midpoint of the bucket
  // holding that rank, capped at the largest recorded value. 0 when empty.
  double quantile(double q) const noexcept;

  static int bucket_of(std::uint64_t value) noexcept {
    if (value < static_cast<std::uint64_t>(kLinearLimit)) return static_cast<int>(value);
    const int exponent = 63 - std::countl_zero(value);  // >= kSubBucketBits + 1
    const int shift = exponent - kSubBucketBits;
    const int sub = static_cast<int>((value >> shift) & (kSubBuckets - 1));
    return kLinearLimit + (exponent - kSubBucketBits - 1) * kSubBuckets + sub;
  }
  // Smallest value that falls into `bucket`, and the width of the bucket.
  static std::uint64_t bucket_low(int bucket) noexcept;
  static std::uint64_t bucket_width(int bucket) noexcept;

 private:
  std::array<std::uint64_t, kBucketCount> counts_{};
  std::uint64_t total_ = 0;
  std::uint64_t max_ = 0;
};

}  // namespace contend
