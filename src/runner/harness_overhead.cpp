#include "runner/harness_overhead.hpp"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "runner/point_runner.hpp"
#include "runner/runner.hpp"
#include "stats/summary.hpp"
#include "workloads/registry.hpp"

namespace contend {

namespace {

constexpr std::size_t kRunsPerMode = 3;
constexpr int kMaxTriesPerMode = 3 * kRunsPerMode;

// ns per op of one short run; nothing when its worker never got a PU within the window (a busy
// machine) or the run failed (then `error` says why).
std::optional<double> empty_ns_per_op(const std::shared_ptr<Workload>& empty,
                                      const Topology& topology, const RunConfig& config,
                                      std::string& error) {
  const RepetitionRun run = run_repetition(empty, topology, config);
  if (!run.error.empty()) {
    error = run.error;
    return std::nullopt;
  }
  const std::vector<ThreadCounters> counters = counters_of(run);
  if (const Verification v = empty->verify(counters); !v.passed) {
    error = "empty workload failed verification: " + v.message;
    return std::nullopt;
  }
  // One thread: the figure a point reports, for the loop alone.
  const std::uint64_t ops = total_ops(counters);
  if (ops == 0) return std::nullopt;
  return ns_per_op(run, ops);
}

}  // namespace

HarnessOverhead measure_harness_overhead(const Topology& topology, bool pin, double duration_s) {
  HarnessOverhead overhead;
  const auto usable = topology.usable_pus();
  if (usable.empty()) {
    overhead.error = "no usable PU";
    return overhead;
  }
  overhead.pu = usable.front();
  std::shared_ptr<Workload> empty = find_workload("empty", "harness overhead").create(Params());
  RunConfig config;
  config.pus = {overhead.pu};
  config.pin = pin;
  config.duration_s = duration_s / (2 * kRunsPerMode + 1);
  // The densest sampling a point uses in fixed-count runs: an upper bound on its overhead.
  const std::uint64_t sample_every = PointOptions{}.sample_every_batches * kBatchOps;

  config.loop.sample_every_ops = sample_every;
  empty_ns_per_op(empty, topology, config, overhead.error);  // warm-up, not recorded
  // Alternate the modes so a slow phase of the machine hits both alike. A run whose worker
  // never got the PU within its window says nothing: tried again, a bounded number of times.
  std::vector<double> plain;
  std::vector<double> sampled;
  const auto keep = [](std::optional<double> figure, std::vector<double>& into) {
    if (figure && into.size() < kRunsPerMode) into.push_back(*figure);
  };
  for (int tries = 0; tries < kMaxTriesPerMode && overhead.error.empty() &&
                      (plain.size() < kRunsPerMode || sampled.size() < kRunsPerMode);
       ++tries) {
    config.loop.sample_every_ops = 0;
    keep(empty_ns_per_op(empty, topology, config, overhead.error), plain);
    config.loop.sample_every_ops = sample_every;
    keep(empty_ns_per_op(empty, topology, config, overhead.error), sampled);
  }
  if (overhead.error.empty() && (plain.empty() || sampled.empty())) {
    overhead.error =
        fmt::format("the empty loop's worker got no PU in {} runs of {:.1f} ms (machine busy)",
                    kMaxTriesPerMode, config.duration_s * 1e3);
  }
  if (!overhead.error.empty()) return overhead;
  overhead.measured = true;
  overhead.empty_ns_per_op = median(plain);
  overhead.empty_ns_per_op_sampled = median(sampled);
  overhead.sampling_overhead_ns_per_op =
      overhead.empty_ns_per_op_sampled - overhead.empty_ns_per_op;
  return overhead;
}

}  // namespace contend
