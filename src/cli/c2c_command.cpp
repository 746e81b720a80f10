#include "cli/c2c_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <random>

#include "c2c/analysis.hpp"
#include "c2c/c2c_console.hpp"
#include "c2c/c2c_json.hpp"
#include "c2c/schedule.hpp"
#include "report/atomic_file.hpp"
#include "report/context.hpp"
#include "report/results_json.hpp"
#include "runner/clock.hpp"
#include "runner/interrupt.hpp"
#include "util/console.hpp"
#include "util/error.hpp"
#include "util/parse.hpp"

namespace contend {

namespace {

constexpr int kMaxSamples = 100000;
constexpr std::int64_t kMaxRoundTrips = std::int64_t{1} << 30;

std::vector<PingPongMode> parse_modes(const std::string& text) {
  if (text == "load_store") return {PingPongMode::kLoadStore};
  if (text == "cas") return {PingPongMode::kCas};
  if (text == "both") return {PingPongMode::kLoadStore, PingPongMode::kCas};
  throw InputError(fmt::format("--mode: expected load_store, cas or both, got '{}'", text));
}

// The PUs to measure, in hwloc logical order so that the matrix groups cores and caches.
std::vector<int> chosen_pus(const Topology& topology, const std::optional<std::string>& cpus) {
  const std::vector<int> usable = topology.usable_pus();
  std::vector<int> pus = usable;
  if (cpus) {
    const std::vector<int> listed = parse_pu_list(*cpus, "--cpus");
    for (int pu : listed) {
      if (std::find(usable.begin(), usable.end(), pu) == usable.end()) {
        throw InputError(fmt::format("--cpus: PU {} is not one this process may use (usable: {})",
                                     pu, fmt::join(usable, ",")));
      }
    }
    pus.clear();
    std::copy_if(usable.begin(), usable.end(), std::back_inserter(pus), [&](int pu) {
      return std::find(listed.begin(), listed.end(), pu) != listed.end();
    });
  }
  if (pus.size() < 2) {
    throw InputError(fmt::format("--cpus: needs at least two usable PUs, got {}",
                                 pus.empty() ? "none" : fmt::format("only PU {}", pus.front())));
  }
  return pus;
}

std::uint64_t chosen_seed(const std::optional<std::string>& text) {
  if (text) return static_cast<std::uint64_t>(parse_int(*text, "--seed", 0, std::int64_t{1} << 53));
  return std::random_device{}();
}

void show_progress(std::size_t round, std::size_t rounds, std::size_t pairs_done, std::size_t pairs,
                   double elapsed_s) {
  const double left_s =
      elapsed_s / static_cast<double>(round) * static_cast<double>(rounds - round);
  print_to(stderr, "\r\033[Kc2c: round {}/{}, {}/{} pairs, about {:.0f}s left", round, rounds,
           pairs_done, pairs, left_s);
}

}  // namespace

CLI::App* add_c2c_command(CLI::App& app, C2cOptions& o) {
  auto* cmd = app.add_subcommand("c2c", "Core-to-core latency matrix between every pair of PUs");
  cmd->add_option("--cpus", o.cpus, "PUs to measure, e.g. 0-7,16 (default: every usable PU)");
  cmd->add_option("--mode", o.mode, "load_store (acquire/release), cas, or both");
  cmd->add_option("--samples", o.samples, "Timed samples per pair and mode")
      ->check(CLI::Range(1, kMaxSamples));
  cmd->add_option("--round-trips", o.round_trips,
                  "Round trips per sample (default: enough for a sample of at least 20 us)")
      ->check(CLI::Range(std::int64_t{1}, kMaxRoundTrips));
  cmd->add_flag("--serial", o.serial,
                "Measure one pair at a time (checks that concurrent pairs do not disturb each "
                "other)");
  cmd->add_option("-o,--out", o.out, "Results directory, or a file name ending in .json");
  cmd->add_flag("-f,--force", o.force, "Replace an existing --out file");
  cmd->add_option("--seed", o.seed, "Seed for the pair order (default: random, recorded)");
  return cmd;
}

int run_c2c_command(const C2cOptions& o, const Invocation& invocation) {
  const Topology& topology = system_topology();
  C2cRun run;
  run.config.modes = parse_modes(o.mode);
  run.config.samples = o.samples;
  run.config.round_trips = o.round_trips;
  run.pus = chosen_pus(topology, o.cpus);
  run.serial = o.serial;
  run.seed = chosen_seed(o.seed);
  const std::vector<Round> rounds =
      o.serial ? serial_schedule(run.pus, run.seed) : round_robin_schedule(run.pus, run.seed);
  run.rounds = static_cast<int>(rounds.size());
  run.pairs_planned = pair_count(rounds);

  MachineContext context = capture_context(topology);
  const auto path = results_path(
      o.out, o.force,
      fmt::format("c2c-{}-{}", context.json["hostname"].get<std::string>(), utc_file_stamp()));
  install_interrupt_handlers();
  for (const auto& w : context.warnings) print_to(stderr, "warning: {}\n", w);

  RunInfo info;
  info.argv = invocation.argv;
  info.scenario = "c2c";
  info.description = "core-to-core latency matrix";
  info.started_at = utc_timestamp();
  const auto started = SteadyClock::now();
  const bool progress = stderr_is_terminal();
  std::vector<PingPongResult> measured;
  for (std::size_t r = 0; r < rounds.size() && !interrupt_requested(); ++r) {
    for (auto& result : run_round(topology, rounds[r], run.config)) {
      measured.push_back(std::move(result));
    }
    if (progress) {
      show_progress(r + 1, rounds.size(), measured.size(), run.pairs_planned,
                    seconds_between(started, SteadyClock::now()));
    }
  }
  if (progress) print_to(stderr, "\r\033[K");
  info.finished_at = utc_timestamp();
  info.wall_time_s = seconds_between(started, SteadyClock::now());
  info.interrupted = interrupt_requested();

  for (PingPongMode mode : run.config.modes) {
    run.modes.push_back(analyse_mode(topology, measured, mode));
  }
  const std::vector<std::string> findings = c2c_warnings(run);
  std::vector<std::string> warnings = context.warnings;
  warnings.insert(warnings.end(), findings.begin(), findings.end());
  if (info.interrupted) {
    warnings.push_back(
        fmt::format("interrupted after {} of {} pairs", measured.size(), run.pairs_planned));
  }
  // A failed write falls back to another place, never loses what was measured.
  const WriteOutcome outcome =
      write_results(path, c2c_document(info, context, run, warnings), o.force);

  print_to(stdout, "{}", c2c_console(run));
  for (const auto& w : findings) print_to(stderr, "warning: {}\n", w);
  const auto failed = std::count_if(measured.begin(), measured.end(),
                                    [](const PingPongResult& r) { return !r.error.empty(); });
  print_to(stdout, "\n{} pairs ({}, {} round{}) in {:.1f}s, {} failed; results: {}\n",
           measured.size(), o.serial ? "serial" : "round-robin", rounds.size(),
           rounds.size() == 1 ? "" : "s", info.wall_time_s, failed, outcome.path.string());
  if (info.interrupted) return kInterruptedExitCode;
  return failed > 0 || !outcome.error.empty() ? 1 : 0;
}

}  // namespace contend
