// The compact table printed after a run. Every figure in it is a summary median (or MdAPE)
// stored in the results file, printed with its unit.
#pragma once

#include <string>
#include <vector>

#include "runner/point_runner.hpp"

namespace contend {

std::string console_table(const std::vector<PointResult>& points);

// 123456789 -> "123.5M"; for ops/s columns.
std::string si_format(double value);

}  // namespace contend
