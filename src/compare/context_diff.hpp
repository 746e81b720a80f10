// What differs between the machines, builds and run settings behind the files being compared:
// the facts that change figures (cache line size, VM or bare metal, build type, governor, SMT,
// compiler, usable PUs, ...) and how each run measured (duration, repetitions, warm-up,
// pinning, sampling, batch size; for c2c samples, rounds, schedule). Listed above the
// comparison so a reader weighs a ratio knowing them.
#pragma once

#include <string>
#include <vector>

#include "compare/load.hpp"

namespace contend {

struct ContextDifference {
  std::string what;                 // "cache line bytes"
  std::vector<std::string> values;  // one per file, as printed: "64", "bare metal", "absent"
};

// The facts and settings whose printed value is not the same in every file: machine and build
// facts in a fixed order, then the settings in the order the files list them.
std::vector<ContextDifference> context_differences(const std::vector<const ResultsFile*>& files);

}  // namespace contend
