// Serial re-check: after a schedule that co-ran pairs, a random few pairs are measured again
// alone, so a reader can see whether running pairs side by side moved the figures.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "c2c/pingpong.hpp"
#include "c2c/schedule.hpp"

namespace contend {

// At least this many pairs are re-checked (fewer only when there are fewer pairs)...
inline constexpr std::size_t kMinRecheckPairs = 4;
// ...and this fraction of them on big matrices: 2% of 32,640 pairs (256 PUs) is 653 serial
// pairs, about as long as a few dozen concurrent rounds.
inline constexpr double kRecheckFraction = 0.02;
// The least relative difference ever called a disagreement: two runs of one pair differ by a
// few percent from frequency and placement of the line, whatever their samples' spread says.
inline constexpr double kMinNoiseFraction = 0.10;
// How many spreads apart two medians may be and still agree.
inline constexpr double kNoiseSpreads = 3;

// min(pairs, max(kMinRecheckPairs, ceil(kRecheckFraction * pairs))).
std::size_t recheck_count(std::size_t pairs);

// True when some round runs more than one pair: only then can pairs have disturbed each other.
bool co_runs_pairs(const std::vector<Round>& rounds);

// recheck_count(candidates.size()) distinct candidates drawn from `seed`, in candidate order.
std::vector<PuPair> recheck_selection(const std::vector<PuPair>& candidates, std::uint64_t seed);

// The seed of the selection, derived from the run's so that one --seed reproduces both.
std::uint64_t recheck_seed(std::uint64_t run_seed);

// The relative difference two medians may show and still agree: kNoiseSpreads times the sum of
// both measurements' spreads (MdAPE of their samples, in percent), at least kMinNoiseFraction.
double noise_fraction(double concurrent_mdape_pct, double serial_mdape_pct);

// |concurrent / serial - 1| within noise_fraction(...). A non-positive serial median never agrees.
bool within_noise(double concurrent_median_ns, double concurrent_mdape_pct, double serial_median_ns,
                  double serial_mdape_pct);

// One re-checked pair in one mode.
struct RecheckEntry {
  PuPair pair;  // a < b
  PingPongMode mode = PingPongMode::kLoadStore;
  double concurrent_median_ns = 0;
  double concurrent_mdape_pct = 0;
  double serial_median_ns = 0;
  double serial_mdape_pct = 0;
  double noise_fraction = 0;
  bool within_noise = false;
};

// What the re-check did. status: "done", "skipped" (reason says why) or "interrupted".
struct RecheckRecord {
  std::string status = "skipped";
  std::string reason;
  std::uint64_t seed = 0;
  std::size_t pairs_planned = 0;
  double duration_s = 0;
  std::vector<RecheckEntry> entries;  // pairs that failed alone are left out
};

}  // namespace contend
