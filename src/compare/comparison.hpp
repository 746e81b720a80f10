// The comparison itself: for every matched point, the ratio candidate/baseline of the metric's
// medians, a bootstrap interval from the repetitions, and a verdict; a per-family summary; the
// context differences. Renderers (compare/table, compare/compare_json) only format this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compare/context_diff.hpp"
#include "compare/load.hpp"
#include "compare/match.hpp"
#include "stats/bootstrap.hpp"

namespace contend {

struct CompareOptions {
  std::string metric = "ops_per_sec";
  BootstrapOptions bootstrap;
  double min_effect = 0.02;  // smallest |ratio - 1| called a change, as a fraction
  MatchOptions match;
};

// Fewer repetitions than this on either side give no interval, hence no verdict.
inline constexpr std::size_t kMinRepetitions = 2;

// Throughput-like metrics are better higher; times and per-operation costs lower: names ending
// in _ns or _per_op (ns_per_op, latency_p99_ns, cas_failures_per_op), lost_updates, max_share,
// system_time_fraction.
bool higher_is_better(std::string_view metric);

enum class Verdict { kFaster, kSlower, kWithinNoise };
std::string_view to_string(Verdict verdict);  // "faster", "slower", "within_noise"

// Faster/slower only when the interval excludes 1 *and* the ratio moved by at least
// `min_effect`; "faster" means better in the metric's direction (a lower ns_per_op is faster).
Verdict judge(const RatioInterval& interval, double min_effect, bool higher_better);

enum class CellStatus {
  kCompared,
  kFailed,         // failed verification (or did not run) in one file or both: no numbers
  kMissing,        // the baseline point has no counterpart in this candidate
  kNotComparable,  // both ok, but no interval: metric absent, too few repetitions, median 0
};
std::string_view to_string(CellStatus status);  // "compared", "failed", "missing", ...

// One baseline point against one candidate.
struct Cell {
  CellStatus status = CellStatus::kMissing;
  const PointRecord* point = nullptr;  // the candidate's point, when there is one
  const PointRecord* near = nullptr;   // kMissing: a candidate point at another placement
  std::string reason;                  // why not compared: "failed in B: <why>", ...
  double baseline_median = 0;  // kCompared: the row's baseline_median, what the ratio divides
  double candidate_median = 0;
  RatioInterval interval;
  Verdict verdict = Verdict::kWithinNoise;
  std::vector<std::string> notes;  // "noisy in A", "migrated in B", "B: scatter", ...
};

struct Row {
  const PointRecord* baseline = nullptr;
  // The metric's median over the baseline's repetitions; none when the point failed or lacks
  // the metric. Computed once here: the table prints it and the JSON writes it for every cell,
  // compared or not, so that no figure is shown that the JSON lacks.
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
  std::size_t candidate = 0;  // index into Comparison::files minus 1
  double geomean_ratio = 0;   // of the compared cells; 0 when none
  int faster = 0;
  int slower = 0;
  int within_noise = 0;
  int not_compared = 0;       // baseline points failed, missing or not comparable
  int only_in_candidate = 0;  // candidate points nothing in the baseline matched
};

struct Comparison {
  CompareOptions options;
  bool higher_better = true;
  const std::vector<ResultsFile>* files = nullptr;  // [0] is the baseline; caller keeps them
  std::vector<std::string> names;                   // per file: machine, made unique
  std::vector<ContextDifference> context;
  std::vector<std::string> file_notes;  // interrupted runs, warnings one file has, --pair
  std::vector<Row> rows;                // baseline order
  std::vector<std::vector<Unmatched>> only_in_candidate;  // per candidate
  std::vector<FamilySummary> families;                    // family order, then candidate
};

// Compares files[1..] against files[0]. Throws InputError for fewer than two files and for a
// --pair naming a workload the files do not run.
Comparison compare_results(const std::vector<ResultsFile>& files, const CompareOptions& options);

// "A", "B", ... for file i.
std::string file_letter(std::size_t i);

}  // namespace contend
