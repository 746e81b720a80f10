#include "session/c2c_session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "c2c/c2c_console.hpp"
#include "c2c/recheck.hpp"
#include "platform/interrupt.hpp"
#include "report/c2c_json.hpp"
#include "session/c2c_checks.hpp"
#include "session/session.hpp"
#include "util/console.hpp"

namespace contend {

namespace {

void show_rounds(ProgressStyle style, std::size_t round, std::size_t rounds, std::size_t pairs_done,
                 int pairs, double elapsed_s) {
  const double left_s =
      elapsed_s / static_cast<double>(round) * static_cast<double>(rounds - round);
  show_progress(style, fmt::format("c2c: round {}/{}, {}/{} pairs, about {:.0f}s left", round,
                                   rounds, pairs_done, pairs, left_s));
}

}  // namespace

int c2c_session(C2cRun run, std::vector<Round> rounds, const Topology& topology,
                const C2cSessionSettings& settings) {
  Session session(topology, settings.argv, "c2c", "core-to-core latency matrix");
  session.choose_output(settings.out, settings.force, "c2c");
  session.start();
  run.config.cancelled = &interrupt_requested;

  const ProgressStyle progress = progress_style();
  run.sibling_probe.reason = settings.no_sibling_probe;
  if (settings.no_sibling_probe.empty()) {
    show_progress(progress, "c2c: probing pairs one at a time for hidden SMT siblings");
    const std::vector<int> merged = run_sibling_probe(topology, run, settings.core_of);
    if (merged != settings.core_of) {
      rounds = core_aware_schedule(run.pus, merged, run.seed);
      run.rounds = static_cast<int>(rounds.size());
      run.pairs_planned = pair_count(rounds);
    }
  }

  const auto started = SteadyClock::now();
  std::vector<PingPongResult> measured;
  for (std::size_t r = 0; r < rounds.size() && !interrupt_requested(); ++r) {
    for (auto& result : run_round(topology, rounds[r], run.config)) {
      // Pairs an interrupt cut short were not measured: the file holds the completed ones.
      if (result.error != kCancelled) measured.push_back(std::move(result));
    }
    show_rounds(progress, r + 1, rounds.size(), measured.size(), run.pairs_planned,
                seconds_between(started, SteadyClock::now()));
  }
  for (PingPongMode mode : run.config.modes) {
    run.modes.push_back(analyse_mode(topology, measured, mode));
  }
  run.serial_recheck.seed = recheck_seed(run.seed);
  run.serial_recheck.reason = settings.no_recheck;
  if (!co_runs_pairs(rounds) && settings.no_recheck.empty()) {
    run.serial_recheck.reason = "no round ran more than one pair";
  }
  if (interrupt_requested()) {
    run.serial_recheck.status = "interrupted";
    run.serial_recheck.reason = "interrupted before the re-check";
  } else if (run.serial_recheck.reason.empty()) {
    show_progress(progress, "c2c: re-checking a few pairs alone");
    run_serial_recheck(topology, run);
  }
  clear_progress(progress);
  session.finish(interrupt_requested());
  const Warnings findings = c2c_warnings(run);
  Warnings warnings = session.machine_warnings();
  warnings.insert(warnings.end(), findings.begin(), findings.end());
  if (session.info().interrupted) {
    warnings.push_back(
        {"interrupted",
         fmt::format("interrupted after {} of {} pairs", measured.size(), run.pairs_planned),
         {{"measured", static_cast<double>(measured.size())}, {"planned", run.pairs_planned}}});
  }
  session.write(c2c_document(session.info(), session.facts(), run, warnings));

  print_to(stdout, "{}", c2c_console(run));
  for (const auto& w : findings) print_to(stderr, "warning: {}\n", w.text);
  const auto failed = std::count_if(measured.begin(), measured.end(),
                                    [](const PingPongResult& r) { return !r.error.empty(); });
  print_to(stdout, "\n{} pairs ({}, {} round{}) in {:.1f}s, {} failed; results: {}\n",
           measured.size(), run.schedule, rounds.size(), rounds.size() == 1 ? "" : "s",
           session.info().wall_time_s, failed, session.written_to().string());
  return session.exit_code(static_cast<int>(failed));
}

}  // namespace contend
