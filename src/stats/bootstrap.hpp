// Confidence intervals for "how much did B change relative to A" from two small sets of
// repetitions, without assuming a distribution: a seeded percentile bootstrap of the ratio of
// medians. Deterministic for a given seed on every platform (own generator, no
// std::uniform_int_distribution, whose output differs between standard libraries).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "util/defaults.hpp"

namespace contend {

struct RatioInterval {
  double ratio = 0;  // median(candidate) / median(baseline)
  double low = 0;    // percentile bootstrap bounds of that ratio
  double high = 0;
};

struct BootstrapOptions {
  double confidence = defaults::kBootstrapConfidence;  // in (0, 1)
  int resamples = defaults::kBootstrapResamples;
  std::uint64_t seed = defaults::kBootstrapSeed;
};

// The ratio of medians and its interval: each resample draws both sets with replacement (at
// their own sizes) and takes the ratio of the resampled medians. Preconditions (callers check,
// violations throw std::invalid_argument): both sets non-empty, median(baseline) > 0.
// A resample whose baseline median is 0 counts as +infinity (0/0 as 1), so the interval widens
// rather than the resample being dropped.
RatioInterval bootstrap_median_ratio(std::span<const double> baseline,
                                     std::span<const double> candidate,
                                     const BootstrapOptions& options);

// Linear interpolation between order statistics (Hyndman-Fan type 7) of sorted values,
// q in [0, 1]. 0 for none.
double quantile_sorted(std::span<const double> sorted, double q);

// exp(mean(log x)); every value must be > 0 (std::invalid_argument otherwise); 0 for none.
double geometric_mean(std::span<const double> values);

// SplitMix64: small, fast, and the same sequence everywhere. Exposed for tests.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, bound), bound > 0 (Lemire's multiply-shift; bias below 2^-32 for our sizes).
  std::uint64_t below(std::uint64_t bound);

 private:
  std::uint64_t state_;
};

}  // namespace contend
