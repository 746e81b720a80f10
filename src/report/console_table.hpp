// The compact table printed while a run goes: a header before the first point, then one row
// per point as it finishes. Every figure in it is a summary median (or MdAPE) stored in the
// results file, printed with its unit.
//
// By default the table fits 100 columns: parameters go on a second line, cut with "..." when
// longer than the line (the results file has them in full). Wide tables put them after the
// workload's name, however long.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runner/point_runner.hpp"
#include "util/console.hpp"

namespace contend {

inline constexpr std::size_t kTableColumns = 100;

struct TableLayout {
  bool wide = false;
  std::size_t name_width = 18;  // the workload column
};

// The layout for the planned points: set before measuring so that rows can stream.
TableLayout table_layout(const std::vector<MeasurementPoint>& points, bool wide);

std::string console_header(const TableLayout& layout);
std::string console_row(const PointResult& result, const TableLayout& layout);

// Header and every row.
std::string console_table(const std::vector<PointResult>& points, bool wide = false);

}  // namespace contend
