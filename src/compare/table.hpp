// The comparison as text: a console report (aligned columns, machines as letters with a
// legend) or Markdown for reports (pipe tables, headers naming machines "CPU model (host)").
// Both show the method, the machines, the context differences, one row per baseline point,
// the points only a candidate has, and one summary line per family and candidate.
#pragma once

#include <string>

#include "compare/comparison.hpp"

namespace contend {

enum class TextFormat { kConsole, kMarkdown };

std::string render_text(const Comparison& comparison, TextFormat format);

// "55.0M" for large figures, three significant digits otherwise.
std::string format_figure(double value);

// "numa (compact)": the relationship the point measured, and how it was placed.
std::string placement_text(const PointRecord& point);

}  // namespace contend
