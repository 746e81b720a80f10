// `contend run` (and `contend` alone): expand scenarios or one --workload into points,
// measure them, write the results file, print the table.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/common_options.hpp"
#include "topology/placement.hpp"
#include "util/defaults.hpp"

namespace contend {

struct RunOptions {
  std::vector<std::string> scenarios;   // names or files; none: the default suite
  std::string workload;                 // run one workload without a scenario file
  std::vector<std::string> params;      // "key=value" or "key=v1,v2" (a sweep)
  std::string threads;                  // "1,2,pus"
  std::vector<std::string> placements;  // each "compact,scatter" or a PU list "0,2-3"
  std::string homes;                    // "first,node:1,interleave"
  std::string duration;
  std::string warmup;
  std::string repetitions;  // parsed later, so that every bad value gets our own message
  bool quick = false;
  std::string out;  // directory, or a .json file name
  bool force = false;
  bool dry_run = false;
  bool oversubscribe = false;
  bool no_pin = false;
  bool until_stable = false;
  std::string max_repetitions = std::to_string(defaults::kMaxRepetitions);
  double noise_threshold_pct = defaults::kNoiseThreshold_pct;
  bool no_sampling = false;
  std::string sample_spacing;    // --sample-spacing, a duration with a unit
  bool stop_on_failure = false;  // stop at the first failed point (results still written)
  bool in_order = false;         // each point's repetitions back to back, not in rounds
  bool wide = false;             // the table's workload column with every parameter
};

CLI::App* add_run_command(CLI::App& app, RunOptions& options);

// The --placement values as specs: each value is a comma list of strategy names, where a run
// of PU numbers and ranges is one explicit list ("compact,scatter", "0,2-3", "cores,0-3").
std::vector<PlacementSpec> parse_placements(const std::vector<std::string>& values);
int run_run_command(const RunOptions& options, const Invocation& invocation);

}  // namespace contend
