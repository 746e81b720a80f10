// Hidden SMT siblings: a VM or firmware may list two PUs as separate cores although they share
// one physical core, and the core-aware schedule would then co-run a pair with an endpoint's
// hidden sibling. A quick serial probe (every pair alone, a few short samples) finds them by
// latency: siblings hand a line over through their shared L1/L2, far faster than any two cores.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "c2c/pingpong.hpp"
#include "c2c/schedule.hpp"
#include "topology/topology.hpp"

namespace contend {

// The probe's budget per pair: enough to tell ~10 ns from ~50 ns, little enough that the
// worker group's start dominates (3 samples x 32 round trips is ~20 us of hand-offs).
inline constexpr int kProbeSamples = 3;
inline constexpr std::int64_t kProbeRoundTrips = 32;
// A pair faster than this fraction of the median probed pair at its hwloc shared level (L3,
// package, machine...) is a sibling candidate. Compared within one level, because two sockets
// differ by 2-3x and would otherwise put every in-socket pair under half the median; within a
// level cross-core hand-offs vary far less than 2x, while SMT siblings are 3-10x faster.
inline constexpr double kSiblingFraction = 0.5;
// Fewer probed pairs than this at a level give no meaningful median: nothing there is judged.
inline constexpr std::size_t kMinProbePairs = 3;
// A PU with more fast partners than this is in a fast cluster (a socket or cache the VM hides),
// not in an SMT core (x86 has 2 threads per core, Xeon Phi 4): its fast pairs are not siblings.
// Merging too much only costs rounds; the limit keeps a hidden socket from serialising the run.
inline constexpr int kMaxHiddenSiblings = 3;

// The probe's plan: every pair whose PUs hwloc places on different cores (a hidden sibling can
// be any of them), one pair per round, in an order drawn from `seed`. `core_of[i]` is the core
// of `pus[i]`.
std::vector<Round> sibling_probe_schedule(const std::vector<int>& pus,
                                          const std::vector<int>& core_of, std::uint64_t seed);

// The probe's configuration: load/store only, kProbeSamples x kProbeRoundTrips.
PingPongConfig sibling_probe_config(const PingPongConfig& matrix);

struct ProbedPair {
  PuPair pair;
  double median_ns = 0;                       // median one-way latency of its samples
  SharedLevel level = SharedLevel::kMachine;  // the closest level hwloc says the two share
};

struct SiblingFinding {
  double threshold_ns = 0;       // the lowest level threshold used; 0 when nothing was judged
  std::vector<PuPair> hidden;    // pairs below the threshold, a < b, sorted
  std::vector<int> merged_core;  // core_of with each hidden pair's cores merged (union-find)
};

// Pure: which probed pairs are hidden siblings, and the cores once their groups are merged. A
// merged group takes the smallest core id of its members, so unaffected cores keep theirs.
SiblingFinding hidden_siblings(const std::vector<int>& pus, const std::vector<int>& core_of,
                               const std::vector<ProbedPair>& probed);

// What the probe did, for the results file. status: "done", "skipped" (reason says why) or
// "interrupted" (a probe cut short leaves no matrix).
struct SiblingProbeRecord {
  std::string status = "skipped";
  std::string reason;
  std::size_t pairs_planned = 0;
  std::size_t pairs_probed = 0;
  int samples = kProbeSamples;
  std::int64_t round_trips = kProbeRoundTrips;
  double duration_s = 0;
  double threshold_ns = 0;  // 0: not judged (too few pairs, or not run)
  std::vector<PuPair> hidden_siblings;
};

}  // namespace contend
