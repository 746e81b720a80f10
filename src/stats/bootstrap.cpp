#include "stats/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "stats/summary.hpp"

namespace contend {

namespace {

// Median of `count` draws with replacement from `values`, using `scratch` as workspace.
double resampled_median(std::span<const double> values, SplitMix64& rng,
                        std::vector<double>& scratch) {
  scratch.clear();
  for (std::size_t i = 0; i < values.size(); ++i)
    scratch.push_back(values[rng.below(values.size())]);
  return median(scratch);
}

double ratio_of(double candidate, double baseline) {
  if (baseline != 0) return candidate / baseline;
  return candidate == 0 ? 1.0 : std::numeric_limits<double>::infinity();
}

}  // namespace

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t bound) {
  // High 32 bits of a 32x32 product: uniform enough for sets of a few thousand values.
  return ((next() >> 32) * bound) >> 32;
}

double quantile_sorted(std::span<const double> sorted, double q) {
  if (sorted.empty()) return 0;
  const double position = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  // Equal neighbours return as they are: keeps inf - inf (NaN) out of the interpolation.
  if (fraction == 0 || sorted[below] == sorted[above]) return sorted[below];
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

double geometric_mean(std::span<const double> values) {
  if (values.empty()) return 0;
  double log_sum = 0;
  for (double v : values) {
    if (!(v > 0)) throw std::invalid_argument("geometric_mean: values must be > 0");
    log_sum += std::log(v);
  }
  return std::exp(log_sum / static_cast<double>(values.size()));
}

RatioInterval bootstrap_median_ratio(std::span<const double> baseline,
                                     std::span<const double> candidate,
                                     const BootstrapOptions& options) {
  if (baseline.empty() || candidate.empty()) {
    throw std::invalid_argument("bootstrap_median_ratio: both sets need values");
  }
  const double base_median = median(baseline);
  if (!(base_median > 0)) {
    throw std::invalid_argument("bootstrap_median_ratio: baseline median must be > 0");
  }
  if (!(options.confidence > 0 && options.confidence < 1) || options.resamples < 1) {
    throw std::invalid_argument("bootstrap_median_ratio: confidence in (0,1), resamples >= 1");
  }
  SplitMix64 rng(options.seed);
  std::vector<double> ratios;
  ratios.reserve(static_cast<std::size_t>(options.resamples));
  std::vector<double> scratch;
  for (int r = 0; r < options.resamples; ++r) {
    const double b = resampled_median(baseline, rng, scratch);
    const double c = resampled_median(candidate, rng, scratch);
    ratios.push_back(ratio_of(c, b));
  }
  std::sort(ratios.begin(), ratios.end());
  const double tail = (1 - options.confidence) / 2;
  return {median(candidate) / base_median, quantile_sorted(ratios, tail),
          quantile_sorted(ratios, 1 - tail)};
}

}  // namespace contend
