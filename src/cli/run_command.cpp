#include "cli/run_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "report/atomic_file.hpp"
#include "report/console_table.hpp"
#include "report/context.hpp"
#include "report/results_json.hpp"
#include "runner/clock.hpp"
#include "runner/interrupt.hpp"
#include "runner/point_runner.hpp"
#include "scenario/scenario.hpp"
#include "util/error.hpp"
#include "util/parse.hpp"
#include "workloads/registry.hpp"

namespace contend {

namespace {

namespace fs = std::filesystem;

// Short runs for a first look: a fifth of the default time, three repetitions.
constexpr double kQuickDuration_s = 0.05;
constexpr double kQuickWarmup_s = 0.01;
constexpr int kQuickRepetitions = 3;

// --workload W --param k=v[,v2] becomes a one-sweep scenario named "cli".
Scenario scenario_from_flags(const RunOptions& o) {
  Scenario scenario;
  scenario.name = "cli";
  scenario.file = "";
  scenario.description = "contend run --workload " + o.workload;
  Sweep sweep;
  sweep.workload = &find_workload(o.workload, "--workload");
  sweep.where = "--param";
  for (const auto& item : o.params) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw InputError(fmt::format("--param: expected KEY=VALUE, got '{}'", item));
    }
    auto& values = sweep.params[item.substr(0, eq)];
    for (const auto& value : split(item.substr(eq + 1), ',')) {
      values.emplace_back(value);
      resolve_params(sweep.workload->params, {{item.substr(0, eq), values.back()}}, "--param");
    }
  }
  scenario.sweeps.push_back(std::move(sweep));
  return scenario;
}

SweepOverrides overrides_from(const RunOptions& o) {
  SweepOverrides overrides;
  SweepSettings& s = overrides.settings;
  if (o.quick) {
    s.duration_s = kQuickDuration_s;
    s.warmup_s = kQuickWarmup_s;
    s.repetitions = kQuickRepetitions;
  }
  if (!o.threads.empty()) s.threads = split(o.threads, ',');
  if (!o.placements.empty()) {
    std::vector<PlacementSpec> specs;
    for (const auto& p : o.placements) specs.push_back(PlacementSpec::parse(p, "--placement"));
    s.placements = specs;
  }
  if (!o.duration.empty()) {
    s.duration_s = parse_duration_s(o.duration, "--duration");
    if (*s.duration_s > kMaxDuration_s) {
      throw InputError(fmt::format("--duration: expected at most {}s per repetition, got '{}'",
                                   kMaxDuration_s, o.duration));
    }
  }
  if (!o.warmup.empty())
    s.warmup_s = o.warmup == "0" ? 0.0 : parse_duration_s(o.warmup, "--warmup");
  if (o.repetitions > 0) s.repetitions = o.repetitions;
  overrides.oversubscribe = o.oversubscribe;
  return overrides;
}

// Where the results go; the directory is checked now, before anything is measured.
fs::path output_path(const RunOptions& o, const std::string& scenario, const std::string& host) {
  const std::string stem = fmt::format("{}-{}-{}", scenario, host, utc_file_stamp());
  if (o.out.empty()) {
    std::error_code ec;
    fs::create_directories("results", ec);
    check_writable_dir("results", "results directory");
    return fresh_path("results", stem);
  }
  const fs::path out = o.out;
  if (out.extension() == ".json") {
    const fs::path dir = out.parent_path().empty() ? "." : out.parent_path();
    check_writable_dir(dir, "--out");
    if (fs::exists(out) && !o.force) {
      throw InputError(
          fmt::format("--out: {} already exists; pass --force to replace it", out.string()));
    }
    return out;
  }
  check_writable_dir(out, "--out");
  return fresh_path(out, stem);
}

void print_dry_run(const std::vector<MeasurementPoint>& points) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    fmt::print("{:>4}  {}  PUs {}  share {}{}  {} x {}\n", i, describe(p),
               fmt::format("{}", fmt::join(p.placement.pus, ",")),
               to_string(p.placement.shared_level),
               p.placement.oversubscribed ? " (oversubscribed)" : "", p.repetitions,
               format_duration(p.duration_s));
  }
  fmt::print("{} points, estimated {:.0f}s\n", points.size(), estimated_seconds(points));
}

std::string scenario_label(const std::vector<Scenario>& scenarios) {
  std::string label;
  for (const auto& s : scenarios) label += (label.empty() ? "" : "+") + s.name;
  return label;
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, RunOptions& o) {
  auto* cmd = app.add_subcommand("run", "Run scenario files (default: the default suite)");
  cmd->add_option("scenarios", o.scenarios, "Scenario names (scenarios/NAME.json) or files");
  cmd->add_option("-w,--workload", o.workload, "Run one workload instead of scenario files");
  cmd->add_option("-p,--param", o.params, "Workload parameter KEY=VALUE (VALUE may be a,b,c)")
      ->allow_extra_args(false);
  cmd->add_option("-t,--threads", o.threads, "Thread counts: 1,2,4, cores, pus or pow2");
  cmd->add_option("--placement", o.placements, "compact, cores, scatter, smt or a PU list 0,2-3")
      ->allow_extra_args(false);
  cmd->add_option("-d,--duration", o.duration, "Measured time per repetition (e.g. 200ms)");
  cmd->add_option("--warmup", o.warmup, "Warm-up before the repetitions (e.g. 50ms, 0 for none)");
  cmd->add_option("-r,--repetitions", o.repetitions, "Repetitions per point")
      ->check(CLI::Range(1, kMaxRepetitions));
  cmd->add_flag("-q,--quick", o.quick, "Short runs for a first look (50ms x 3)");
  cmd->add_option("-o,--out", o.out, "Results directory, or a file name ending in .json");
  cmd->add_flag("-f,--force", o.force, "Replace an existing --out file");
  cmd->add_flag("-n,--dry-run", o.dry_run, "Print the expanded points and the ETA, run nothing");
  cmd->add_flag("--oversubscribe", o.oversubscribe, "Allow more threads than usable PUs");
  cmd->add_flag("--no-pin", o.no_pin, "Do not pin threads (results say placement not guaranteed)");
  cmd->add_flag("--until-stable", o.until_stable,
                "Repeat a noisy point until its MdAPE falls under the threshold");
  cmd->add_option("--max-repetitions", o.max_repetitions, "Cap for --until-stable")
      ->check(CLI::Range(1, kMaxRepetitions));
  cmd->add_option("--noise-threshold", o.noise_threshold_pct,
                  "MdAPE (%) above which a point is noisy")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_flag("--no-sampling", o.no_sampling,
                "Do not time sampled operations (no latency figures)");
  return cmd;
}

int run_run_command(const RunOptions& o, const Invocation& invocation) {
  const Topology& topology = system_topology();
  if (!o.workload.empty() && !o.scenarios.empty()) {
    throw InputError("--workload: give either scenario files or --workload, not both");
  }
  if (o.workload.empty() && !o.params.empty()) {
    throw InputError("--param: needs --workload (scenario files set their own parameters)");
  }
  std::vector<Scenario> scenarios;
  if (!o.workload.empty()) {
    scenarios.push_back(scenario_from_flags(o));
  } else if (o.scenarios.empty()) {
    scenarios.push_back(load_scenario("default"));
  } else {
    for (const auto& s : o.scenarios) scenarios.push_back(load_scenario(s));
  }
  const SweepOverrides overrides = overrides_from(o);
  std::vector<MeasurementPoint> points;
  for (const auto& s : scenarios) {
    for (auto& p : expand_scenario(s, topology, overrides)) points.push_back(std::move(p));
  }
  if (o.dry_run) {
    print_dry_run(points);
    return 0;
  }

  MachineContext context = capture_context(topology);
  const fs::path path =
      output_path(o, scenario_label(scenarios), context.json["hostname"].get<std::string>());
  install_interrupt_handlers();

  PointOptions options;
  options.pin = !o.no_pin;
  options.noise_threshold_pct = o.noise_threshold_pct;
  options.max_repetitions = o.until_stable ? o.max_repetitions : 0;
  options.sample_every_batches = o.no_sampling ? 0 : options.sample_every_batches;

  RunInfo info;
  info.argv = invocation.argv;
  info.scenario = scenario_label(scenarios);
  info.scenario_file = scenarios.size() == 1 ? scenarios.front().file : "";
  info.description = scenarios.size() == 1 ? scenarios.front().description : "";
  info.started_at = utc_timestamp();
  const auto started = SteadyClock::now();
  for (const auto& w : context.warnings) fmt::print(stderr, "warning: {}\n", w);

  std::vector<PointResult> results;
  const bool progress = stderr_is_terminal();
  double remaining_s = estimated_seconds(points);
  for (std::size_t i = 0; i < points.size() && !interrupt_requested(); ++i) {
    if (progress) {
      fmt::print(stderr, "\r\033[K[{}/{}] {}  (about {:.0f}s left)", i + 1, points.size(),
                 describe(points[i]), remaining_s);
    }
    results.push_back(run_point(points[i], topology, options));
    remaining_s -= estimated_seconds({points[i]});
    if (!results.back().error.empty()) {
      fmt::print(stderr, "{}error in point {} ({}): {}\n", progress ? "\n" : "", i,
                 describe(points[i]), results.back().error);
    }
  }
  if (progress) fmt::print(stderr, "\r\033[K");

  info.finished_at = utc_timestamp();
  info.wall_time_s = seconds_between(started, SteadyClock::now());
  info.interrupted = interrupt_requested();
  std::vector<std::string> warnings = context.warnings;
  if (info.interrupted) {
    warnings.push_back(
        fmt::format("interrupted after {} of {} points", results.size(), points.size()));
  }
  const auto document = results_document(info, context, results, warnings);
  write_file_atomically(path, document.dump(2) + "\n", o.force);

  fmt::print("{}", console_table(results));
  int failed = 0;
  for (const auto& r : results) failed += r.ok() ? 0 : 1;
  fmt::print("\n{} points in {:.1f}s, {} failed; results: {}\n", results.size(), info.wall_time_s,
             failed, path.string());
  if (info.interrupted) return kInterruptedExitCode;
  return failed > 0 ? 1 : 0;
}

}  // namespace contend
