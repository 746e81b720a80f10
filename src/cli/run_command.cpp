#include "cli/run_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>
#include <utility>

#include "platform/error.hpp"
#include "scenario/scenario.hpp"
#include "session/run_session.hpp"
#include "util/console.hpp"
#include "util/parse.hpp"
#include "workloads/registry.hpp"

namespace contend {

namespace {

// Short runs for a first look: a fifth of the default time, three repetitions.
constexpr double kQuickDuration_s = 0.05;
constexpr double kQuickWarmup_s = 0.01;
constexpr int kQuickRepetitions = 3;

// A run estimated to take longer than this is a typo (10000 repetitions of an hour), not an
// experiment: refused before it starts, with the estimate.
constexpr double kMaxRunSeconds = 7 * 24 * 3600.0;

// Flags that take a value refuse an empty one (`--threads ""` is a scripting slip, not "use
// the default").
const CLI::Validator kNonEmpty(
    [](const std::string& value) {
      return value.empty() ? std::string("expected a value, got an empty string") : std::string();
    },
    "");

// --duration and --warmup: from kMinDuration_s to kMaxDuration_s; a warm-up may be 0 (none).
double duration_flag(const std::string& text, const std::string& flag, bool zero_means_none) {
  if (zero_means_none && text == "0") return 0.0;
  const double seconds = parse_duration_s(text, flag);
  check_duration_range(seconds, flag, fmt::format("'{}'", excerpt(text)));
  return seconds;
}

// --sample-spacing: a sample costs a few hundred ns, so closer than 1 us would measure the
// sampling; further apart than 10 s would take no sample in any sensible repetition.
double sample_spacing_flag(const std::string& text) {
  constexpr double kMin_s = 1e-6;
  constexpr double kMax_s = 10;
  const double seconds = parse_duration_s(text, "--sample-spacing");
  if (seconds < kMin_s || seconds > kMax_s) {
    throw InputError(fmt::format("--sample-spacing: expected a duration from 1us to 10s, got '{}'",
                                 excerpt(text)));
  }
  return seconds;
}

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
  if (!o.placements.empty()) s.placements = parse_placements(o.placements);
  if (!o.homes.empty()) {
    s.homes.emplace();
    for (const auto& item : split(o.homes, ','))
      s.homes->push_back(MemoryHome::parse(item, "--home"));
  }
  if (!o.duration.empty()) s.duration_s = duration_flag(o.duration, "--duration", false);
  if (!o.warmup.empty()) s.warmup_s = duration_flag(o.warmup, "--warmup", true);
  if (!o.repetitions.empty()) {
    s.repetitions = static_cast<int>(parse_int(o.repetitions, "--repetitions", 1, kMaxRepetitions));
  }
  overrides.oversubscribe = o.oversubscribe;
  return overrides;
}

void print_dry_run(const std::vector<MeasurementPoint>& points) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    print_to(stdout, "{:>4}  {}  PUs {}  share {}{}  {} x {}\n", i, describe(p),
             fmt::format("{}", fmt::join(p.placement.pus, ",")),
             to_string(p.placement.shared_level),
             p.placement.oversubscribed ? " (oversubscribed)" : "", p.repetitions,
             format_duration(p.duration_s));
  }
  print_to(stdout, "{} points, estimated {:.0f}s\n", points.size(), estimated_seconds(points));
}

// Placements that pick the same PUs for a thread count are measured once (expand_scenario
// keeps the first); say so rather than lose a placement without a word.
void note_coinciding_placements(const std::vector<PlacementSpec>& specs,
                                const std::vector<MeasurementPoint>& points,
                                const Topology& topology, bool oversubscribe) {
  std::set<int> thread_counts;
  for (const auto& p : points) thread_counts.insert(p.threads);
  for (const int threads : thread_counts) {
    std::vector<std::pair<std::string, std::vector<int>>> picked;
    for (const auto& spec : specs) {
      std::vector<int> pus;
      try {
        pus = place(topology, spec, threads, oversubscribe).pus;
      } catch (const InputError&) {
        continue;  // expand_scenario has reported what matters
      }
      for (const auto& [name, earlier] : picked) {
        if (earlier == pus) {
          print_to(stderr,
                   "note: --placement {} and {} pick the same PUs ({}) for {} thread{}; measured "
                   "once, as {}\n",
                   name, spec.to_text(), fmt::join(pus, ","), threads, threads == 1 ? "" : "s",
                   name);
          break;
        }
      }
      picked.emplace_back(spec.to_text(), pus);
    }
  }
}

std::string scenario_label(const std::vector<Scenario>& scenarios) {
  std::string label;
  for (const auto& s : scenarios) label += (label.empty() ? "" : "+") + s.name;
  return label;
}

void check_run_length(const std::vector<MeasurementPoint>& points) {
  const double seconds = estimated_seconds(points);
  if (seconds > kMaxRunSeconds) {
    throw InputError(
        fmt::format("--duration/--repetitions: the run would take about {:.0f} days; expected at "
                    "most {:.0f} days (see --dry-run)",
                    seconds / 86400, kMaxRunSeconds / 86400));
  }
}

}  // namespace

std::vector<PlacementSpec> parse_placements(const std::vector<std::string>& values) {
  std::vector<PlacementSpec> specs;
  for (const auto& value : values) {
    std::string pu_list;  // numbers and ranges gathered into one explicit list
    const auto flush = [&] {
      if (!pu_list.empty()) specs.push_back(PlacementSpec::parse(pu_list, "--placement"));
      pu_list.clear();
    };
    for (const auto& item : split(value, ',')) {
      const bool starts_list = item.starts_with("list:");
      if (starts_list && item.size() == 5) {
        throw InputError("--placement: 'list:' names no PUs; expected list:0,2,4 or 0-3");
      }
      if (starts_list) flush();
      if (starts_list || (!item.empty() && item.front() >= '0' && item.front() <= '9')) {
        pu_list += (pu_list.empty() ? "" : ",") + item.substr(starts_list ? 5 : 0);
        continue;
      }
      flush();
      specs.push_back(PlacementSpec::parse(item, "--placement"));
    }
    flush();
  }
  return specs;
}

CLI::App* add_run_command(CLI::App& app, RunOptions& o) {
  auto* cmd = app.add_subcommand("run", "Run scenario files (default: the default suite)");
  cmd->add_option("scenarios", o.scenarios, "Scenario names (scenarios/NAME.json) or files")
      ->check(kNonEmpty);
  cmd->add_option("-w,--workload", o.workload, "Run one workload instead of scenario files")
      ->check(kNonEmpty);
  cmd->add_option("-p,--param", o.params, "Workload parameter KEY=VALUE (VALUE may be a,b,c)")
      ->allow_extra_args(false)
      ->check(kNonEmpty);
  // Scenario files may set their own; these are the values when neither they nor a flag do.
  cmd->add_option("-t,--threads", o.threads, "Thread counts, a comma list: 1,2,4, cores, pus, pow2")
      ->default_str("pow2")
      ->check(kNonEmpty);
  cmd->add_option("--placement", o.placements,
                  "Comma list of compact, cores, scatter, smt, or a PU list 0,2-3 (repeat the "
                  "flag for several PU lists)")
      ->default_str("compact")
      ->allow_extra_args(false)
      ->check(kNonEmpty);
  cmd->add_option("--home", o.homes,
                  "Where the shared state's pages live, a comma list: first (the first worker's "
                  "NUMA node), node:N, interleave")
      ->default_str("first")
      ->check(kNonEmpty);
  cmd->add_option("-d,--duration", o.duration,
                  "Measured time per repetition, with a unit: 200ms, 2s, 500us, 1min")
      ->default_str(format_duration(defaults::kDuration_s))
      ->check(kNonEmpty);
  cmd->add_option("--warmup", o.warmup, "Warm-up before the repetitions, with a unit (0: none)")
      ->default_str(format_duration(defaults::kWarmup_s))
      ->check(kNonEmpty);
  cmd->add_option("-r,--repetitions", o.repetitions,
                  fmt::format("Repetitions per point (1 to {})", kMaxRepetitions))
      ->default_str(std::to_string(defaults::kRepetitions))
      ->check(kNonEmpty);
  cmd->add_flag("-q,--quick", o.quick,
                fmt::format("Short runs for a first look ({} x {})",
                            format_duration(kQuickDuration_s), kQuickRepetitions));
  cmd->add_option("-o,--out", o.out,
                  "Results directory, a file name ending in .json, or - for stdout (the table "
                  "then goes to stderr)")
      ->default_str("results/")
      ->check(kNonEmpty);
  cmd->add_flag("--wide", o.wide, "Table with every parameter on the row (wider than 100 columns)");
  cmd->add_flag("-f,--force", o.force, "Replace an existing --out file");
  cmd->add_flag("-n,--dry-run", o.dry_run, "Print the expanded points and the ETA, run nothing");
  cmd->add_flag("--oversubscribe", o.oversubscribe, "Allow more threads than usable PUs");
  cmd->add_flag("--no-pin", o.no_pin, "Do not pin threads (results say placement not guaranteed)");
  cmd->add_flag("--until-stable", o.until_stable,
                "Repeat a noisy point until its MdAPE falls under the threshold");
  cmd->add_option("--max-repetitions", o.max_repetitions, "Cap for --until-stable")
      ->capture_default_str()
      ->check(kNonEmpty);
  // Range-checked in run_run_command, with a message in the house style.
  cmd->add_option("--noise-threshold", o.noise_threshold_pct,
                  "MdAPE (%) above which a point is noisy (0 to 100)")
      ->capture_default_str();
  cmd->add_flag("--no-sampling", o.no_sampling,
                fmt::format("Do not time sampled operations (no latency figures; by default one "
                            "op in {} batches, or spaced by time)",
                            defaults::kSampleEveryBatches));
  cmd->add_option("--sample-spacing", o.sample_spacing,
                  "Thread time between two timed operations in time-bounded points, with a unit")
      ->default_str(format_duration(kSampleSpacing_s))
      ->check(kNonEmpty);
  cmd->add_flag("--stop-on-failure", o.stop_on_failure,
                "Stop at the first failed point (the results so far are still written; implies "
                "--in-order)");
  cmd->add_flag("--in-order", o.in_order,
                "Run each point's repetitions back to back (default with several points: in "
                "rounds, one repetition of every point per round)");
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
  const auto max_repetitions =
      static_cast<int>(parse_int(o.max_repetitions, "--max-repetitions", 1, kMaxRepetitions));
  if (!(o.noise_threshold_pct >= 0 && o.noise_threshold_pct <= 100)) {  // NaN fails too
    throw InputError(fmt::format("--noise-threshold: expected a percentage from 0 to 100, got {}",
                                 o.noise_threshold_pct));
  }
  std::vector<MeasurementPoint> points;
  for (const auto& s : scenarios) {
    for (auto& p : expand_scenario(s, topology, overrides)) points.push_back(std::move(p));
  }
  if (overrides.settings.placements && overrides.settings.placements->size() > 1) {
    note_coinciding_placements(*overrides.settings.placements, points, topology, o.oversubscribe);
  }
  if (o.dry_run) {
    print_dry_run(points);
    return 0;
  }

  check_run_length(points);
  RunSessionSettings settings;
  settings.argv = invocation.argv;
  settings.scenario = scenario_label(scenarios);
  settings.scenario_file = scenarios.size() == 1 ? scenarios.front().file : "";
  settings.description = scenarios.size() == 1 ? scenarios.front().description : "";
  settings.out = o.out;
  settings.force = o.force;
  settings.wide = o.wide;
  settings.stop_on_failure = o.stop_on_failure;
  settings.in_order = o.in_order;
  settings.point.pin = !o.no_pin;
  settings.point.noise_threshold_pct = o.noise_threshold_pct;
  settings.point.max_repetitions = o.until_stable ? max_repetitions : 0;
  if (o.no_sampling) settings.point.sample_every_batches = 0;
  if (!o.sample_spacing.empty())
    settings.point.sample_spacing_s = sample_spacing_flag(o.sample_spacing);
  return run_session(points, topology, std::move(settings));
}

}  // namespace contend
