#include "c2c/clusters.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "stats/summary.hpp"

namespace contend {

namespace {

constexpr std::size_t kNamedPairs = 16;  // a warning names this many pairs, then counts the rest

std::string pair_list(const std::vector<PuPair>& pairs) {
  std::string out;
  for (std::size_t i = 0; i < pairs.size() && i < kNamedPairs; ++i) {
    out += fmt::format("{}{}-{}", i == 0 ? "" : ", ", pairs[i].a, pairs[i].b);
  }
  if (pairs.size() > kNamedPairs) out += fmt::format(" and {} more", pairs.size() - kNamedPairs);
  return out;
}

bool disjoint(const std::vector<PuPair>& pairs) {
  std::set<int> seen;
  for (const PuPair& p : pairs) {
    if (!seen.insert(p.a).second || !seen.insert(p.b).second) return false;
  }
  return true;
}

std::string finding_message(const TopologyFinding& f, std::size_t typical_pairs) {
  const std::string_view level = to_string(f.level);
  std::string why;
  if (f.faster) {
    why = f.disjoint ? "each PU appears in one pair only, the shape of SMT siblings (two PUs of "
                       "one physical core) that the hypervisor or hwloc does not report"
                     : "they behave as if they shared a core or cache that hwloc does not report";
  } else {
    why =
        "a boundary hwloc does not report (such as two L3 domains presented as one), or "
        "interference: check with --serial";
  }
  return fmt::format(
      "{} pair{} that hwloc says share {} {} much {} ({:.1f} ns median) than the main group of "
      "{} {} pairs ({:.1f} ns): {}; {}",
      f.pairs.size(), f.pairs.size() == 1 ? "" : "s", level, f.pairs.size() == 1 ? "is" : "are",
      f.faster ? "faster" : "slower", f.median_ns, typical_pairs, level, f.typical_median_ns,
      pair_list(f.pairs), why);
}

}  // namespace

std::vector<LatencyCluster> cluster_latencies(std::span<const LabelledLatency> items,
                                              const ClusterOptions& options) {
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return items[x].ns < items[y].ns; });
  std::vector<LatencyCluster> clusters;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const double ns = items[order[k]].ns;
    const bool jump = k > 0 && ns > items[order[k - 1]].ns * options.gap_ratio &&
                      ns - items[order[k - 1]].ns >= options.min_gap_ns;
    if (k == 0 || jump) clusters.emplace_back();
    LatencyCluster& c = clusters.back();
    c.members.push_back(order[k]);
    ++c.levels[items[order[k]].level];
  }
  for (LatencyCluster& c : clusters) {
    std::vector<double> values;
    for (std::size_t i : c.members) values.push_back(items[i].ns);
    c.min_ns = values.front();
    c.max_ns = values.back();
    c.median_ns = median(values);
  }
  return clusters;
}

std::vector<TopologyFinding> unexplained_clusters(std::span<const LabelledLatency> items,
                                                  const std::vector<LatencyCluster>& clusters,
                                                  const ClusterOptions& options) {
  std::vector<TopologyFinding> findings;
  std::set<SharedLevel> levels;
  for (const LabelledLatency& item : items) levels.insert(item.level);
  for (SharedLevel level : levels) {
    // Where most pairs of this level fall; on a tie the slower cluster, so that the faster
    // group (hidden sharing, the common case on VMs) is the one reported.
    int typical = -1;
    int typical_count = 0;
    for (std::size_t c = 0; c < clusters.size(); ++c) {
      const auto it = clusters[c].levels.find(level);
      const int count = it == clusters[c].levels.end() ? 0 : it->second;
      if (count > 0 && count >= typical_count) {
        typical = static_cast<int>(c);
        typical_count = count;
      }
    }
    for (std::size_t c = 0; c < clusters.size(); ++c) {
      if (static_cast<int>(c) == typical || !clusters[c].levels.contains(level)) continue;
      TopologyFinding f;
      f.level = level;
      f.cluster = static_cast<int>(c);
      f.typical_cluster = typical;
      f.faster = static_cast<int>(c) < typical;
      std::vector<double> mine;
      std::vector<double> theirs;
      for (std::size_t i : clusters[c].members) {
        if (items[i].level != level) continue;
        f.pairs.push_back(items[i].pair);
        mine.push_back(items[i].ns);
      }
      for (std::size_t i : clusters[static_cast<std::size_t>(typical)].members) {
        if (items[i].level == level) theirs.push_back(items[i].ns);
      }
      f.median_ns = median(mine);
      f.typical_median_ns = median(theirs);
      if (f.median_ns <= 0 || f.typical_median_ns <= 0) continue;  // no ratio to speak of
      const double ratio =
          f.faster ? f.typical_median_ns / f.median_ns : f.median_ns / f.typical_median_ns;
      if (ratio < options.finding_ratio) continue;
      if (!f.faster && f.pairs.size() < options.min_slower_pairs) continue;
      f.disjoint = disjoint(f.pairs);
      f.message = finding_message(f, theirs.size());
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

}  // namespace contend
