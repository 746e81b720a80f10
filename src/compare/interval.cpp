#include "compare/interval.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "stats/summary.hpp"

namespace contend {

namespace {

// 1.4826 * MAD estimates a normal distribution's standard deviation robustly.
constexpr double kMadToSigma = 1.4826;

std::vector<double> logs_of_positive(std::span<const double> values) {
  std::vector<double> logs;
  for (double v : values) {
    if (v > 0) logs.push_back(std::log(v));
  }
  return logs;
}

// Robust standard deviation of log(value): one preempted repetition does not inflate it.
double log_spread(std::span<const double> values) {
  std::vector<double> logs = logs_of_positive(values);
  if (logs.size() < 2) return 0;
  const double centre = median(logs);
  for (double& l : logs) l = std::abs(l - centre);
  return kMadToSigma * median(logs);
}

std::vector<double> run_medians(const RunValues& runs) {
  std::vector<double> medians;
  for (const auto& run : runs) medians.push_back(median(run));
  return medians;
}

// Sample standard deviation of log(run median) over the runs.
double measured_run_spread(const RunValues& runs) {
  const std::vector<double> logs = logs_of_positive(run_medians(runs));
  if (logs.size() < 2) return 0;
  double mean = 0;
  for (double l : logs) mean += l / static_cast<double>(logs.size());
  double squares = 0;
  for (double l : logs) squares += (l - mean) * (l - mean);
  return std::sqrt(squares / static_cast<double>(logs.size() - 1));
}

// Box-Muller from two uniforms of the seeded generator: the same draws on every platform.
double standard_normal(SplitMix64& rng) {
  const double u1 = (static_cast<double>(rng.next() >> 11) + 0.5) * 0x1p-53;  // in (0, 1)
  const double u2 = static_cast<double>(rng.next() >> 11) * 0x1p-53;
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

// One side, one resample: draw its runs, then each drawn run's repetitions; the median of the
// drawn runs' medians, times the run effect `tau` not covered by the drawn runs.
class SideResampler {
 public:
  SideResampler(const RunValues& runs, double tau) : runs_(runs), tau_(tau) {}

  double draw(SplitMix64& rng) {
    medians_.clear();
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      const auto run = runs_[runs_.size() == 1 ? 0 : rng.below(runs_.size())];
      scratch_.clear();
      for (std::size_t j = 0; j < run.size(); ++j) scratch_.push_back(run[rng.below(run.size())]);
      medians_.push_back(median(scratch_));
    }
    const double figure = median(medians_);
    return tau_ > 0 ? figure * std::exp(tau_ * standard_normal(rng)) : figure;
  }

 private:
  const RunValues& runs_;
  double tau_;
  std::vector<double> medians_;
  std::vector<double> scratch_;
};

// The part of the credited spread the resampled runs do not show: all of it for one run; the
// shortfall below the floor, per run of the side's figure, for several.
double missing_spread(const RunValues& runs, const RunSpread& spread) {
  if (runs.size() == 1) return spread.sigma;
  const double measured = measured_run_spread(runs);
  const double shortfall = spread.sigma * spread.sigma - measured * measured;
  return shortfall > 0 ? std::sqrt(shortfall / static_cast<double>(runs.size())) : 0;
}

double ratio_of(double candidate, double baseline) {
  if (baseline != 0) return candidate / baseline;
  return candidate == 0 ? 1.0 : std::numeric_limits<double>::infinity();
}

void check(const RunValues& runs) {
  const bool empty_run =
      std::any_of(runs.begin(), runs.end(), [](std::span<const double> r) { return r.empty(); });
  if (runs.empty() || empty_run) {
    throw std::invalid_argument("estimate_ratio: every side needs runs with values");
  }
}

}  // namespace

std::string_view to_string(SpreadSource source) {
  switch (source) {
    case SpreadSource::kRuns:
      return "runs";
    case SpreadSource::kRepetitions:
      return "repetitions";
    case SpreadSource::kAssumed:
      break;
  }
  return "assumed";
}

double side_figure(const RunValues& runs) {
  return median(run_medians(runs));
}

RunSpread run_spread(const RunValues& runs, double floor) {
  const int count = static_cast<int>(runs.size());
  if (runs.size() >= 2) {
    const double measured = measured_run_spread(runs);
    return measured >= floor ? RunSpread{SpreadSource::kRuns, measured, count}
                             : RunSpread{SpreadSource::kAssumed, floor, count};
  }
  const double repetitions = runs.empty() ? 0 : log_spread(runs[0]);
  return repetitions > floor ? RunSpread{SpreadSource::kRepetitions, repetitions, count}
                             : RunSpread{SpreadSource::kAssumed, floor, count};
}

RatioEstimate estimate_ratio(const RunValues& baseline, const RunValues& candidate,
                             const BootstrapOptions& options, double floor) {
  check(baseline);
  check(candidate);
  RatioEstimate e;
  e.baseline = side_figure(baseline);
  e.candidate = side_figure(candidate);
  if (!(e.baseline > 0)) throw std::invalid_argument("estimate_ratio: baseline figure must be > 0");
  if (!(options.confidence > 0 && options.confidence < 1) || options.resamples < 1) {
    throw std::invalid_argument("estimate_ratio: confidence in (0,1), resamples >= 1");
  }
  e.baseline_spread = run_spread(baseline, floor);
  e.candidate_spread = run_spread(candidate, floor);
  SideResampler a(baseline, missing_spread(baseline, e.baseline_spread));
  SideResampler b(candidate, missing_spread(candidate, e.candidate_spread));
  SplitMix64 rng(options.seed);
  std::vector<double> ratios;
  ratios.reserve(static_cast<std::size_t>(options.resamples));
  for (int r = 0; r < options.resamples; ++r) {
    const double base = a.draw(rng);
    ratios.push_back(ratio_of(b.draw(rng), base));
  }
  std::sort(ratios.begin(), ratios.end());
  const double tail = (1 - options.confidence) / 2;
  e.interval = {e.candidate / e.baseline, quantile_sorted(ratios, tail),
                quantile_sorted(ratios, 1 - tail)};
  return e;
}

}  // namespace contend
