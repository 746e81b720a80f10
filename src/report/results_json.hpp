// The results document: schema version, tool, run, context, warnings and one record per
// point with raw per-repetition figures and their summaries (see docs/results-format.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "contract/descriptors.hpp"
#include "report/context.hpp"
#include "runner/point_runner.hpp"

namespace contend {

struct RunInfo {
  std::vector<std::string> argv;
  std::string scenario;       // scenario name, "cli" for --workload runs
  std::string scenario_file;  // "" when none
  std::string description;
  std::string started_at;  // ISO 8601 UTC
  std::string finished_at;
  double wall_time_s = 0;
  bool interrupted = false;
  // `run` files: "interleaved" (repetitions in rounds over the points) or "in_order" (each
  // point's back to back); "" (c2c files): not written.
  std::string repetition_order;
};

nlohmann::json point_json(const PointResult& result, int index);

// What every results document holds (schema_version, kind, tool, run, context, warnings);
// kind "run" adds "points" and "metrics", kind "c2c" adds "c2c".
nlohmann::json results_envelope(const std::string& kind, const RunInfo& run,
                                const SystemFacts& facts, const Warnings& warnings);

// The whole document for kind "run". `warnings` are the run's (context ones included).
nlohmann::json results_document(const RunInfo& run, const SystemFacts& facts,
                                const std::vector<PointResult>& points, const Warnings& warnings);

// {name: {unit, better, description}} for the metrics that appear in `points`. Throws
// std::logic_error for a metric missing from the catalogue (a test runs every workload).
nlohmann::json metrics_json(const std::vector<PointResult>& points);

// A document as the text of a file: indented, one trailing newline. Invalid UTF-8 (an argument,
// a host name, a file name) becomes U+FFFD rather than an exception after everything was
// measured or compared. Every JSON document contend writes goes through here.
std::string document_text(const nlohmann::json& document);

// Current time as "2026-11-26T20:50:00Z", and the compact form used in file names.
std::string utc_timestamp();
std::string utc_file_stamp();

}  // namespace contend
