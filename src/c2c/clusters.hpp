// Topology truth: group the measured pair latencies into clusters and point out where the
// clusters disagree with hwloc's labels. Pairs that hwloc says share the same level should
// cost about the same; a group of them far faster than the rest (two vCPUs that are one
// physical core's SMT siblings on a VM that reports no SMT) or far slower (an L3 boundary the
// hypervisor hides) is a boundary hwloc does not know about.
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "c2c/schedule.hpp"
#include "topology/topology.hpp"

namespace contend {

// One pair's latency (its median one-way figure) and the level hwloc says its PUs share.
struct LabelledLatency {
  PuPair pair;
  SharedLevel level = SharedLevel::kMachine;
  double ns = 0;
};

struct ClusterOptions {
  // Sorted latencies split into a new cluster where the next one is both this many times
  // larger and this many ns larger than the previous: within a cache domain latencies vary
  // smoothly, across a boundary they jump (SMT sibling ~10 ns, same L3 ~30, other L3 ~100).
  double gap_ratio = 1.3;
  double min_gap_ns = 3.0;
  // A split of one level is reported only when the two clusters' medians differ this much...
  double finding_ratio = 1.5;
  // ...and, for a slower group, when it holds at least this many pairs: one or two slow pairs
  // are more likely a preempted vCPU than a boundary (a fast pair cannot be noise).
  std::size_t min_slower_pairs = 3;
};

struct LatencyCluster {
  double min_ns = 0;
  double median_ns = 0;
  double max_ns = 0;
  std::vector<std::size_t> members;   // indices into the input, fastest first
  std::map<SharedLevel, int> levels;  // pairs per shared level
};

// Clusters ordered fastest first; every input item is in exactly one.
std::vector<LatencyCluster> cluster_latencies(std::span<const LabelledLatency> items,
                                              const ClusterOptions& options = {});

// Pairs of one level that fall outside the cluster where most pairs of that level are.
struct TopologyFinding {
  SharedLevel level = SharedLevel::kMachine;
  int cluster = -1;          // the cluster holding these pairs
  int typical_cluster = -1;  // the cluster holding most pairs of this level
  double median_ns = 0;      // of these pairs
  double typical_median_ns = 0;
  bool faster = false;
  bool disjoint = false;  // no PU in two of these pairs: the shape hidden SMT siblings have
  std::vector<PuPair> pairs;
  std::string message;  // one line, for the console and the results' warnings
};

std::vector<TopologyFinding> unexplained_clusters(std::span<const LabelledLatency> items,
                                                  const std::vector<LatencyCluster>& clusters,
                                                  const ClusterOptions& options = {});

}  // namespace contend
