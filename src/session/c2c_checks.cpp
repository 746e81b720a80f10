#include "session/c2c_checks.hpp"

#include <algorithm>

#include "c2c/sibling_probe.hpp"
#include "platform/clock.hpp"
#include "platform/interrupt.hpp"
#include "stats/summary.hpp"

namespace contend {

std::vector<int> run_sibling_probe(const Topology& topology, C2cRun& run,
                                   const std::vector<int>& core_of) {
  SiblingProbeRecord& record = run.sibling_probe;
  const std::vector<Round> rounds = sibling_probe_schedule(run.pus, core_of, run.seed);
  const PingPongConfig config = sibling_probe_config(run.config);
  record.pairs_planned = rounds.size();
  record.reason.clear();
  const auto started = SteadyClock::now();
  std::vector<ProbedPair> probed;
  for (const Round& round : rounds) {
    if (interrupt_requested()) break;
    for (const PingPongResult& r : run_round(topology, round, config)) {
      if (r.error == kCancelled) continue;
      ++record.pairs_probed;
      // A pair that failed or migrated says nothing about siblings: left out of the table.
      if (!r.error.empty() || r.migrated || r.modes.empty() || r.modes.front().one_way_ns.empty())
        continue;
      std::vector<double> samples = r.modes.front().one_way_ns;
      probed.push_back({r.pair, median(samples), topology.shared_level({r.pair.a, r.pair.b})});
    }
  }
  record.duration_s = seconds_between(started, SteadyClock::now());
  if (interrupt_requested()) {
    record.status = "interrupted";
    return core_of;
  }
  record.status = "done";
  SiblingFinding finding = hidden_siblings(run.pus, core_of, probed);
  record.threshold_ns = finding.threshold_ns;
  record.hidden_siblings = finding.hidden;
  return finding.merged_core;
}

void run_serial_recheck(const Topology& topology, C2cRun& run) {
  RecheckRecord& record = run.serial_recheck;
  record.seed = recheck_seed(run.seed);
  record.reason.clear();
  if (run.modes.empty()) return;
  std::vector<PuPair> candidates;
  for (const PairStats& p : run.modes.front().pairs) {
    if (p.ok) candidates.push_back(p.pair);
  }
  const std::vector<PuPair> chosen = recheck_selection(candidates, record.seed);
  record.pairs_planned = chosen.size();
  const auto started = SteadyClock::now();
  for (const PuPair& pair : chosen) {
    if (interrupt_requested()) break;
    const std::vector<PingPongResult> alone = run_round(topology, {pair}, run.config);
    if (alone.front().error == kCancelled) break;
    for (const C2cModeResult& m : run.modes) {
      const PairStats serial = pair_stats(topology, alone.front(), m.mode);
      const auto concurrent = std::find_if(m.pairs.begin(), m.pairs.end(), [&](const PairStats& p) {
        return p.pair == serial.pair && p.ok;
      });
      if (!serial.ok || concurrent == m.pairs.end()) continue;
      RecheckEntry e;
      e.pair = serial.pair;
      e.mode = m.mode;
      e.concurrent_median_ns = concurrent->median_ns;
      e.concurrent_mdape_pct = concurrent->mdape_pct;
      e.serial_median_ns = serial.median_ns;
      e.serial_mdape_pct = serial.mdape_pct;
      e.noise_fraction = noise_fraction(e.concurrent_mdape_pct, e.serial_mdape_pct);
      e.within_noise = within_noise(e.concurrent_median_ns, e.concurrent_mdape_pct,
                                    e.serial_median_ns, e.serial_mdape_pct);
      record.entries.push_back(e);
    }
  }
  record.duration_s = seconds_between(started, SteadyClock::now());
  record.status = interrupt_requested() ? "interrupted" : "done";
}

}  // namespace contend
