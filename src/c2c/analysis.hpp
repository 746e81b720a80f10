// A whole c2c measurement and what it says: per mode, the labelled pair figures, the summary
// per shared level, the latency clusters and the clusters hwloc's topology does not explain.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "c2c/clusters.hpp"
#include "c2c/pair_stats.hpp"
#include "c2c/pingpong.hpp"
#include "c2c/recheck.hpp"
#include "c2c/sibling_probe.hpp"
#include "contract/warning.hpp"

namespace contend {

struct C2cModeResult {
  PingPongMode mode = PingPongMode::kLoadStore;
  std::vector<PairStats> pairs;  // ordered by (a, b)
  std::map<SharedLevel, LevelSummary> by_level;
  std::vector<LatencyCluster> clusters;  // members index into `pairs`
  std::vector<TopologyFinding> findings;
};

struct C2cRun {
  std::vector<int> pus;  // measured PUs, hwloc logical order: the matrix's rows and columns
  // "cores" (concurrent pairs share no physical core), "round_robin" (they may: --shared-cores)
  // or "serial" (one pair at a time)
  std::string schedule = "round_robin";
  std::uint64_t seed = 0;
  int rounds = 0;
  std::size_t pairs_planned = 0;
  PingPongConfig config;
  std::vector<C2cModeResult> modes;  // config.modes order
  SiblingProbeRecord sibling_probe;  // before the matrix
  RecheckRecord serial_recheck;      // after it
};

// Labels, summarises and clusters one mode's figures from every measured pair.
C2cModeResult analyse_mode(const Topology& topology, const std::vector<PingPongResult>& results,
                           PingPongMode mode, const ClusterOptions& options = {});

// One line per problem a reader must see: failed and migrated pairs, unexplained clusters,
// hidden siblings the probe found, re-checked pairs whose serial figure disagrees.
Warnings c2c_warnings(const C2cRun& run);

}  // namespace contend
