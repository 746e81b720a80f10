// Per-pair figures and their topology labels: what each pair measured in one mode, the
// closest level hwloc says the two PUs share, and the summary per level.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "c2c/pingpong.hpp"
#include "c2c/schedule.hpp"
#include "topology/topology.hpp"

namespace contend {

struct PairStats {
  PuPair pair;  // a < b, whichever PU started the ping-pong
  SharedLevel level = SharedLevel::kMachine;
  PingPongMode mode = PingPongMode::kLoadStore;
  bool ok = false;  // false: `error` says why, no figures
  double min_ns = 0;
  double median_ns = 0;
  double max_ns = 0;
  double mdape_pct = 0;
  int samples = 0;
  std::int64_t round_trips = 0;  // per sample
  bool migrated = false;
  std::string error;
  int cluster = -1;  // index into the mode's clusters, -1 when not clustered
};

// Figures of one mode of one measured pair, labelled with the level its PUs share.
PairStats pair_stats(const Topology& topology, const PingPongResult& result, PingPongMode mode);

struct LevelSummary {
  double median_ns = 0;          // median over the pairs' median one-way latencies
  double lowest_median_ns = 0;   // fastest pair's median
  double highest_median_ns = 0;  // slowest pair's median
  int pairs = 0;
};

// Per shared level, over the pairs that measured successfully.
std::map<SharedLevel, LevelSummary> level_summaries(const std::vector<PairStats>& pairs);

}  // namespace contend
