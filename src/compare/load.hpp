// Reading results files for `contend compare`: parse, check the schema version and the fields
// comparison relies on, and keep per point what matching and the statistics need. Every
// problem is an InputError naming the file and the key (or line and column) and what was
// expected, so a bad file is one clear line, never a crash or a silently skipped point.
//
// Both kinds compare. A "run" file gives one record per point. A "c2c" file gives one record
// per (mode, shared level): its values are the one-way medians of the PU pairs at that level,
// so files from machines with different CPU numbering compare by relationship.
//
// Schema version 2 files say what their figures mean (a metric table with units and better
// directions, a role per point, coded warnings); version 1 files do not, and are read with
// the name rule of metric_better() as their only guess.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "contract/descriptors.hpp"
#include "contract/warning.hpp"

namespace contend {

// Results files from a big machine (c2c over hundreds of PUs, per-thread records of many
// points) run to tens of megabytes; a file past this is not a results file.
inline constexpr std::size_t kMaxResultsBytes = std::size_t{256} << 20;

// Fewer values than this in a run give no interval, hence no verdict: a run point needs two
// repetitions; a c2c level one pair (each pair's value is already a median over many samples).
inline constexpr std::size_t kMinRepetitions = 2;

struct PointRecord {
  std::string workload;  // "c2c" for a c2c level
  std::string family;
  std::string role;       // candidate, baseline, unsafe, reference; "" in version 1 files
  nlohmann::json params;  // object; keys sorted, so dump() is a canonical form
  int threads = 0;
  std::string strategy;      // placement.strategy
  std::string shared_level;  // placement.shared_level
  bool ok = false;           // status "ok", verification passed, every repetition verified
  std::string failure;       // why not ok: the point's error, or the verification outcome
  bool noisy = false;
  bool migrated = false;
  bool oversubscribed = false;
  bool pinned = true;
  std::size_t min_values = kMinRepetitions;
  std::vector<std::string> notes;  // what the reader should know: "2 of 6 pairs failed"
  std::map<std::string, std::vector<double>> values;  // metric -> per-repetition values

  // "atomic_add order=relaxed", for tables and messages.
  std::string label() const;
  // "order=relaxed stride=64"; "" without parameters.
  std::string params_text() const;
};

struct MetricDescriptor {
  std::string unit;
  Better better = Better::kNone;
};

struct ResultsFile {
  std::string path;     // as given, for messages
  std::string machine;  // "CPU model (host)"
  int schema_version = 0;
  std::string kind;  // "run" or "c2c"
  nlohmann::json tool;
  nlohmann::json context;
  std::map<std::string, MetricDescriptor> metrics;  // the file's own table; empty in version 1
  // How the figures were measured, for the context differences: ("duration", "200ms"), ...
  std::vector<std::pair<std::string, std::string>> settings;
  std::vector<Warning> warnings;  // version 1 files have text only: code "", no figures
  bool interrupted = false;
  std::vector<PointRecord> points;
};

// Reads and checks `path`. Throws InputError for a missing or unreadable file, malformed or
// truncated JSON (with line and column), a schema_version this contend cannot read, a kind
// other than "run" or "c2c", and missing or mistyped fields.
ResultsFile load_results(const std::string& path);

// The same from text already read; `name` stands for the file in messages.
ResultsFile parse_results(const std::string& text, const std::string& name);

// The figure compared when --metric is not given: ops_per_sec for runs, one_way_ns for c2c.
std::string headline_metric(const ResultsFile& file);

// Which way `metric` is better: what the files' metric tables declare (every file that
// declares it must agree, InputError otherwise). Where none does (version 1 files), version
// 1's rule, here and nowhere else: names ending in _ns or _per_op, lost_updates, max_share
// and system_time_fraction are better lower, everything else higher.
Better metric_better(const std::vector<const ResultsFile*>& files, const std::string& metric);

}  // namespace contend
