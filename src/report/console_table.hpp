// The compact table printed after a run. Every figure in it is a summary median (or MdAPE)
// stored in the results file, printed with its unit.
#pragma once

#include <string>
#include <vector>

#include "runner/point_runner.hpp"
#include "util/console.hpp"

namespace contend {

std::string console_table(const std::vector<PointResult>& points);

}  // namespace contend
