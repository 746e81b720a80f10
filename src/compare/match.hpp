// Which point of a candidate results file stands for which point of the baseline.
//
// Points match on workload, parameters, thread count and the placement *relationship*: the
// closest level the threads' PUs share (pu, core, l2, l3, numa, package, machine), never CPU
// numbers, so a 2-core laptop and a 64-core server compare wherever they measured the same
// relationship. One file often holds several points with the same key (at 1 thread compact and
// scatter both share "pu"; on a 2-core machine every 2-thread placement shares the same level):
// those pair by strategy name first, then in file order; whatever is left over is reported as
// present in one file only, never dropped silently. `--match-placement strategy` keys on the
// strategy name instead (to compare a run against one with fewer usable PUs, where the same
// strategy lands on a different level).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compare/load.hpp"

namespace contend {

enum class MatchPlacement { kSharedLevel, kStrategy };

// --pair: one thing in the candidates stands in for another in the baseline.
//   BASE=CAND         workload CAND for workload BASE (mutex=atomic_add); parameters then
//                     match on the names both workloads have.
//   PARAM:BASE=CAND   parameter PARAM's value CAND for its value BASE (stride:8=64).
// Where one file holds both, the baseline's CAND points and the candidates' BASE points are
// set aside, so a file compares with itself.
struct WorkloadPair {
  std::string baseline;
  std::string candidate;
  std::string param;  // "" for a workload pair

  // InputError naming `what` unless `text` has one of the forms above.
  static WorkloadPair parse(std::string_view text, const std::string& what);
  // "mutex=atomic_add", "stride:8=64".
  std::string text() const;
  // Whether `file` has a point of the baseline's (or the candidate's) side of the pair.
  bool present(const ResultsFile& file, bool candidate) const;
};

struct MatchOptions {
  MatchPlacement placement = MatchPlacement::kSharedLevel;
  std::vector<WorkloadPair> pairs;
};

// One entry per point of either file. Exactly one side is null for a point present in one file
// only; `near` then names a point of the other file that differs from it only in placement (so
// the reader learns why it did not match), or is null.
struct PointMatch {
  const PointRecord* baseline = nullptr;
  const PointRecord* candidate = nullptr;
  const PointRecord* near = nullptr;
};

struct Matching {
  std::vector<PointMatch> matches;  // baseline order, then candidate-only points in file order
  int set_aside_baseline = 0;       // points --pair took out of the comparison
  int set_aside_candidate = 0;
};

Matching match_points(const ResultsFile& baseline, const ResultsFile& candidate,
                      const MatchOptions& options);

// The parameter's value as text ("relaxed", "64"); "" when the point has no such parameter.
std::string param_value(const PointRecord& point, const std::string& param);

}  // namespace contend
