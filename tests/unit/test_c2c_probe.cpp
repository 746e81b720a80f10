// Hidden SMT siblings from a probe table: which pairs are called siblings, how their cores
// merge, and that the schedule built from the merged cores never co-runs them. Synthetic tables
// and hwloc synthetic topologies; nothing is timed.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "c2c/sibling_probe.hpp"
#include "test_c2c_support.hpp"
#include "topology/topology.hpp"

namespace contend {
namespace {

std::vector<int> cores_of(const Topology& topology, const std::vector<int>& pus) {
  std::vector<int> cores;
  for (int pu : pus) cores.push_back(topology.find_pu(pu)->core);
  return cores;
}

// The probe table a machine would give: `fast_ns` for the hidden sibling pairs, otherwise
// `slow_ns` with a deterministic +-20% wobble, for every pair the probe schedule plans.
std::vector<ProbedPair> table(const Topology& topology, const std::vector<Round>& probe,
                              const std::set<std::pair<int, int>>& hidden, double fast_ns = 12,
                              double slow_ns = 60) {
  std::vector<ProbedPair> out;
  int k = 0;
  for (const Round& r : probe) {
    const PuPair p = r.front();
    const bool sibling = hidden.count({std::min(p.a, p.b), std::max(p.a, p.b)}) > 0;
    const double wobble = 1.0 + 0.2 * static_cast<double>((k++ * 7) % 5 - 2) / 2.0;
    out.push_back(
        {p, sibling ? fast_ns * wobble : slow_ns * wobble, topology.shared_level({p.a, p.b})});
  }
  return out;
}

std::set<std::pair<int, int>> as_set(const std::vector<PuPair>& pairs) {
  std::set<std::pair<int, int>> out;
  for (const PuPair& p : pairs) out.insert({p.a, p.b});
  return out;
}

TEST(C2cSiblingProbe, ProbesEveryPairOnDifferentCoresOnePerRound) {
  const Topology topology = Topology::load_synthetic("pack:2 core:8 pu:2");
  const std::vector<int> pus = topology.usable_pus();
  const auto core_of = cores_of(topology, pus);
  const auto probe = sibling_probe_schedule(pus, core_of, 3);
  EXPECT_EQ(probe.size(), 32u * 31u / 2u - 16u);  // all pairs but hwloc's own siblings
  std::set<std::pair<int, int>> seen;
  for (const Round& r : probe) {
    ASSERT_EQ(r.size(), 1u);
    EXPECT_NE(topology.find_pu(r.front().a)->core, topology.find_pu(r.front().b)->core);
    EXPECT_TRUE(
        seen.insert({std::min(r.front().a, r.front().b), std::max(r.front().a, r.front().b)})
            .second);
  }
  EXPECT_EQ(sibling_probe_schedule(pus, core_of, 3), probe);
  const PingPongConfig config = sibling_probe_config({});
  EXPECT_EQ(config.samples, kProbeSamples);
  EXPECT_EQ(config.round_trips, kProbeRoundTrips);
  EXPECT_EQ(config.modes, std::vector<PingPongMode>{PingPongMode::kLoadStore});
}

TEST(C2cSiblingProbe, FindsSiblingsNumberedAdjacent) {
  // A VM listing 32 single-PU cores whose vCPUs 2k and 2k+1 share a physical core.
  const Topology topology = Topology::load_synthetic("pack:2 core:16 pu:1");
  const std::vector<int> pus = topology.usable_pus();
  const auto core_of = cores_of(topology, pus);
  std::set<std::pair<int, int>> hidden;
  for (int k = 0; k < 16; ++k) hidden.insert({2 * k, 2 * k + 1});
  const auto probe = sibling_probe_schedule(pus, core_of, 1);
  const SiblingFinding f = hidden_siblings(pus, core_of, table(topology, probe, hidden));
  EXPECT_EQ(as_set(f.hidden), hidden);
  EXPECT_GT(f.threshold_ns, 12 * 1.2);
  EXPECT_LT(f.threshold_ns, 60 * 0.8);
  EXPECT_EQ(std::set<int>(f.merged_core.begin(), f.merged_core.end()).size(), 16u);
  for (int k = 0; k < 16; ++k) EXPECT_EQ(f.merged_core[2 * k], f.merged_core[2 * k + 1]);
  const auto rounds = core_aware_schedule(pus, f.merged_core, 4);
  EXPECT_EQ(pair_count(rounds), 32u * 31u / 2u);
  testing::expect_no_core_shared_in_a_round(pus, f.merged_core, rounds);
}

TEST(C2cSiblingProbe, FindsSiblingsNumberedApartAndMergesWholeGroups) {
  // 64 PUs listed as cores; PU i and i+32 are siblings, and 0, 32 and 1 form one 3-way group.
  const Topology topology = Topology::load_synthetic("pack:2 core:32 pu:1");
  const std::vector<int> pus = topology.usable_pus();
  const auto core_of = cores_of(topology, pus);
  std::set<std::pair<int, int>> hidden;
  for (int i = 0; i < 32; ++i) hidden.insert({i, i + 32});
  hidden.insert({0, 1});
  hidden.insert({1, 32});
  const auto probe = sibling_probe_schedule(pus, core_of, 8);
  const SiblingFinding f = hidden_siblings(pus, core_of, table(topology, probe, hidden));
  EXPECT_EQ(as_set(f.hidden), hidden);
  std::map<int, int> core;
  for (std::size_t i = 0; i < pus.size(); ++i) core[pus[i]] = f.merged_core[i];
  for (int i = 0; i < 32; ++i) EXPECT_EQ(core[i], core[i + 32]);
  EXPECT_EQ(core[0], core[1]);
  EXPECT_EQ(core[33], core[0]);  // 33 is 1's sibling: transitively in the group
  EXPECT_NE(core[2], core[0]);
  const auto rounds = core_aware_schedule(pus, f.merged_core, 4);
  EXPECT_EQ(pair_count(rounds), 64u * 63u / 2u);
  testing::expect_no_core_shared_in_a_round(pus, f.merged_core, rounds);
}

TEST(C2cSiblingProbe, AtTwoHundredFiftySixPusOnEightNodes) {
  // The scale of the issue: 256 PUs on 8 NUMA nodes, listed as single-PU cores by a VM that
  // hides 2-way SMT (PU i and i+128 share a core). The probe plans every pair once, the hidden
  // pairs are found and merged, and the schedule built on them never co-runs a merged core.
  const Topology topology = Topology::load_synthetic("pack:2 numa:4 core:32 pu:1");
  const std::vector<int> pus = topology.usable_pus();
  ASSERT_EQ(pus.size(), 256u);
  const auto core_of = cores_of(topology, pus);
  std::set<std::pair<int, int>> hidden;
  for (int i = 0; i < 128; ++i) hidden.insert({i, i + 128});
  const auto probe = sibling_probe_schedule(pus, core_of, 3);
  EXPECT_EQ(probe.size(), 256u * 255u / 2u);
  const SiblingFinding f = hidden_siblings(pus, core_of, table(topology, probe, hidden));
  EXPECT_EQ(as_set(f.hidden), hidden);
  const auto rounds = core_aware_schedule(pus, f.merged_core, 3);
  EXPECT_EQ(pair_count(rounds), 256u * 255u / 2u);
  testing::expect_no_core_shared_in_a_round(pus, f.merged_core, rounds);
}

TEST(C2cSiblingProbe, NoHiddenSiblingsLeavesCoresAlone) {
  const Topology topology = Topology::load_synthetic("pack:2 core:8 pu:2");
  const std::vector<int> pus = topology.usable_pus();
  const auto core_of = cores_of(topology, pus);
  const auto probe = sibling_probe_schedule(pus, core_of, 2);
  const SiblingFinding f = hidden_siblings(pus, core_of, table(topology, probe, {}));
  EXPECT_TRUE(f.hidden.empty());
  EXPECT_EQ(f.merged_core, core_of);
  EXPECT_GT(f.threshold_ns, 0);
}

TEST(C2cSiblingProbe, NoisyTableWithTwoSocketsCallsNoOneSiblings) {
  // Two packages: cross-socket pairs at ~2.5x the in-socket ones, every pair +-20%. The fast
  // half is a whole socket's pairs, not a minority under half the median: no siblings.
  const Topology topology = Topology::load_synthetic("pack:2 core:8 pu:1");
  const std::vector<int> pus = topology.usable_pus();
  const auto core_of = cores_of(topology, pus);
  std::vector<ProbedPair> probed;
  int k = 0;
  for (const Round& r : sibling_probe_schedule(pus, core_of, 6)) {
    const PuPair p = r.front();
    const bool same_socket = (p.a < 8) == (p.b < 8);
    const double wobble = 1.0 + 0.2 * static_cast<double>((k++ * 3) % 5 - 2) / 2.0;
    probed.push_back({p, (same_socket ? 40.0 : 100.0) * wobble, topology.shared_level({p.a, p.b})});
  }
  const SiblingFinding f = hidden_siblings(pus, core_of, probed);
  EXPECT_TRUE(f.hidden.empty());
  EXPECT_EQ(f.merged_core, core_of);
}

TEST(C2cSiblingProbe, ASocketTheVmHidesIsNotCalledSiblings) {
  // 16 vCPUs listed as 16 packages (one level for every pair), really two sockets of 8: each
  // PU has 7 fast partners, more than any SMT core, so none are called siblings.
  const Topology topology = Topology::load_synthetic("pack:16 core:1 pu:1");
  const std::vector<int> pus = topology.usable_pus();
  const auto core_of = cores_of(topology, pus);
  std::vector<ProbedPair> probed;
  for (const Round& r : sibling_probe_schedule(pus, core_of, 6)) {
    const PuPair p = r.front();
    probed.push_back({p, (p.a < 8) == (p.b < 8) ? 30.0 : 110.0, topology.shared_level({p.a, p.b})});
  }
  const SiblingFinding f = hidden_siblings(pus, core_of, probed);
  EXPECT_TRUE(f.hidden.empty());
  EXPECT_EQ(f.merged_core, core_of);
}

TEST(C2cSiblingProbe, TooFewPairsJudgeNothing) {
  const std::vector<int> pus{0, 1};
  const std::vector<int> core_of{0, 1};
  const SiblingFinding f = hidden_siblings(pus, core_of, {{{0, 1}, 5.0, SharedLevel::kL3}});
  EXPECT_TRUE(f.hidden.empty());
  EXPECT_EQ(f.threshold_ns, 0);
  EXPECT_EQ(f.merged_core, core_of);
}

TEST(C2cSiblingProbe, PairsHwlocAlreadyGroupsAreNotHidden) {
  // A same-core pair in the table (as a caller might pass) is never reported as hidden.
  const std::vector<int> pus{0, 1, 2, 3};
  const std::vector<int> core_of{0, 0, 1, 2};
  const std::vector<ProbedPair> probed{
      {{0, 1}, 5, SharedLevel::kCore},  {{0, 2}, 60, SharedLevel::kCore},
      {{0, 3}, 62, SharedLevel::kCore}, {{1, 2}, 61, SharedLevel::kCore},
      {{1, 3}, 59, SharedLevel::kCore}, {{2, 3}, 60, SharedLevel::kCore}};
  const SiblingFinding f = hidden_siblings(pus, core_of, probed);
  EXPECT_TRUE(f.hidden.empty());
  EXPECT_EQ(f.merged_core, core_of);
}

}  // namespace
}  // namespace contend
