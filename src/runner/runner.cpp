#include "runner/runner.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "platform/clock.hpp"

namespace contend {

namespace {

double to_seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
}

rusage thread_rusage() noexcept {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return usage;
}

ThreadUsage usage_between(const rusage& before, const rusage& after) {
  return {to_seconds(after.ru_utime) - to_seconds(before.ru_utime),
          to_seconds(after.ru_stime) - to_seconds(before.ru_stime),
          after.ru_nvcsw - before.ru_nvcsw, after.ru_nivcsw - before.ru_nivcsw};
}

// One repetition as the worker group runs it: everything a worker touches lives here.
class RepetitionWork final : public GroupWork {
 public:
  RepetitionWork(std::shared_ptr<Workload> workload, const RunConfig& config)
      : workload_(std::move(workload)),
        config_(config),
        reports_(config.pus.size()),
        histograms_(config.pus.size()),
        perf_(config.pus.size()) {}

  // Pinned already: the histogram and the workload's per-thread state are touched first on
  // the worker's own PU.
  void setup(int thread) override {
    const auto t = static_cast<std::size_t>(thread);
    reports_[t].thread = thread;
    reports_[t].requested_pu = config_.pus[t];
    if (config_.loop.sample_every_ops > 0) histograms_[t] = std::make_unique<LatencyHistogram>();
    workload_->prepare_thread(thread);
    perf_[t] = std::make_unique<PerfCounterGroup>();
    if (config_.hardware_counters && hardware_counter_support().available) perf_[t]->open();
  }

  void run(int thread, const StartLine& start) override {
    const auto t = static_cast<std::size_t>(thread);
    ThreadReport& report = reports_[t];
    WorkerContext ctx(thread, static_cast<int>(config_.pus.size()), start.stop_flag(),
                      config_.op_limit, config_.loop, histograms_[t].get(), report.counters);
    perf_[t]->start();
    const rusage before = thread_rusage();
    const auto begin = SteadyClock::now();
    workload_->run(ctx);
    const auto end = SteadyClock::now();
    report.usage = usage_between(before, thread_rusage());
    report.hardware = perf_[t]->stop();
    report.start_s = seconds_between(start.released_at(), begin);
    report.stop_s = seconds_between(start.released_at(), end);
  }

  // Read only after the group joined every worker.
  void collect(const GroupOutcome& outcome, RepetitionRun& result) {
    result.threads = reports_;
    for (std::size_t t = 0; t < result.threads.size(); ++t) {
      result.threads[t].thread = static_cast<int>(t);
      result.threads[t].requested_pu = config_.pus[t];
      if (t < outcome.setup_errors.size()) result.threads[t].error = outcome.setup_errors[t];
    }
    for (const auto& histogram : histograms_) {
      if (histogram) result.latency_ticks.merge(*histogram);
    }
  }

 private:
  std::shared_ptr<Workload> workload_;
  RunConfig config_;
  std::vector<ThreadReport> reports_;
  std::vector<std::unique_ptr<LatencyHistogram>> histograms_;
  std::vector<std::unique_ptr<PerfCounterGroup>> perf_;
};

// First worker start to last worker stop, over the workers that ran.
double measured_span_s(const std::vector<ThreadReport>& threads) {
  double first_start = 0;
  double last_stop = 0;
  bool any = false;
  for (const auto& report : threads) {
    if (!report.error.empty()) continue;
    first_start = any ? std::min(first_start, report.start_s) : report.start_s;
    last_stop = any ? std::max(last_stop, report.stop_s) : report.stop_s;
    any = true;
  }
  return last_stop - first_start;
}

}  // namespace

RepetitionRun run_repetition(const std::shared_ptr<Workload>& workload, const Topology& topology,
                             const RunConfig& config) {
  workload->reset(static_cast<int>(config.pus.size()));
  const std::vector<MemoryArea> areas = workload->shared_state();
  const HomePlacement home =
      place_shared_state(topology, config.home, config.pus.empty() ? 0 : config.pus.front(), areas);
  if (!home.error.empty() && config.home != MemoryHome{}) {
    RepetitionRun refused;
    refused.error = fmt::format("home {}: the shared state could not be bound there: {}",
                                config.home.to_text(), home.error);
    return refused;
  }
  auto work = std::make_shared<RepetitionWork>(workload, config);
  WorkerGroupConfig group;
  group.pus = config.pus;
  group.pin = config.pin;
  group.duration_s = config.op_limit == 0 ? config.duration_s : 0;
  group.setup_timeout_s = config.stop_timeout_s;
  group.stop_timeout_s = config.stop_timeout_s;
  group.cancelled = config.cancelled;
  const GroupOutcome outcome = run_worker_group(work, topology, group);

  RepetitionRun result;
  for (const MemoryArea& area : areas) result.state_bytes += area.size();
  result.state_nodes = home.nodes;
  result.home_error = home.error;
  result.error = outcome.error;
  result.abandoned = outcome.abandoned || outcome.timed_out;
  result.cancelled = outcome.cancelled;
  if (outcome.abandoned) return result;  // its workers may still write to `work`
  work->collect(outcome, result);
  result.duration_s = measured_span_s(result.threads);
  return result;
}

}  // namespace contend
