// How much B changed relative to A, with an interval that covers what varies between runs,
// not only between the repetitions of one run.
//
// Each side is one or more independent runs (results files), each holding a metric's values
// (repetitions). A side's figure is the median over its runs of each run's median. The
// interval is a seeded percentile bootstrap of the ratio B/A that resamples hierarchically:
// runs with replacement, then the repetitions of each drawn run. A run's level moves between
// runs more than its repetitions do (a reboot, another VM neighbour, frequency drift), and
// one run cannot show that; so each side's run-to-run spread is taken as at least
// `run_spread`, and a single run is given its repetitions' spread where that is larger. What
// the resampled runs do not already cover is added to every resample as a random run effect
// exp(tau * Z), Z standard normal: tau = sigma for a single run, and
// sqrt(max(0, sigma^2 - measured^2) / runs) for several.
//
// Draw order, for a replica in another language (SplitMix64 from the row's seed, as
// stats/bootstrap.hpp): per resample the baseline, then the candidate; per side, for each of
// its m runs a run index below(m) (no draw when m is 1) followed by that run's n repetition
// indices below(n); then, when tau > 0, u1 = ((next() >> 11) + 0.5) / 2^53 and
// u2 = (next() >> 11) / 2^53, Z = sqrt(-2 ln u1) cos(2 pi u2). The percentiles are
// quantile_sorted of the sorted ratios.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "stats/bootstrap.hpp"

namespace contend {

// A side: its runs' values, each non-empty.
using RunValues = std::vector<std::span<const double>>;

// Where a side's run-to-run spread came from.
enum class SpreadSource {
  kRuns,         // the spread of its runs' medians (two or more runs)
  kRepetitions,  // one run: its repetitions' spread, larger than the assumed floor
  kAssumed,      // the floor (--run-spread): the data showed less
};
std::string_view to_string(SpreadSource source);  // "runs", "repetitions", "assumed"

struct RunSpread {
  SpreadSource source = SpreadSource::kAssumed;
  double sigma = 0;  // standard deviation of log(run median) between runs
  int runs = 0;
};

struct RatioEstimate {
  double baseline = 0;  // the sides' figures
  double candidate = 0;
  RatioInterval interval;  // candidate / baseline
  RunSpread baseline_spread;
  RunSpread candidate_spread;
};

// Median over runs of each run's median.
double side_figure(const RunValues& runs);

// The spread a side is credited with (see the top of this file).
RunSpread run_spread(const RunValues& runs, double floor);

// Preconditions (callers check; violations throw std::invalid_argument): both sides have at
// least one run, every run a value, and the baseline's figure is > 0.
RatioEstimate estimate_ratio(const RunValues& baseline, const RunValues& candidate,
                             const BootstrapOptions& options, double floor);

}  // namespace contend
