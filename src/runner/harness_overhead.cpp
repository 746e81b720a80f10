#include "runner/harness_overhead.hpp"

#include <vector>

#include "runner/point_runner.hpp"
#include "runner/runner.hpp"
#include "stats/summary.hpp"
#include "workloads/registry.hpp"

namespace contend {

namespace {

constexpr int kRunsPerMode = 3;

// ns per op of one short run, or a negative value with `error` set.
double empty_ns_per_op(const std::shared_ptr<Workload>& empty, const Topology& topology,
                       const RunConfig& config, std::string& error) {
  const RepetitionRun run = run_repetition(empty, topology, config);
  if (!run.error.empty()) {
    error = run.error;
    return -1;
  }
  const std::vector<ThreadCounters> counters = counters_of(run);
  if (const Verification v = empty->verify(counters); !v.passed) {
    error = "empty workload failed verification: " + v.message;
    return -1;
  }
  // One thread: the figure a point reports, for the loop alone.
  const std::uint64_t ops = total_ops(counters);
  return ops == 0 ? -1 : ns_per_op(run, ops);
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
  // Alternate the modes so a slow phase of the machine hits both alike.
  std::vector<double> plain;
  std::vector<double> sampled;
  for (int i = 0; i < kRunsPerMode && overhead.error.empty(); ++i) {
    config.loop.sample_every_ops = 0;
    plain.push_back(empty_ns_per_op(empty, topology, config, overhead.error));
    config.loop.sample_every_ops = sample_every;
    sampled.push_back(empty_ns_per_op(empty, topology, config, overhead.error));
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
