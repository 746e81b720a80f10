// Placement strategies: which PU each worker thread runs on, decided from hwloc's topology,
// never from guesses about CPU numbering.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "topology/topology.hpp"

namespace contend {

enum class PlacementStrategy {
  kCompact,  // fill a core's PUs, then the next core (logical order)
  kCores,    // one PU per physical core first; SMT siblings only after every core has one
  kScatter,  // spread across packages, NUMA nodes, L3 and L2 domains, cores, then siblings
  kSmt,      // SMT sibling pairs: cores with at least two usable PUs, filled pairwise
  kList,     // an explicit list of OS PU indices
};

struct PlacementSpec {
  PlacementStrategy strategy = PlacementStrategy::kCompact;
  std::vector<int> pus;  // kList only: OS indices, in thread order

  // "compact", "cores", "scatter", "smt", "list:0,2-3" or a bare PU list "0,2-3".
  // Throws InputError naming `what` for anything else.
  static PlacementSpec parse(std::string_view text, const std::string& what);
  // The strategy's name as written in results ("list" for explicit lists).
  std::string name() const;
  // What `parse` would read back: "compact", or "list:0,2,3".
  std::string to_text() const;
};

inline constexpr std::string_view kPlacementNames =
    "compact, cores, scatter, smt or a PU list such as 0,2-3";

struct Placement {
  PlacementSpec spec;
  std::vector<int> pus;  // OS index per thread
  bool oversubscribed = false;
  SharedLevel shared_level = SharedLevel::kMachine;
};

// Every usable PU in the order the strategy fills them. Throws InputError when the strategy
// cannot apply here (smt on a machine without usable siblings, a list naming unusable PUs).
std::vector<int> placement_order(const Topology& topology, const PlacementSpec& spec);

// The PUs for `threads` workers. More threads than PUs wrap around the order when
// `allow_oversubscribe`, and are an InputError otherwise.
Placement place(const Topology& topology, const PlacementSpec& spec, int threads,
                bool allow_oversubscribe);

}  // namespace contend
