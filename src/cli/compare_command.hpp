// `contend compare A.json B.json [C.json ...]`: where the candidates differ from the baseline
// (the first file), by how much, and whether that is more than noise.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace contend {

struct CompareCommandOptions {
  std::vector<std::string> files;  // baseline first; at least two
  std::string format = "console";  // console | markdown | json
  std::string metric = "ops_per_sec";
  double confidence = 0.95;
  int resamples = 2000;
  std::string min_effect = "2%";  // percent, "%" optional
  std::uint64_t seed = 1;
  std::string match_placement = "level";  // level | strategy
  std::vector<std::string> pairs;         // "mutex=atomic_add"
  std::string out;                        // file; "" for stdout
  bool force = false;
};

CLI::App* add_compare_command(CLI::App& app, CompareCommandOptions& options);
int run_compare_command(const CompareCommandOptions& options);

}  // namespace contend
