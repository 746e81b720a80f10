// Thread counts as users write them: numbers, or words resolved on the machine at hand.
#pragma once

#include <string>
#include <vector>

#include "topology/topology.hpp"

namespace contend {

// Items: a positive number, "cores" (physical cores with a usable PU), "pus" (usable PUs), or
// "pow2" (1, 2, 4, ... up to the usable PUs, and the PU count itself). Returns the distinct
// counts in ascending order. Throws InputError naming `what` for anything else.
std::vector<int> expand_thread_counts(const std::vector<std::string>& items,
                                      const Topology& topology, const std::string& what);

// Largest thread count accepted even with --oversubscribe: beyond it a typo is likelier
// than an experiment.
inline constexpr int kMaxThreads = 4096;

}  // namespace contend
