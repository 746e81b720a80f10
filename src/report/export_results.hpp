// `contend export`: a run's results file in formats other tools read.
//
//   csv       one row per point and metric (summary over the repetitions), with units
//   gbench    Google Benchmark's JSON: per repetition an "iteration" entry, per point the
//             median/mean/stddev/cv "aggregate" entries, as its tools/compare.py reads them;
//             real_time and cpu_time are ns per operation, iterations the operations counted
//   markdown  one table of the points, for reports and pull requests
//
// Every function takes a parsed results document of kind "run" (check_run_document says why
// another is refused) and never measures anything.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace contend {

// Throws InputError naming `name` unless `document` is a results file of kind "run" with a
// list of points.
void check_run_document(const nlohmann::json& document, const std::string& name);

std::string export_csv(const nlohmann::json& document);
nlohmann::json export_gbench(const nlohmann::json& document);
std::string export_markdown(const nlohmann::json& document);

}  // namespace contend
