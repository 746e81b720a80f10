// `contend compare A.json B.json [C.json ...]`, or `contend compare a1.json a2.json -- b1.json
// b2.json`: where the candidates differ from the baseline, by how much, and whether that is
// more than the noise between runs. Exit code: 0, or 1 when --fail-on names a verdict found.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "compare/comparison.hpp"

namespace contend {

struct CompareCommandOptions {
  std::vector<std::string> files;  // before --: one run per side, or the baseline's runs
  std::vector<std::string> runs_after_separator;  // after --: the candidate's runs
  std::string format = "console";                 // console | markdown | json
  CompareOptions compare;                         // its defaults are the defaults shown
  std::string min_effect;                         // percent, "%" optional
  std::string run_spread;                         // percent, "%" optional
  std::string match_placement = "level";          // level | strategy
  std::vector<std::string> pairs;                 // "mutex=atomic_add", "stride:8=64"
  std::string fail_on = "never";                  // never | slower | faster | any
  std::string out;                                // file; "" for stdout
  bool force = false;
};

CLI::App* add_compare_command(CLI::App& app, CompareCommandOptions& options);
int run_compare_command(const CompareCommandOptions& options);

}  // namespace contend
