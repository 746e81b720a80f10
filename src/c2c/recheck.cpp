#include "c2c/recheck.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace contend {

std::size_t recheck_count(std::size_t pairs) {
  const auto share =
      static_cast<std::size_t>(std::ceil(kRecheckFraction * static_cast<double>(pairs)));
  return std::min(pairs, std::max(kMinRecheckPairs, share));
}

bool co_runs_pairs(const std::vector<Round>& rounds) {
  return std::any_of(rounds.begin(), rounds.end(), [](const Round& r) { return r.size() > 1; });
}

std::vector<PuPair> recheck_selection(const std::vector<PuPair>& candidates, std::uint64_t seed) {
  std::vector<std::size_t> index(candidates.size());
  std::iota(index.begin(), index.end(), std::size_t{0});
  std::mt19937_64 rng(seed);
  std::shuffle(index.begin(), index.end(), rng);
  index.resize(recheck_count(candidates.size()));
  std::sort(index.begin(), index.end());
  std::vector<PuPair> chosen;
  for (std::size_t i : index) chosen.push_back(candidates[i]);
  return chosen;
}

std::uint64_t recheck_seed(std::uint64_t run_seed) {
  return run_seed ^ 0x5eed0c2cULL;
}

double noise_fraction(double concurrent_mdape_pct, double serial_mdape_pct) {
  return std::max(kMinNoiseFraction,
                  kNoiseSpreads * (concurrent_mdape_pct + serial_mdape_pct) / 100.0);
}

bool within_noise(double concurrent_median_ns, double concurrent_mdape_pct, double serial_median_ns,
                  double serial_mdape_pct) {
  if (!(serial_median_ns > 0)) return false;
  return std::abs(concurrent_median_ns / serial_median_ns - 1) <=
         noise_fraction(concurrent_mdape_pct, serial_mdape_pct);
}

}  // namespace contend
