#include "runner/point_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "platform/clock.hpp"
#include "stats/fairness.hpp"

namespace contend {

std::vector<ThreadCounters> counters_of(const RepetitionRun& run) {
  std::vector<ThreadCounters> counters;
  counters.reserve(run.threads.size());
  for (const auto& t : run.threads) counters.push_back(t.counters);
  return counters;
}

double ns_per_op(const RepetitionRun& run, std::uint64_t ops) {
  const auto threads = static_cast<double>(run.threads.size());
  return threads * run.duration_s / static_cast<double>(std::max<std::uint64_t>(ops, 1)) * 1e9;
}

namespace {

void add_latency_metrics(const LatencyHistogram& ticks, Metrics& out) {
  if (ticks.total() == 0) return;
  const TickCalibration& clock = tick_calibration();
  // The sampled time includes the two counter reads; their median cost is subtracted.
  const auto to_ns = [&clock](double t) {
    return std::max(0.0, (t - clock.overhead_ticks) / clock.ticks_per_ns);
  };
  out["latency_samples"] = static_cast<double>(ticks.total());
  out["latency_p50_ns"] = to_ns(ticks.quantile(0.50));
  out["latency_p90_ns"] = to_ns(ticks.quantile(0.90));
  out["latency_p99_ns"] = to_ns(ticks.quantile(0.99));
  out["latency_p999_ns"] = to_ns(ticks.quantile(0.999));
  out["latency_max_ns"] = to_ns(static_cast<double>(ticks.max()));
}

bool thread_migrated(const ThreadReport& t) {
  if (t.counters.observed_overflow) return true;
  for (int i = 0; i < t.counters.observed_count; ++i) {
    if (t.counters.observed_pus[static_cast<std::size_t>(i)] != t.requested_pu) return true;
  }
  return false;
}

void summarize_point(PointResult& result) {
  std::map<std::string, std::vector<double>> series;
  for (const auto& rep : result.repetitions) {
    for (const auto& [name, value] : rep.metrics) series[name].push_back(value);
  }
  result.summary.clear();
  for (const auto& [name, values] : series) result.summary[name] = summarize(values);
  const auto it = result.summary.find("ops_per_sec");
  result.noisy = it != result.summary.end() && it->second.n > 1 &&
                 it->second.mdape_pct > result.noise_threshold_pct;
}

// Warm-up (or, without one, a short calibration run) with one-operation batches, then the
// point's loop plan from the slowest thread's time per operation. False when it failed.
bool calibrate(const std::shared_ptr<Workload>& workload, const Topology& topology,
               const MeasurementPoint& point, const PointOptions& options, RunConfig& config,
               PointResult& result) {
  const bool warmup = point.warmup_s > 0;
  config.duration_s = warmup ? point.warmup_s
                             : std::clamp(point.duration_s * kCalibrationFraction,
                                          kMinCalibration_s, kMaxCalibration_s);
  config.loop = calibration_loop();
  config.stop_timeout_s = initial_stop_timeout_s(options.stop_timeout_s, point.threads);
  const RepetitionRun run = run_repetition(workload, topology, config);
  if (!run.error.empty()) {
    result.error = run.error;
    return false;
  }
  result.interrupted = run.cancelled;
  result.batching = plan_batches(slowest_op_s(run.threads), point.duration_s, point.threads,
                                 options.stop_timeout_s,
                                 options.sample_every_batches > 0 ? options.sample_spacing_s : 0);
  result.batching.calibrated_from = warmup ? "warmup" : "calibration";
  config.loop = result.batching.loop;
  config.stop_timeout_s = result.batching.stop_timeout_s;
  return true;
}

// Workers that stopped far apart measured their last stretch under less contention.
void add_stop_spread_warning(PointResult& result, const PointOptions& options) {
  if (options.op_limit != 0) return;
  double spread = 0;
  for (const auto& rep : result.repetitions) spread = std::max(spread, rep.stop_spread_s);
  const double limit = kStopSpreadFraction * result.point.duration_s;
  if (spread <= limit) return;
  result.warnings.push_back(
      {"stop_spread",
       fmt::format("workers stopped up to {:.3g} ms apart (over {:.0f}% of the duration): the "
                   "last ones ran on under less contention (descheduled threads, slow batches)",
                   spread * 1e3, kStopSpreadFraction * 100),
       {{"stop_spread_s", spread}, {"limit_s", limit}, {"batch_s", result.batching.batch_s}}});
}

// What a reader must know about a summarized point: short spans, stop spread, oversubscription,
// no pinning, migration, noise, interruption, failed verification.
void add_point_warnings(PointResult& result, const PointOptions& options) {
  const MeasurementPoint& point = result.point;
  const Placement& placement = point.placement;
  if (const auto it = result.summary.find("duration_resolution_ratio");
      it != result.summary.end() && it->second.min < kMinResolutionsPerSpan) {
    result.warnings.push_back(
        {"short_span",
         fmt::format("timed span only {:.0f} steady-clock steps (want >= {:.0f}): use a longer "
                     "--duration",
                     it->second.min, kMinResolutionsPerSpan),
         {{"resolution_steps", it->second.min}, {"wanted_steps", kMinResolutionsPerSpan}}});
  }

  add_stop_spread_warning(result, options);
  if (placement.oversubscribed) {
    const std::set<int> distinct(placement.pus.begin(), placement.pus.end());
    result.warnings.push_back(
        {"oversubscribed",
         fmt::format("oversubscribed: {} threads on {} PUs", point.threads, distinct.size()),
         {{"threads", point.threads}, {"pus", static_cast<double>(distinct.size())}}});
  }
  if (!options.pin) {
    result.warnings.push_back(
        {"not_pinned", "not pinned (--no-pin): placement not guaranteed", {}});
  }
  if (options.pin && result.migrated) {
    result.warnings.push_back(
        {"migrated", "migrated: a thread was observed on a PU other than the one requested", {}});
  }
  if (result.noisy) {
    const double mdape = result.summary["ops_per_sec"].mdape_pct;
    result.warnings.push_back(
        {"noisy",
         fmt::format("noisy: ops_per_sec MdAPE {:.1f}% above {:.1f}%{}", mdape,
                     options.noise_threshold_pct,
                     result.stability == "max_repetitions"
                         ? fmt::format(" after {} repetitions (--max-repetitions)",
                                       result.repetitions.size())
                         : ""),
         {{"mdape_pct", mdape}, {"threshold_pct", options.noise_threshold_pct}}});
  }
  if (result.interrupted) {
    result.warnings.push_back(
        {"interrupted",
         fmt::format("interrupted: {} of {} repetitions measured (a repetition cut short is "
                     "dropped)",
                     result.repetitions.size(), point.repetitions),
         {{"measured", static_cast<double>(result.repetitions.size())},
          {"requested", point.repetitions}}});
  }
  if (result.failed_repetitions > 0) {
    result.warnings.push_back({"verification_failed",
                               fmt::format("verification failed in {} of {} repetitions",
                                           result.failed_repetitions, result.repetitions.size()),
                               {{"failed", result.failed_repetitions},
                                {"repetitions", static_cast<double>(result.repetitions.size())}}});
  }
}

}  // namespace

bool needs_another_repetition(int done, int requested, int max_repetitions, bool noisy) {
  if (done < requested) return true;
  if (done >= max_repetitions) return false;
  return noisy || done < kMinStableRepetitions;
}

Metrics repetition_metrics(const RepetitionRun& run, const Workload& workload) {
  Metrics m;
  const auto counters = counters_of(run);
  const std::uint64_t total = total_ops(counters);
  const double ops = static_cast<double>(std::max<std::uint64_t>(total, 1));
  m["total_ops"] = static_cast<double>(total);
  m["ops_per_sec"] = run.duration_s > 0 ? static_cast<double>(total) / run.duration_s : 0;
  m["ns_per_op"] = ns_per_op(run, total);

  std::vector<double> per_thread;
  double switches = 0;
  double user = 0;
  double system = 0;
  std::uint64_t attempts = 0;
  std::uint64_t failures = 0;
  for (const auto& t : run.threads) {
    per_thread.push_back(static_cast<double>(t.counters.ops));
    switches += static_cast<double>(t.usage.voluntary_context_switches +
                                    t.usage.involuntary_context_switches);
    user += t.usage.user_s;
    system += t.usage.system_s;
    attempts += t.counters.cas_attempts;
    failures += t.counters.cas_failures;
  }
  const Fairness fair = fairness(per_thread);
  m["jain_index"] = fair.jain_index;
  m["min_share"] = fair.min_share;
  m["max_share"] = fair.max_share;
  m["context_switches_per_op"] = switches / ops;
  m["cpu_time_per_op_ns"] = (user + system) / ops * 1e9;
  m["system_time_fraction"] = user + system > 0 ? system / (user + system) : 0;
  if (attempts > 0) {
    m["cas_attempts_per_op"] = static_cast<double>(attempts) / ops;
    m["cas_failures_per_op"] = static_cast<double>(failures) / ops;
  }
  add_latency_metrics(run.latency_ticks, m);
  std::vector<HardwareCounts> hardware;
  for (const auto& t : run.threads) hardware.push_back(t.hardware);
  add_hardware_metrics(hardware, ops, m);
  // How many steady-clock steps the timed span covers: >= kMinResolutionsPerSpan or warned.
  m["duration_resolution_ratio"] = run.duration_s * 1e9 / tick_calibration().steady_resolution_ns;
  workload.add_metrics(counters, run.duration_s, m);
  return m;
}

PointResult new_point_result(const MeasurementPoint& point, const PointOptions& options) {
  PointResult result;
  result.point = point;
  result.pinned = options.pin;
  result.invariant = point.workload->invariant;
  result.noise_threshold_pct = options.noise_threshold_pct;
  result.stability = "fixed";
  return result;
}

PointRun::PointRun(const MeasurementPoint& point, const Topology& topology,
                   const PointOptions& options)
    : point_(point),
      topology_(topology),
      options_(options),
      result_(new_point_result(point, options)),
      limit_(std::max(point.repetitions, options.max_repetitions)) {
  config_.home = point.home;
  config_.pus = point.placement.pus;
  config_.pin = options.pin;
  config_.op_limit = options.op_limit;
  config_.loop.sample_every_ops = options.sample_every_batches * kBatchOps;
  config_.stop_timeout_s = options.stop_timeout_s;
  config_.cancelled = options.cancelled;
  result_.batching.loop = config_.loop;
  result_.batching.stop_timeout_s = config_.stop_timeout_s;
  result_.coordinator = plan_coordinator(topology, point.placement.pus, options.pin);
}

void PointRun::start() {
  started_ = true;
  try {
    // A fresh workload, and with it fresh shared state, for the calibration and every
    // repetition, created while the previous one still exists so it cannot take back that one's
    // address: what depends on the address (the L3 slice, the page, its NUMA node) is sampled
    // inside a run rather than fixed for it. (The allocator may return to older addresses.)
    workload_ = point_.workload->create(point_.params);
    if (options_.op_limit == 0 &&
        !calibrate(workload_, topology_, point_, options_, config_, result_)) {
      calibration_failed_ = true;
    }
  } catch (const std::exception& e) {
    result_.error = e.what();
    calibration_failed_ = true;
  }
  config_.duration_s = point_.duration_s;
}

bool PointRun::wants_another() {
  if (!started_) start();
  if (calibration_failed_ || done_ || !result_.error.empty() || result_.interrupted) return false;
  if (options_.cancelled != nullptr && options_.cancelled()) {
    result_.interrupted = true;
    return false;
  }
  const int index = static_cast<int>(result_.repetitions.size());
  if (index >= point_.repetitions) summarize_point(result_);
  if (!needs_another_repetition(index, point_.repetitions, limit_, result_.noisy)) {
    if (limit_ > point_.repetitions) {
      const bool settled = !result_.noisy && index >= kMinStableRepetitions;
      result_.stability = settled ? "settled" : "max_repetitions";
    }
    done_ = true;
    return false;
  }
  return true;
}

void PointRun::run_one() {
  const int index = static_cast<int>(result_.repetitions.size());
  try {
    if (index > 0 || options_.op_limit == 0) workload_ = point_.workload->create(point_.params);
  } catch (const std::exception& e) {
    result_.error = e.what();
    return;
  }
  RepetitionRun run = run_repetition(workload_, topology_, config_);
  if (!run.error.empty()) {
    result_.error = run.error;
    return;
  }
  result_.state_bytes = run.state_bytes;
  state_nodes_.insert(run.state_nodes.begin(), run.state_nodes.end());
  if (home_error_.empty()) home_error_ = run.home_error;
  if (run.cancelled) {  // a cut-short repetition is not a measurement: dropped
    result_.interrupted = true;
    return;
  }
  const auto counters = counters_of(run);
  const Verification verification = workload_->verify(counters);
  RepetitionResult rep;
  rep.index = index;
  rep.duration_s = run.duration_s;
  rep.stop_spread_s = stop_spread_s(run.threads);
  rep.verified = verification.passed;
  rep.message = verification.message;
  rep.metrics = repetition_metrics(run, *workload_);
  rep.threads = std::move(run.threads);
  rep.state_nodes = std::move(run.state_nodes);
  if (!rep.verified) ++result_.failed_repetitions;
  for (const auto& t : rep.threads) result_.migrated = result_.migrated || thread_migrated(t);
  result_.repetitions.push_back(std::move(rep));
}

PointResult PointRun::finish() {
  if (calibration_failed_ && !result_.interrupted) return result_;
  if (!done_ && result_.error.empty()) result_.interrupted = true;  // cut short by a cancel
  summarize_point(result_);
  result_.state_nodes.assign(state_nodes_.begin(), state_nodes_.end());
  if (!home_error_.empty()) {
    result_.warnings.push_back(
        {"home_unbound",
         fmt::format("the shared state could not be bound to the first worker's NUMA node ({}); "
                     "its pages are where they were first touched",
                     home_error_),
         {}});
  }
  add_point_warnings(result_, options_);
  return result_;
}

PointResult run_point(const MeasurementPoint& point, const Topology& topology,
                      const PointOptions& options) {
  PointRun run(point, topology, options);
  while (run.wants_another()) run.run_one();
  return run.finish();
}

void add_hardware_metrics(std::span<const HardwareCounts> threads, double ops, Metrics& out) {
  if (threads.empty() || ops <= 0) return;
  HardwareCounts sum;
  sum.has_l1d_misses = true;
  for (const auto& t : threads) {
    if (!t.valid) return;
    sum.cycles += t.cycles;
    sum.instructions += t.instructions;
    sum.cache_misses += t.cache_misses;
    sum.has_l1d_misses = sum.has_l1d_misses && t.has_l1d_misses;
    sum.l1d_misses += t.l1d_misses;
  }
  out["cycles_per_op"] = sum.cycles / ops;
  out["instructions_per_op"] = sum.instructions / ops;
  out["cache_misses_per_op"] = sum.cache_misses / ops;
  if (sum.has_l1d_misses) out["l1d_misses_per_op"] = sum.l1d_misses / ops;
}

}  // namespace contend
