// The two serial checks around a c2c matrix: the sibling probe before it (hidden SMT siblings
// merge their cores before the core-aware schedule is built) and the re-check after it (a few
// pairs measured alone against their concurrent figures). Both stop at Ctrl-C.
#pragma once

#include <vector>

#include "c2c/analysis.hpp"
#include "c2c/schedule.hpp"
#include "topology/topology.hpp"

namespace contend {

// Probes every pair of `run.pus` on different cores of `core_of` (one at a time) and records
// it in run.sibling_probe; returns the cores with hidden siblings merged (core_of itself when
// none, or when interrupted).
std::vector<int> run_sibling_probe(const Topology& topology, C2cRun& run,
                                   const std::vector<int>& core_of);

// Re-measures a seeded selection of the matrix's measured pairs alone, in every mode, and
// records them in run.serial_recheck. `run.modes` must already hold the analysed matrix.
void run_serial_recheck(const Topology& topology, C2cRun& run);

}  // namespace contend
