// What a results file says about its own figures, so readers (compare, the report's advice,
// charts) act on declared facts instead of guessing from names: each workload's role and each
// metric's unit and direction.
#pragma once

#include <span>
#include <string_view>

namespace contend {

// The results file format; bumped when a reader of the previous one would misread a file.
// 2: metric descriptors, workload roles, warnings as {code, text, figures}.
inline constexpr int kSchemaVersion = 2;

enum class WorkloadRole {
  kCandidate,  // a design you might choose
  kBaseline,   // what the candidates are compared with (the plain mutex)
  kUnsafe,     // deliberately wrong (loses updates): measured to show the cost of correctness
  kReference,  // a yardstick, not a choice (the empty loop, the sequential reference)
};

enum class Better { kHigher, kLower, kNone };

struct MetricInfo {
  std::string_view name;  // as in repetitions[].metrics and summary
  std::string_view unit;  // "ops/s", "ns", "1" for ratios and counts per op
  Better better;
  std::string_view description;
};

// Every metric the runner or a workload can write. A new metric is one line here; a test
// fails when a run writes a metric missing from it.
std::span<const MetricInfo> metric_catalogue();

// nullptr when `name` is not in the catalogue.
const MetricInfo* find_metric(std::string_view name);

std::string_view to_string(WorkloadRole role);
std::string_view to_string(Better better);

}  // namespace contend
