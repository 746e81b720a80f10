// The comparison as text: a console report (aligned columns, machines as letters with a
// legend) or Markdown for reports (pipe tables, headers naming machines "CPU model (host)").
// Both show the method (console text wrapped to 100 columns), the runs of each side, the
// context differences, one row per baseline point, the points only a candidate has, one
// summary line per family and candidate, and what the intervals do not cover.
#pragma once

#include <string>

#include "compare/comparison.hpp"

namespace contend {

enum class TextFormat { kConsole, kMarkdown };

std::string render_text(const Comparison& comparison, TextFormat format);

// How the figures, intervals and verdicts are made, as one paragraph naming the options.
std::string method_text(const Comparison& comparison);

// What the intervals do not cover, printed next to the verdict counts.
inline constexpr const char* kDriftCaveat =
    "Caveat: between runs, the interval covers what the runs given show, or --run-spread "
    "assumes; drift beyond that (a reboot, a moved VM, other firmware) is not covered: give "
    "several runs per side (a1.json a2.json -- b1.json b2.json) to measure it.";

// One line for a CI log: the verdict counts over every candidate and, with --fail-on, whether
// the comparison fails ("...; --fail-on slower: FAIL").
std::string verdict_line(const Comparison& comparison);

// "55.0M" for large figures, three significant digits otherwise.
std::string format_figure(double value);

// "numa (compact)": the relationship the point measured, and how it was placed.
std::string placement_text(const PointRecord& point);

}  // namespace contend
