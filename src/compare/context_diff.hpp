// What differs between the machines and builds behind the files being compared: the facts
// that change figures (cache line size, VM or bare metal, build type, governor, SMT, compiler,
// usable PUs, ...). Listed above the comparison so a reader weighs a ratio knowing them.
#pragma once

#include <string>
#include <vector>

#include "compare/load.hpp"

namespace contend {

struct ContextDifference {
  std::string what;                 // "cache line bytes"
  std::vector<std::string> values;  // one per file, as printed: "64", "bare metal", "absent"
};

// The facts whose printed value is not the same in every file, in a fixed order.
std::vector<ContextDifference> context_differences(const std::vector<ResultsFile>& files);

}  // namespace contend
