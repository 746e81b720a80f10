// c2c analysis on synthetic topologies and made-up latency matrices: pair labels, the summary
// per level, the clusters, and the warnings for clusters hwloc's topology does not explain.
#include <gtest/gtest.h>

#include <functional>

#include "c2c/analysis.hpp"
#include "report/c2c_json.hpp"

namespace contend {
namespace {

// A made-up measurement: every pair of PUs 0..n-1 with a median of latency(a, b) ns.
std::vector<PingPongResult> made_up(int n, const std::function<double(int, int)>& latency) {
  std::vector<PingPongResult> results;
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) {
      PingPongResult r;
      r.pair = (a + b) % 2 == 0 ? PuPair{a, b} : PuPair{b, a};  // either PU may have started
      const double ns = latency(a, b);
      r.modes.push_back({PingPongMode::kLoadStore, {ns * 0.95, ns, ns * 1.2}, 100});
      results.push_back(r);
    }
  }
  return results;
}

// Deterministic spread of a few ns, as real pairs within one domain show.
double jitter(int a, int b) {
  return static_cast<double>((a * 7 + b * 3) % 5);
}

std::vector<PuPair> finding_pairs(const C2cModeResult& m, std::size_t i) {
  return i < m.findings.size() ? m.findings[i].pairs : std::vector<PuPair>{};
}

TEST(C2cLabels, PairsCarryTheClosestLevelHwlocReports) {
  // 2 packages (each its own NUMA node) x 2 L3 x 2 cores x 2 PUs: core c holds PUs 2c, 2c+1.
  const auto t = Topology::load_synthetic("pack:2 numa:1 l3:2 core:2 pu:2");
  const auto level_of = [&](int a, int b) {
    PingPongResult r;
    r.pair = {a, b};
    r.modes.push_back({PingPongMode::kLoadStore, {10, 20, 30}, 50});
    return pair_stats(t, r, PingPongMode::kLoadStore).level;
  };
  EXPECT_EQ(level_of(0, 1), SharedLevel::kCore);
  EXPECT_EQ(level_of(0, 2), SharedLevel::kL3);
  EXPECT_EQ(level_of(0, 4), SharedLevel::kPackage);
  EXPECT_EQ(level_of(0, 8), SharedLevel::kMachine);
  EXPECT_EQ(level_of(9, 0), SharedLevel::kMachine);
}

TEST(C2cLabels, PairFiguresAreOrderedAndSummarised) {
  const auto t = Topology::load_synthetic("pack:1 l3:1 core:2 pu:1");
  PingPongResult r;
  r.pair = {1, 0};
  r.modes.push_back({PingPongMode::kCas, {40, 10, 30, 20, 50}, 64});
  const PairStats s = pair_stats(t, r, PingPongMode::kCas);
  EXPECT_TRUE(s.ok);
  EXPECT_EQ(s.pair, (PuPair{0, 1}));
  EXPECT_DOUBLE_EQ(s.min_ns, 10);
  EXPECT_DOUBLE_EQ(s.median_ns, 30);
  EXPECT_DOUBLE_EQ(s.max_ns, 50);
  EXPECT_EQ(s.samples, 5);
  EXPECT_EQ(s.round_trips, 64);
  // A mode that was not measured, and a failed pair, carry no figures.
  EXPECT_FALSE(pair_stats(t, r, PingPongMode::kLoadStore).ok);
  r.error = "pinning thread 1 to PU 1: Invalid argument";
  const PairStats failed = pair_stats(t, r, PingPongMode::kCas);
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.error, r.error);
}

TEST(C2cLabels, LevelSummaryIsTheMedianOfPairMedians) {
  const auto t = Topology::load_synthetic("pack:1 l3:1 core:2 pu:2");  // PUs 0-1, 2-3 siblings
  const auto m = analyse_mode(
      t, made_up(4, [](int a, int b) { return a / 2 == b / 2 ? 10.0 + a : 30.0 + a + b; }),
      PingPongMode::kLoadStore);
  ASSERT_EQ(m.by_level.size(), 2u);
  const LevelSummary& core = m.by_level.at(SharedLevel::kCore);
  EXPECT_EQ(core.pairs, 2);
  EXPECT_DOUBLE_EQ(core.median_ns, 11);  // pairs 0-1 (10) and 2-3 (12)
  const LevelSummary& l3 = m.by_level.at(SharedLevel::kL3);
  EXPECT_EQ(l3.pairs, 4);
  EXPECT_DOUBLE_EQ(l3.lowest_median_ns, 32);   // 0-2
  EXPECT_DOUBLE_EQ(l3.highest_median_ns, 34);  // 1-3
  EXPECT_DOUBLE_EQ(l3.median_ns, 33);          // 0-3 and 1-2
}

TEST(C2cClusters, SplitAtJumpsNotAtSmoothSpread) {
  std::vector<LabelledLatency> items;
  for (double ns : {31.0, 9.0, 29.0, 30.0, 8.5, 33.0, 110.0, 95.0}) {
    items.push_back({{0, 1}, SharedLevel::kL3, ns});
  }
  const auto clusters = cluster_latencies(items);
  ASSERT_EQ(clusters.size(), 3u);
  EXPECT_EQ(clusters[0].members.size(), 2u);
  EXPECT_DOUBLE_EQ(clusters[0].min_ns, 8.5);
  EXPECT_EQ(clusters[1].members.size(), 4u);
  EXPECT_DOUBLE_EQ(clusters[1].median_ns, 30.5);
  EXPECT_EQ(clusters[2].members.size(), 2u);
  EXPECT_DOUBLE_EQ(clusters[2].max_ns, 110);
  EXPECT_EQ(clusters[1].levels.at(SharedLevel::kL3), 4);
}

TEST(C2cClusters, HiddenSmtSiblingsAreNamed) {
  // A VM that reports 8 single-PU cores in one L3, whose vCPUs 0-1, 2-3, 4-5, 6-7 are in truth
  // SMT siblings: those pairs are three times faster than the other L3 pairs.
  const auto t = Topology::load_synthetic("pack:1 l3:1 core:8 pu:1");
  const auto m = analyse_mode(
      t, made_up(8, [](int a, int b) { return (a / 2 == b / 2 ? 9.0 : 30.0) + jitter(a, b); }),
      PingPongMode::kLoadStore);
  EXPECT_EQ(m.clusters.size(), 2u);
  ASSERT_EQ(m.findings.size(), 1u);
  const TopologyFinding& f = m.findings[0];
  EXPECT_EQ(f.level, SharedLevel::kL3);
  EXPECT_TRUE(f.faster);
  EXPECT_TRUE(f.disjoint);
  EXPECT_EQ(finding_pairs(m, 0), (std::vector<PuPair>{{0, 1}, {2, 3}, {4, 5}, {6, 7}}));
  EXPECT_NE(f.message.find("0-1, 2-3, 4-5, 6-7"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("SMT siblings"), std::string::npos) << f.message;
  // Each pair knows its cluster.
  for (const PairStats& p : m.pairs) EXPECT_EQ(p.cluster, p.pair.a / 2 == p.pair.b / 2 ? 0 : 1);

  C2cRun run;
  run.modes.push_back(m);
  const auto warnings = c2c_warnings(run);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "topology_finding");
  EXPECT_EQ(warnings[0].text.rfind("load_store: 4 pairs that hwloc says share l3", 0), 0u)
      << warnings[0].text;
}

TEST(C2cClusters, ReportedSmtSiblingsAreExplained) {
  // The same latencies on a machine whose topology reports the SMT siblings: no warning.
  const auto t = Topology::load_synthetic("pack:1 l3:1 core:4 pu:2");
  const auto m = analyse_mode(
      t, made_up(8, [](int a, int b) { return (a / 2 == b / 2 ? 9.0 : 30.0) + jitter(a, b); }),
      PingPongMode::kLoadStore);
  EXPECT_EQ(m.clusters.size(), 2u);
  EXPECT_EQ(m.clusters[0].levels, (std::map<SharedLevel, int>{{SharedLevel::kCore, 4}}));
  EXPECT_TRUE(m.findings.empty()) << m.findings[0].message;
}

TEST(C2cClusters, PackageAndL3BoundariesAreExplained) {
  // 2 packages x 2 L3 x 2 cores: each boundary hwloc reports costs more, and none is flagged.
  const auto t = Topology::load_synthetic("pack:2 numa:1 l3:2 core:2 pu:1");
  const auto m =
      analyse_mode(t,
                   made_up(8,
                           [](int a, int b) {
                             const double base = a / 4 != b / 4 ? 140 : a / 2 != b / 2 ? 80 : 25;
                             return base + jitter(a, b);
                           }),
                   PingPongMode::kLoadStore);
  EXPECT_EQ(m.clusters.size(), 3u);
  EXPECT_TRUE(m.findings.empty()) << m.findings[0].message;
}

TEST(C2cClusters, HiddenL3BoundaryIsNamed) {
  // A VM that reports one L3 over 8 vCPUs that in truth sit in two L3 domains of 4.
  const auto t = Topology::load_synthetic("pack:1 l3:1 core:8 pu:1");
  const auto m = analyse_mode(
      t, made_up(8, [](int a, int b) { return (a / 4 == b / 4 ? 25.0 : 95.0) + jitter(a, b); }),
      PingPongMode::kLoadStore);
  ASSERT_EQ(m.findings.size(), 1u);
  EXPECT_EQ(m.findings[0].pairs.size(), 12u);  // the 2 x 6 pairs within each real domain
  EXPECT_TRUE(m.findings[0].faster);
  EXPECT_FALSE(m.findings[0].disjoint);
}

TEST(C2cClusters, OneSlowPairIsNoiseNotABoundary) {
  const auto t = Topology::load_synthetic("pack:1 l3:1 core:8 pu:1");
  const auto m = analyse_mode(
      t, made_up(8, [](int a, int b) { return a == 2 && b == 5 ? 90.0 : 30.0 + jitter(a, b); }),
      PingPongMode::kLoadStore);
  EXPECT_EQ(m.clusters.size(), 2u);
  EXPECT_TRUE(m.findings.empty());
}

TEST(C2cJson, MatrixAndSummariesFollowTheFormat) {
  const auto t = Topology::load_synthetic("pack:1 l3:1 core:4 pu:1");
  std::vector<PingPongResult> results =
      made_up(4, [](int a, int b) { return (a / 2 == b / 2 ? 9.0 : 30.0) + jitter(a, b); });
  results[0].error = "pinning thread 0 to PU 0: Invalid argument";  // pair 0-1 failed
  results[0].modes.clear();
  C2cRun run;
  run.pus = {0, 1, 2, 3};
  run.config.modes = {PingPongMode::kLoadStore};
  run.rounds = 3;
  run.pairs_planned = 6;
  run.modes.push_back(analyse_mode(t, results, PingPongMode::kLoadStore));
  const auto c2c = c2c_json(run);
  EXPECT_EQ(c2c["mode"], "load_store");
  EXPECT_EQ(c2c["schedule"], "round_robin");
  EXPECT_EQ(c2c["pairs"].size(), 6u);
  const auto& failed = c2c["pairs"][0];
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_FALSE(failed.contains("one_way_ns_median"));
  const auto& ok = c2c["pairs"][1];
  EXPECT_EQ(ok["a"], 0);
  EXPECT_EQ(ok["b"], 2);
  EXPECT_EQ(ok["shared_level"], "l3");
  EXPECT_EQ(ok["samples"], 3);
  EXPECT_LE(ok["one_way_ns_min"].get<double>(), ok["one_way_ns_median"].get<double>());
  const auto& matrix = c2c["by_mode"]["load_store"]["matrix_ns_median"];
  ASSERT_EQ(matrix.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    ASSERT_EQ(matrix[i].size(), 4u);
    EXPECT_TRUE(matrix[i][i].is_null());
    for (std::size_t j = 0; j < 4; ++j) EXPECT_EQ(matrix[i][j], matrix[j][i]);
  }
  EXPECT_TRUE(matrix[0][1].is_null());  // the failed pair
  EXPECT_EQ(matrix[0][2], ok["one_way_ns_median"]);
  EXPECT_EQ(c2c["by_mode"]["load_store"]["by_level"]["l3"]["pairs"], 5);

  SystemFacts facts;
  facts.hostname = "test";
  const auto document = c2c_document(RunInfo{}, facts, run, {{"test", "a warning", {}}});
  EXPECT_EQ(document["kind"], "c2c");
  EXPECT_TRUE(document["points"].empty());
  EXPECT_EQ(document["warnings"].size(), 1u);
  EXPECT_EQ(document["c2c"], c2c);
}

}  // namespace
}  // namespace contend
