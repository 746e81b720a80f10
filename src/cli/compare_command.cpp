#include "cli/compare_command.hpp"

#include <fmt/format.h>

#include <string_view>

#include "cli/common_options.hpp"
#include "compare/compare_json.hpp"
#include "compare/load.hpp"
#include "compare/table.hpp"
#include "platform/atomic_file.hpp"
#include "platform/error.hpp"
#include "report/results_json.hpp"
#include "session/output.hpp"
#include "util/console.hpp"
#include "util/parse.hpp"

namespace contend {

namespace {

std::string percent_text(double fraction) {
  return fmt::format("{:g}%", fraction * 100);
}

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
  CompareOptions options = o.compare;
  const double confidence = options.bootstrap.confidence;
  if (!(confidence > 0 && confidence < 1)) {
    throw InputError(
        fmt::format("--confidence: expected a level in (0, 1) such as 0.95, got {}", confidence));
  }
  options.min_effect = parse_percent(o.min_effect, "--min-effect");
  options.run_spread = parse_percent(o.run_spread, "--run-spread");
  options.match.placement =
      o.match_placement == "strategy" ? MatchPlacement::kStrategy : MatchPlacement::kSharedLevel;
  for (const auto& pair : o.pairs) {
    options.match.pairs.push_back(WorkloadPair::parse(pair, "--pair"));
  }
  options.fail_on = o.fail_on == "slower"   ? FailOn::kSlower
                    : o.fail_on == "faster" ? FailOn::kFaster
                    : o.fail_on == "any"    ? FailOn::kAny
                                            : FailOn::kNever;
  return options;
}

// Without --, every file is a side of one run; with it, the runs before and after are the
// baseline and the candidate.
std::vector<Side> load_sides(const CompareCommandOptions& o) {
  auto load = [](const std::vector<std::string>& paths) {
    Side side;
    for (const auto& path : paths) side.push_back(load_results(path));
    return side;
  };
  std::vector<Side> sides;
  if (o.runs_after_separator.empty()) {
    for (const auto& path : o.files) sides.push_back({load_results(path)});
  } else {
    sides.push_back(load(o.files));
    sides.push_back(load(o.runs_after_separator));
  }
  return sides;
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
      "Compare results files: ratio of figures per matched point, an interval covering the "
      "spread between runs, and whether the change is more than noise. The first file (or the "
      "files before --) is the baseline");
  o.min_effect = percent_text(o.compare.min_effect);
  o.run_spread = percent_text(o.compare.run_spread);
  cmd->add_option("files", o.files,
                  "Results files: BASE CAND [CAND ...], one run each; or several runs of the "
                  "baseline, then -- and runs of the candidate: a1.json a2.json -- b1.json "
                  "b2.json (options go before --)")
      ->required()
      ->expected(1, -1);
  // CLI11 hands what follows -- back to the top level: an unnamed group there takes it, and
  // refuses it, as CLI11 would have, unless compare ran.
  auto* after = app.add_option_group("");
  after->add_option("runs", o.runs_after_separator)->expected(0, -1);
  after->callback([cmd, &o] {
    if (!o.runs_after_separator.empty() && !cmd->parsed()) {
      throw CLI::ExtrasError(o.runs_after_separator);
    }
  });
  cmd->add_option("--format", o.format, "console, markdown or json")
      ->check(CLI::IsMember({"console", "markdown", "json"}))
      ->capture_default_str();
  cmd->add_option("--metric", o.compare.metric,
                  "Figure to compare (default: ops_per_sec, one_way_ns for c2c files); the "
                  "files' metric table says which way is better");
  cmd->add_option("--confidence", o.compare.bootstrap.confidence, "Interval confidence level")
      ->capture_default_str();
  cmd->add_option("--resamples", o.compare.bootstrap.resamples, "Bootstrap resamples")
      ->check(CLI::Range(100, 1000000))
      ->capture_default_str();
  cmd->add_option("--min-effect", o.min_effect, "Smallest change called faster/slower, in percent")
      ->capture_default_str();
  cmd->add_option("--run-spread", o.run_spread,
                  "Least spread between runs credited to each side, in percent (a single run "
                  "cannot show it; see bench/compare_false_alarm.py)")
      ->capture_default_str();
  cmd->add_option("--seed", o.compare.bootstrap.seed, "Bootstrap seed: same inputs, same intervals")
      ->capture_default_str();
  cmd->add_option("--match-placement", o.match_placement,
                  "Pair points by the level their PUs share (level) or by strategy name")
      ->check(CLI::IsMember({"level", "strategy"}))
      ->capture_default_str();
  cmd->add_option("--pair", o.pairs,
                  "BASE=CAND: workload CAND in the candidates stands in for BASE in the baseline "
                  "(mutex=atomic_add); PARAM:BASE=CAND the same for a parameter's values "
                  "(stride:8=64); repeatable");
  cmd->add_option("--fail-on", o.fail_on,
                  "Exit 1 when a compared point has this verdict: slower, faster or any "
                  "(prints a one-line summary to stderr)")
      ->check(CLI::IsMember({"never", "slower", "faster", "any"}))
      ->capture_default_str();
  cmd->add_option("-o,--out", o.out, "Write the report to this file instead of stdout");
  cmd->add_flag("-f,--force", o.force, "Replace an existing --out file");
  return cmd;
}

int run_compare_command(const CompareCommandOptions& o) {
  const CompareOptions options = comparison_options(o);
  if (!o.out.empty()) check_output_file(o.out, o.force, "--out");  // before any work
  const Comparison comparison = compare_sides(load_sides(o), options);
  if (o.format == "json") {
    write_output(o, document_text(comparison_json(comparison)));
  } else {
    write_output(o, render_text(comparison, o.format == "markdown" ? TextFormat::kMarkdown
                                                                   : TextFormat::kConsole));
  }
  if (options.fail_on != FailOn::kNever) print_to(stderr, "{}\n", verdict_line(comparison));
  return exit_code(comparison);
}

}  // namespace contend
