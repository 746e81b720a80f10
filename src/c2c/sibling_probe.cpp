#include "c2c/sibling_probe.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "stats/summary.hpp"

namespace contend {

std::vector<Round> sibling_probe_schedule(const std::vector<int>& pus,
                                          const std::vector<int>& core_of, std::uint64_t seed) {
  std::vector<Round> rounds;
  for (const Round& round : serial_schedule(pus, seed)) {
    const PuPair& p = round.front();
    const auto at = [&](int pu) {
      return core_of[static_cast<std::size_t>(std::find(pus.begin(), pus.end(), pu) - pus.begin())];
    };
    if (at(p.a) != at(p.b)) rounds.push_back(round);
  }
  return rounds;
}

PingPongConfig sibling_probe_config(const PingPongConfig& matrix) {
  PingPongConfig probe = matrix;
  probe.modes = {PingPongMode::kLoadStore};
  probe.samples = kProbeSamples;
  probe.round_trips = kProbeRoundTrips;
  return probe;
}

namespace {

int find_root(std::map<int, int>& parent, int x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

SiblingFinding hidden_siblings(const std::vector<int>& pus, const std::vector<int>& core_of,
                               const std::vector<ProbedPair>& probed) {
  SiblingFinding out;
  out.merged_core = core_of;
  const auto core_at = [&](int pu) {
    const auto it = std::find(pus.begin(), pus.end(), pu);
    return it == pus.end() ? -1 : core_of[static_cast<std::size_t>(it - pus.begin())];
  };
  // Per level, the median of its probed pairs; a level with too few pairs judges nothing.
  std::map<SharedLevel, std::vector<double>> by_level;
  for (const ProbedPair& p : probed) by_level[p.level].push_back(p.median_ns);
  std::map<SharedLevel, double> threshold;
  for (const auto& [level, medians] : by_level) {
    if (medians.size() < kMinProbePairs) continue;
    threshold[level] = kSiblingFraction * median(medians);
    if (out.threshold_ns == 0 || threshold[level] < out.threshold_ns)
      out.threshold_ns = threshold[level];
  }
  std::vector<PuPair> fast;
  std::map<int, int> fast_partners;
  for (const ProbedPair& p : probed) {
    const auto t = threshold.find(p.level);
    if (t == threshold.end() || !(p.median_ns < t->second)) continue;
    if (core_at(p.pair.a) == core_at(p.pair.b)) continue;  // hwloc already groups them
    fast.push_back({std::min(p.pair.a, p.pair.b), std::max(p.pair.a, p.pair.b)});
    ++fast_partners[p.pair.a];
    ++fast_partners[p.pair.b];
  }
  std::map<int, int> parent;  // union-find over core ids; the root is the group's smallest id
  for (int core : core_of) parent[core] = core;
  for (const PuPair& p : fast) {
    if (fast_partners[p.a] > kMaxHiddenSiblings || fast_partners[p.b] > kMaxHiddenSiblings)
      continue;
    out.hidden.push_back(p);
    const int ra = find_root(parent, core_at(p.a));
    const int rb = find_root(parent, core_at(p.b));
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  std::sort(out.hidden.begin(), out.hidden.end(), [](const PuPair& x, const PuPair& y) {
    return std::pair(x.a, x.b) < std::pair(y.a, y.b);
  });
  for (int& core : out.merged_core) core = find_root(parent, core);
  return out;
}

}  // namespace contend
