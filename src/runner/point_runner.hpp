// A whole point: warm-up, repetitions, verification after each, figures per repetition and
// their robust summary, and the flags (migrated, noisy, oversubscribed) a reader must see.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "contract/point.hpp"
#include "contract/warning.hpp"
#include "runner/loop_plan.hpp"
#include "runner/runner.hpp"
#include "runner/worker_group.hpp"
#include "stats/summary.hpp"
#include "topology/placement.hpp"

namespace contend {

struct PointOptions {
  bool pin = true;
  // ops_per_sec MdAPE above this flags the point noisy
  double noise_threshold_pct = defaults::kNoiseThreshold_pct;
  int max_repetitions = 0;     // > repetitions: repeat while noisy, up to this many
  std::uint64_t op_limit = 0;  // > 0: fixed-count mode (tests), no warm-up
  // 0: no latency sampling. Otherwise fixed-count runs time one op per this many batches of
  // kBatchOps; time-bounded points space their samples by time (runner/loop_plan.hpp).
  std::uint64_t sample_every_batches = defaults::kSampleEveryBatches;
  double sample_spacing_s = kSampleSpacing_s;  // time-bounded points: --sample-spacing
  double stop_timeout_s = 5;  // the base: scaled with the threads and the measured batch time
  // Polled between and during repetitions (see RunConfig::cancelled); nullptr: never.
  bool (*cancelled)() noexcept = nullptr;
};

struct RepetitionResult {
  int index = 0;
  double duration_s = 0;
  double stop_spread_s = 0;  // first to last worker stop
  bool verified = false;
  std::string message;
  Metrics metrics;
  std::vector<ThreadReport> threads;
  std::vector<int> state_nodes;  // NUMA nodes holding its shared state; empty: unknown or none
};

struct PointResult {
  MeasurementPoint point;
  bool pinned = true;
  std::vector<RepetitionResult> repetitions;
  std::map<std::string, Summary> summary;  // per metric, over the repetitions
  std::string invariant;
  int failed_repetitions = 0;
  std::string error;  // runtime failure (pinning refused, abandoned): one line
  bool migrated = false;
  bool noisy = false;
  bool interrupted = false;  // cancelled: the repetitions measured until then, none cut short
  double noise_threshold_pct = defaults::kNoiseThreshold_pct;
  std::string stability;        // "fixed", "settled" or "max_repetitions" (with --until-stable)
  BatchPlan batching;           // how the loops were cut, and from what calibration
  CoordinatorPlan coordinator;  // where the coordinator waited during the repetitions
  // The shared state, created afresh for every repetition (and the calibration): its size
  // and the NUMA nodes its pages were on over all repetitions (empty: unknown or none).
  std::size_t state_bytes = 0;
  std::vector<int> state_nodes;
  Warnings warnings;

  bool ok() const { return error.empty() && failed_repetitions == 0 && !repetitions.empty(); }
};

// The record of `point` before any repetition ran: what it asked for, under which options.
PointResult new_point_result(const MeasurementPoint& point, const PointOptions& options);

// One point measured a repetition at a time, so that a run can interleave the repetitions of
// several points in rounds (run_loop.hpp). The first wants_another() calibrates it.
class PointRun {
 public:
  PointRun(const MeasurementPoint& point, const Topology& topology, const PointOptions& options);
  // True while the stopping rule asks for another repetition and nothing failed, was
  // interrupted or cancelled (checked here).
  bool wants_another();
  // Measures one repetition; a failure or an interruption ends the point (wants_another false).
  void run_one();
  // The summary and the warnings over the repetitions measured; a point the stopping rule had
  // not finished (the rounds were cancelled) is marked interrupted.
  PointResult finish();
  bool started() const { return started_; }  // calibrated (or tried to)

 private:
  void start();

  MeasurementPoint point_;
  const Topology& topology_;
  PointOptions options_;
  PointResult result_;
  RunConfig config_;
  std::shared_ptr<Workload> workload_;
  int limit_ = 0;  // repetitions at most (--max-repetitions with --until-stable)
  bool started_ = false;
  bool calibration_failed_ = false;
  bool done_ = false;
  std::set<int> state_nodes_;
  std::string home_error_;
};

// A whole point, its repetitions back to back.
PointResult run_point(const MeasurementPoint& point, const Topology& topology,
                      const PointOptions& options);

// --until-stable judges MdAPE only over at least this many repetitions: one or two say
// nothing about the spread.
inline constexpr int kMinStableRepetitions = 3;

// The stopping rule: after `done` repetitions, run another while fewer than `requested` were
// run, or (--until-stable, up to `max_repetitions`) while the point is noisy or has fewer than
// kMinStableRepetitions.
bool needs_another_repetition(int done, int requested, int max_repetitions, bool noisy);

// Each thread's counters from one repetition, in thread order: what verify() and
// add_metrics() take.
std::vector<ThreadCounters> counters_of(const RepetitionRun& run);

// Thread-time per operation in ns (threads x duration / ops): the "ns_per_op" figure. `ops` of
// 0 counts as 1, so an empty run gives a (huge) finite figure rather than a division by zero.
double ns_per_op(const RepetitionRun& run, std::uint64_t ops);

// The figures the runner derives from one repetition (exposed for tests).
Metrics repetition_metrics(const RepetitionRun& run, const Workload& workload);

// cycles_per_op, instructions_per_op, cache_misses_per_op (and l1d_misses_per_op) summed over
// the threads and divided by `ops`, like ns_per_op: what one thread spends on one operation.
// Adds nothing unless every thread counted.
void add_hardware_metrics(std::span<const HardwareCounts> threads, double ops, Metrics& out);

}  // namespace contend
