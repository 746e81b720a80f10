#include "c2c/pair_stats.hpp"

#include <algorithm>

#include "stats/summary.hpp"

namespace contend {

PairStats pair_stats(const Topology& topology, const PingPongResult& result, PingPongMode mode) {
  PairStats stats;
  stats.pair = {std::min(result.pair.a, result.pair.b), std::max(result.pair.a, result.pair.b)};
  stats.level = topology.shared_level({stats.pair.a, stats.pair.b});
  stats.mode = mode;
  stats.migrated = result.migrated;
  stats.error = result.error;
  const auto found = std::find_if(result.modes.begin(), result.modes.end(),
                                  [mode](const ModeSamples& m) { return m.mode == mode; });
  if (!result.error.empty() || found == result.modes.end() || found->one_way_ns.empty()) {
    if (stats.error.empty()) stats.error = "no samples";
    return stats;
  }
  const Summary summary = summarize(found->one_way_ns);
  stats.ok = true;
  stats.min_ns = summary.min;
  stats.median_ns = summary.median;
  stats.max_ns = summary.max;
  stats.mdape_pct = summary.mdape_pct;
  stats.samples = static_cast<int>(summary.n);
  stats.round_trips = found->round_trips;
  return stats;
}

std::map<SharedLevel, LevelSummary> level_summaries(const std::vector<PairStats>& pairs) {
  std::map<SharedLevel, std::vector<const PairStats*>> by_level;
  for (const PairStats& p : pairs) {
    if (p.ok) by_level[p.level].push_back(&p);
  }
  std::map<SharedLevel, LevelSummary> out;
  for (const auto& [level, members] : by_level) {
    std::vector<double> medians;
    for (const PairStats* p : members) medians.push_back(p->median_ns);
    const auto [lo, hi] = std::minmax_element(medians.begin(), medians.end());
    out[level] = {median(medians), *lo, *hi, static_cast<int>(members.size())};
  }
  return out;
}

}  // namespace contend
