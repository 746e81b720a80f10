// Reading results files for `contend compare`: parse, check the schema version and the fields
// comparison relies on, and keep per point what matching and the statistics need. Every
// problem is an InputError naming the file and the key (or line and column) and what was
// expected, so a bad file is one clear line, never a crash or a silently skipped point.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace contend {

// Results files from a big machine (c2c over hundreds of PUs, per-thread records of many
// points) run to tens of megabytes; a file past this is not a results file.
inline constexpr std::size_t kMaxResultsBytes = std::size_t{256} << 20;

struct PointRecord {
  std::string workload;
  std::string family;
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
  std::map<std::string, std::vector<double>> values;  // metric -> per-repetition values

  // "atomic_add order=relaxed", for tables and messages.
  std::string label() const;
  // "order=relaxed stride=64"; "" without parameters.
  std::string params_text() const;
};

struct ResultsFile {
  std::string path;     // as given, for messages
  std::string machine;  // "CPU model (host)"
  nlohmann::json tool;
  nlohmann::json context;
  std::vector<std::string> warnings;
  bool interrupted = false;
  std::vector<PointRecord> points;
};

// Reads and checks `path`. Throws InputError for a missing or unreadable file, malformed or
// truncated JSON (with line and column), a schema_version other than ours, a kind other than
// "run", and missing or mistyped fields.
ResultsFile load_results(const std::string& path);

// The same from text already read; `name` stands for the file in messages.
ResultsFile parse_results(const std::string& text, const std::string& name);

}  // namespace contend
