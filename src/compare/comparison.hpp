// The comparison itself: for every matched point, the ratio candidate/baseline of the metric's
// figures, an interval that covers run-to-run variation (compare/interval.hpp), and a verdict;
// a per-family summary; the context differences. Renderers (compare/table,
// compare/compare_json) only format this.
//
// Each side of a comparison (the baseline A, candidates B, C, ...) is one or more independent
// runs of one build: `contend compare a1.json a2.json -- b1.json b2.json`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compare/context_diff.hpp"
#include "compare/interval.hpp"
#include "compare/load.hpp"
#include "compare/match.hpp"
#include "stats/bootstrap.hpp"

namespace contend {

enum class Verdict { kFaster, kSlower, kWithinNoise };
std::string_view to_string(Verdict verdict);  // "faster", "slower", "within_noise"

// Which verdict makes `contend compare` exit 1 (--fail-on).
enum class FailOn { kNever, kSlower, kFaster, kAny };
std::string_view to_string(FailOn fail_on);  // "never", "slower", "faster", "any"

// The defaults here are the only ones: the CLI shows them in --help from these values.
struct CompareOptions {
  std::string metric;  // "" for the files' headline metric (ops_per_sec; one_way_ns for c2c)
  BootstrapOptions bootstrap;
  double min_effect = 0.02;  // smallest change called faster/slower, as a fraction
  // Least run-to-run spread credited to each side (standard deviation of log(run figure)).
  // On the development VM single points drift 8-13% between back-to-back runs of one build;
  // 5% is the smallest allowance that stops those being called changes there
  // (bench/compare_false_alarm.py prints the calibration).
  double run_spread = 0.05;
  MatchOptions match;
  FailOn fail_on = FailOn::kNever;
};

// The one rule for "B is better than A", shared with the report's advice through
// tests/data/verdict_cases.json: faster/slower only when the interval excludes 1 *and* the
// ratio moved by at least `min_effect` (symmetric in log space); "faster" means better in the
// metric's direction (a lower ns_per_op is faster).
Verdict judge(const RatioInterval& interval, double min_effect, bool higher_better);

enum class CellStatus {
  kCompared,
  kFailed,         // failed verification (or did not run) in a run of one side or both
  kMissing,        // the baseline point has no counterpart in this candidate
  kNotComparable,  // both ok, but no interval: metric absent, too few repetitions, figure 0
};
std::string_view to_string(CellStatus status);  // "compared", "failed", "missing", ...

// One baseline point against one candidate.
struct Cell {
  CellStatus status = CellStatus::kMissing;
  const PointRecord* point = nullptr;  // the candidate's point (first run), when there is one
  const PointRecord* near = nullptr;   // kMissing: a candidate point at another placement
  std::string reason;                  // why not compared: "failed in B: <why>", ...
  RatioEstimate estimate;              // kCompared: figures, interval, run spreads
  Verdict verdict = Verdict::kWithinNoise;
  std::vector<std::string> notes;  // "noisy in A", "migrated in B2", "B: scatter", ...
};

struct Row {
  const PointRecord* baseline = nullptr;  // in the baseline's first run
  // The baseline's figure (median over its runs of their medians); none when the point failed
  // or lacks the metric. Computed once here: the table prints it and the JSON writes it for
  // every cell, compared or not, so that no figure is shown that the JSON lacks.
  std::optional<double> baseline_median;
  std::vector<Cell> cells;  // one per candidate
};

// A candidate point nothing in the baseline matched.
struct Unmatched {
  const PointRecord* point = nullptr;
  const PointRecord* near = nullptr;  // a baseline point at another placement, or null
};

struct FamilySummary {
  std::string family;
  std::size_t candidate = 0;  // index into Comparison::sides minus 1
  double geomean_ratio = 0;   // of the compared cells; 0 when none
  int faster = 0;
  int slower = 0;
  int within_noise = 0;
  int not_compared = 0;       // baseline points failed, missing or not comparable
  int only_in_candidate = 0;  // candidate points nothing in the baseline matched
};

// Independent runs of one build.
using Side = std::vector<ResultsFile>;

struct Comparison {
  CompareOptions options;
  std::string metric;  // the one compared (options.metric, or the files' headline metric)
  bool higher_better = true;
  std::shared_ptr<const std::vector<Side>> sides;  // [0] is the baseline
  std::vector<std::string> names;                  // per side: machine, made unique
  std::vector<const ResultsFile*> files;           // every run, side by side
  std::vector<std::string> file_labels;            // per file: "A", or "A1", "A2" for runs
  std::vector<ContextDifference> context;          // one value per file
  std::vector<std::string> file_notes;  // interrupted runs, warnings one file has, --pair
  std::vector<Row> rows;                // baseline order
  std::vector<std::vector<Unmatched>> only_in_candidate;  // per candidate
  std::vector<FamilySummary> families;                    // family order, then candidate
};

// Compares sides[1..] against sides[0]. Throws InputError for fewer than two sides, an empty
// side, files of different kinds, a metric no point has or the files give no direction (or
// opposite ones), and a --pair naming what the files do not run.
Comparison compare_sides(std::vector<Side> sides, const CompareOptions& options);

// One run per side: files[0] the baseline, the rest candidates.
Comparison compare_results(const std::vector<ResultsFile>& files, const CompareOptions& options);

// Verdict counts over every compared cell of every candidate.
struct Tally {
  int faster = 0;
  int slower = 0;
  int within_noise = 0;
  int not_compared = 0;
};
Tally tally(const Comparison& comparison);

// The exit code of `contend compare`, the one rule: 1 when a compared cell has the verdict
// --fail-on names, 0 otherwise (bad input is an InputError, exit 2, before any of this).
int exit_code(const Comparison& comparison);

// "A", "B", ... for side i.
std::string file_letter(std::size_t i);

}  // namespace contend
