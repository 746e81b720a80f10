#include "cli/compare_command.hpp"

#include <fmt/format.h>

#include <string_view>

#include "cli/common_options.hpp"
#include "compare/compare_json.hpp"
#include "compare/comparison.hpp"
#include "compare/load.hpp"
#include "compare/table.hpp"
#include "report/atomic_file.hpp"
#include "report/results_json.hpp"
#include "util/console.hpp"
#include "util/error.hpp"
#include "util/parse.hpp"

namespace contend {

namespace {

// "2%", "2" or "0.5%": a percentage in [0, 100), returned as a fraction.
double parse_percent(const std::string& text, const std::string& what) {
  std::string_view number = text;
  if (number.ends_with('%')) number.remove_suffix(1);
  double value = 0;
  if (!parse_double(number, value) || !(value >= 0 && value < 100)) {
    throw InputError(fmt::format("{}: expected a percentage in [0, 100) such as 2%, got '{}'", what,
                                 excerpt(text)));
  }
  return value / 100;
}

CompareOptions comparison_options(const CompareCommandOptions& o) {
  if (!(o.confidence > 0 && o.confidence < 1)) {
    throw InputError(
        fmt::format("--confidence: expected a level in (0, 1) such as 0.95, got {}", o.confidence));
  }
  CompareOptions options;
  options.metric = o.metric;
  options.bootstrap.confidence = o.confidence;
  options.bootstrap.resamples = o.resamples;
  options.bootstrap.seed = o.seed;
  options.min_effect = parse_percent(o.min_effect, "--min-effect");
  options.match.placement =
      o.match_placement == "strategy" ? MatchPlacement::kStrategy : MatchPlacement::kSharedLevel;
  for (const auto& pair : o.pairs)
    options.match.pairs.push_back(WorkloadPair::parse(pair, "--pair"));
  return options;
}

void write_output(const CompareCommandOptions& o, const std::string& text) {
  if (o.out.empty()) {
    print_to(stdout, "{}", text);
  } else {
    write_file_atomically(o.out, text, o.force);
  }
}

}  // namespace

CLI::App* add_compare_command(CLI::App& app, CompareCommandOptions& o) {
  auto* cmd = app.add_subcommand(
      "compare",
      "Compare results files: ratio of medians per matched point, a bootstrap interval, and "
      "whether the change is more than noise. The first file is the baseline");
  cmd->add_option("files", o.files, "Results files, baseline first")->required()->expected(2, -1);
  cmd->add_option("--format", o.format, "console (default), markdown or json")
      ->check(CLI::IsMember({"console", "markdown", "json"}));
  cmd->add_option("--metric", o.metric,
                  "Figure to compare (default ops_per_sec; *_ns and *_per_op: lower is better)");
  cmd->add_option("--confidence", o.confidence, "Interval confidence level (default 0.95)");
  cmd->add_option("--resamples", o.resamples, "Bootstrap resamples (default 2000)")
      ->check(CLI::Range(100, 1000000));
  cmd->add_option("--min-effect", o.min_effect,
                  "Smallest change called faster/slower, in percent (default 2%)");
  cmd->add_option("--seed", o.seed, "Bootstrap seed (default 1): same inputs, same intervals");
  cmd->add_option("--match-placement", o.match_placement,
                  "Pair points by the level their PUs share (level, default) or by strategy name")
      ->check(CLI::IsMember({"level", "strategy"}));
  cmd->add_option("--pair", o.pairs,
                  "BASE=CAND: workload CAND in the candidates stands in for BASE in the baseline "
                  "(e.g. mutex=atomic_add); repeatable");
  cmd->add_option("-o,--out", o.out, "Write the report to this file instead of stdout");
  cmd->add_flag("-f,--force", o.force, "Replace an existing --out file");
  return cmd;
}

int run_compare_command(const CompareCommandOptions& o) {
  const CompareOptions options = comparison_options(o);
  if (!o.out.empty()) check_output_file(o.out, o.force, "--out");  // before any work
  std::vector<ResultsFile> files;
  for (const auto& path : o.files) files.push_back(load_results(path));
  const Comparison comparison = compare_results(files, options);
  if (o.format == "json") {
    write_output(o, document_text(comparison_json(comparison)));
  } else {
    write_output(o, render_text(comparison, o.format == "markdown" ? TextFormat::kMarkdown
                                                                   : TextFormat::kConsole));
  }
  return 0;
}

}  // namespace contend
