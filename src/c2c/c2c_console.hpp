// What `contend c2c` prints: per mode, the median matrix (small machines only), the summary
// per shared level and the latency clusters. Warnings are printed by the caller.
#pragma once

#include <string>

#include "c2c/analysis.hpp"

namespace contend {

// Matrices wider than this many PUs are left to the results file and the heatmap.
inline constexpr std::size_t kConsoleMatrixMaxPus = 24;

std::string c2c_console(const C2cRun& run);

}  // namespace contend
