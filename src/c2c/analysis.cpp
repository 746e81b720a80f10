#include "c2c/analysis.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace contend {

C2cModeResult analyse_mode(const Topology& topology, const std::vector<PingPongResult>& results,
                           PingPongMode mode, const ClusterOptions& options) {
  C2cModeResult out;
  out.mode = mode;
  for (const PingPongResult& r : results) out.pairs.push_back(pair_stats(topology, r, mode));
  std::sort(out.pairs.begin(), out.pairs.end(), [](const PairStats& x, const PairStats& y) {
    return std::pair(x.pair.a, x.pair.b) < std::pair(y.pair.a, y.pair.b);
  });
  out.by_level = level_summaries(out.pairs);
  std::vector<LabelledLatency> items;
  std::vector<std::size_t> pair_index;  // items[k] is pairs[pair_index[k]]
  for (std::size_t i = 0; i < out.pairs.size(); ++i) {
    const PairStats& p = out.pairs[i];
    if (!p.ok) continue;
    items.push_back({p.pair, p.level, p.median_ns});
    pair_index.push_back(i);
  }
  out.clusters = cluster_latencies(items, options);
  out.findings = unexplained_clusters(items, out.clusters, options);
  for (std::size_t c = 0; c < out.clusters.size(); ++c) {
    for (std::size_t& member : out.clusters[c].members) {
      member = pair_index[member];
      out.pairs[member].cluster = static_cast<int>(c);
    }
  }
  return out;
}

Warnings c2c_warnings(const C2cRun& run) {
  Warnings warnings;
  if (run.modes.empty()) return warnings;
  // A pair's failure or migration concerns all its modes: say it once.
  for (const PairStats& p : run.modes.front().pairs) {
    if (!p.ok) {
      warnings.push_back({"pair_failed",
                          fmt::format("pair {}-{} failed: {}", p.pair.a, p.pair.b, p.error),
                          {{"pu_a", p.pair.a}, {"pu_b", p.pair.b}}});
    } else if (p.migrated) {
      warnings.push_back(
          {"migrated",
           fmt::format("pair {}-{}: a thread ran on another PU than its own", p.pair.a, p.pair.b),
           {{"pu_a", p.pair.a}, {"pu_b", p.pair.b}}});
    }
  }
  const auto& hidden = run.sibling_probe.hidden_siblings;
  if (!hidden.empty()) {
    std::vector<std::string> names;
    for (const PuPair& p : hidden) names.push_back(fmt::format("{}-{}", p.a, p.b));
    warnings.push_back(
        {"hidden_siblings",
         fmt::format("{} PU pair{} ({}) answered below {:.1f} ns, as SMT siblings do, though hwloc "
                     "lists separate cores; their cores were merged for the schedule",
                     hidden.size(), hidden.size() == 1 ? "" : "s", fmt::join(names, ", "),
                     run.sibling_probe.threshold_ns),
         {{"pairs", static_cast<double>(hidden.size())},
          {"threshold_ns", run.sibling_probe.threshold_ns}}});
  }
  for (const RecheckEntry& e : run.serial_recheck.entries) {
    if (e.within_noise) continue;
    warnings.push_back(
        {"recheck_disagrees",
         fmt::format("pair {}-{} ({}): {:.1f} ns among concurrent pairs but {:.1f} ns alone, more "
                     "than its noise ({:.0f}%)",
                     e.pair.a, e.pair.b, to_string(e.mode), e.concurrent_median_ns,
                     e.serial_median_ns, e.noise_fraction * 100),
         {{"pu_a", e.pair.a},
          {"pu_b", e.pair.b},
          {"concurrent_median_ns", e.concurrent_median_ns},
          {"serial_median_ns", e.serial_median_ns},
          {"noise_pct", e.noise_fraction * 100}}});
  }
  for (const C2cModeResult& m : run.modes) {
    for (const TopologyFinding& f : m.findings) {
      warnings.push_back(
          {"topology_finding", fmt::format("{}: {}", to_string(m.mode), f.message), {}});
    }
  }
  return warnings;
}

}  // namespace contend
