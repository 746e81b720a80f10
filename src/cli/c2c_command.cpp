#include "cli/c2c_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <random>
#include <utility>

#include "c2c/recheck.hpp"
#include "c2c/schedule.hpp"
#include "c2c/sibling_probe.hpp"
#include "platform/error.hpp"
#include "runner/system_probe.hpp"
#include "session/c2c_session.hpp"
#include "util/console.hpp"
#include "util/parse.hpp"

namespace contend {

namespace {

constexpr int kMaxSamples = 100000;
constexpr std::int64_t kMaxRoundTrips = std::int64_t{1} << 30;
constexpr double kMaxPlanSeconds = 7 * 24 * 3600.0;  // the limit `contend run` applies too

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

// hwloc's core of each PU: siblings group even where the OS numbers them apart.
std::vector<int> cores_of(const Topology& topology, const std::vector<int>& pus) {
  std::vector<int> cores;
  for (const int pu : pus) {
    const PuInfo* info = topology.find_pu(pu);
    cores.push_back(info != nullptr && info->core >= 0 ? info->core : -1 - pu);
  }
  return cores;
}

std::vector<Round> chosen_schedule(const C2cOptions& o, const Topology& topology, C2cRun& run) {
  if (o.serial) {
    run.schedule = "serial";
    return serial_schedule(run.pus, run.seed);
  }
  if (o.shared_cores) {
    run.schedule = "round_robin";
    return round_robin_schedule(run.pus, run.seed);
  }
  run.schedule = "cores";
  return core_aware_schedule(run.pus, cores_of(topology, run.pus), run.seed);
}

// Why the sibling probe does not run; empty when it does (before a "cores" schedule).
std::string no_sibling_probe(const C2cOptions& o) {
  if (o.serial) return "--serial: one pair at a time, nothing co-runs";
  if (o.shared_cores) return "--shared-cores: concurrent pairs may share cores anyway";
  if (o.no_sibling_probe) return "--no-sibling-probe";
  // Hidden siblings come from virtual machines, whose vCPUs the host may place on one core's
  // threads; on bare metal hwloc reads the hardware's own topology, and the probe (one thread
  // start per pair: ~n^2/2 of them) would cost more than the matrix on a big machine.
  if (!o.sibling_probe && !detect_hypervisor()) {
    return "no hypervisor: hwloc's cores are the hardware's (--sibling-probe runs it anyway)";
  }
  return "";
}

// Why the serial re-check does not run, as far as the plan tells; empty when it does.
std::string no_recheck(const C2cOptions& o, const std::vector<Round>& rounds) {
  if (o.no_recheck) return "--no-recheck";
  if (!co_runs_pairs(rounds)) return "no round ran more than one pair";
  return "";
}

// The extra time of the probe and the re-check, by the same estimate as the matrix's.
struct ChecksPlan {
  std::size_t probe_pairs = 0;
  double probe_s = 0;
  std::size_t recheck_pairs = 0;
  double recheck_s = 0;
};

ChecksPlan checks_plan(const C2cOptions& o, const C2cRun& run, const std::vector<int>& core_of,
                       const std::vector<Round>& rounds) {
  ChecksPlan plan;
  if (no_sibling_probe(o).empty()) {
    const auto probe = sibling_probe_schedule(run.pus, core_of, run.seed);
    plan.probe_pairs = probe.size();
    plan.probe_s = estimated_seconds(probe, sibling_probe_config(run.config));
  }
  if (no_recheck(o, rounds).empty()) {
    plan.recheck_pairs = recheck_count(run.pairs_planned);
    plan.recheck_s = static_cast<double>(plan.recheck_pairs) *
                     estimated_seconds({Round{rounds.front().front()}}, run.config);
  }
  return plan;
}

void print_plan(const C2cOptions& o, const C2cRun& run, const std::vector<Round>& rounds,
                const ChecksPlan& checks, double matrix_s) {
  print_to(stdout,
           "c2c plan: {} PUs ({}), {} pairs in {} rounds ({} schedule), {} samples x {} "
           "round trips per pair and mode; estimated {:.0f}s\n",
           run.pus.size(), fmt::join(run.pus, ","), run.pairs_planned, run.rounds, run.schedule,
           run.config.samples,
           run.config.round_trips > 0 ? fmt::format("{}", run.config.round_trips) : "auto",
           matrix_s + checks.probe_s + checks.recheck_s);
  const std::string probe_off = no_sibling_probe(o);
  if (probe_off.empty()) {
    print_to(stdout,
             "  sibling probe first: {} pairs on different cores, one at a time, {} samples x {} "
             "round trips; estimated {:.1f}s\n",
             checks.probe_pairs, kProbeSamples, kProbeRoundTrips, checks.probe_s);
  } else {
    print_to(stdout, "  sibling probe: skipped ({})\n", probe_off);
  }
  print_to(stdout, "  matrix: estimated {:.1f}s\n", matrix_s);
  const std::string recheck_off = no_recheck(o, rounds);
  if (recheck_off.empty()) {
    print_to(stdout, "  serial re-check after: {} pairs alone, seed {}; estimated {:.1f}s\n",
             checks.recheck_pairs, recheck_seed(run.seed), checks.recheck_s);
  } else {
    print_to(stdout, "  serial re-check: skipped ({})\n", recheck_off);
  }
}

std::uint64_t chosen_seed(const std::optional<std::string>& text) {
  if (text) return static_cast<std::uint64_t>(parse_int(*text, "--seed", 0, std::int64_t{1} << 53));
  return std::random_device{}();
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
  cmd->add_flag("--shared-cores", o.shared_cores,
                "Let concurrent pairs share a physical core (faster on big machines, but an "
                "endpoint's SMT sibling then spins in another pair's loop)");
  cmd->add_flag("--sibling-probe", o.sibling_probe,
                "Run the probe for hidden SMT siblings on bare metal too (by default it runs "
                "under a hypervisor only)");
  cmd->add_flag("--no-sibling-probe", o.no_sibling_probe,
                "Skip the serial probe for SMT siblings that hwloc lists as separate cores");
  cmd->add_flag("--no-recheck", o.no_recheck,
                "Skip re-measuring a few pairs alone after a schedule that co-ran pairs");
  cmd->add_flag("--dry-run", o.dry_run, "Print the plan and its estimated time; measure nothing");
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
  run.seed = chosen_seed(o.seed);
  std::vector<Round> rounds = chosen_schedule(o, topology, run);
  run.rounds = static_cast<int>(rounds.size());
  run.pairs_planned = pair_count(rounds);
  const std::vector<int> core_of = cores_of(topology, run.pus);
  const double matrix_s = estimated_seconds(rounds, run.config);
  const ChecksPlan checks = checks_plan(o, run, core_of, rounds);
  const double seconds = matrix_s + checks.probe_s + checks.recheck_s;
  if (o.dry_run) {
    print_plan(o, run, rounds, checks, matrix_s);
    return 0;
  }
  if (seconds > kMaxPlanSeconds) {
    throw InputError(fmt::format(
        "--samples/--round-trips: the matrix would take about {:.0f} days; expected at most {:.0f} "
        "days (see --dry-run)",
        seconds / 86400, kMaxPlanSeconds / 86400));
  }

  return c2c_session(std::move(run), std::move(rounds), topology,
                     {invocation.argv, o.out, o.force, no_sibling_probe(o), core_of,
                      o.no_recheck ? "--no-recheck" : ""});
}

}  // namespace contend
