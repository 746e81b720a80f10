#include "runner/runner.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <exception>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "runner/clock.hpp"
#include "runner/interrupt.hpp"
#include "runner/spin_barrier.hpp"
#include "topology/pinning.hpp"
#include "util/error.hpp"

namespace contend {

namespace {

std::atomic<int> g_abandoned_workers{0};

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

// Everything the workers touch lives here, owned jointly with them: if the coordinator has to
// abandon a worker that never stops, nothing it still uses is freed under it.
struct SharedRun {
  SharedRun(std::shared_ptr<Workload> w, int threads)
      : workload(std::move(w)),
        barrier(threads),
        reports(static_cast<std::size_t>(threads)),
        histograms(static_cast<std::size_t>(threads)) {}

  std::shared_ptr<Workload> workload;
  SpinBarrier barrier;
  alignas(kCacheLineBytes) std::atomic<bool> stop{false};  // on its own line: read by every batch
  alignas(kCacheLineBytes) std::atomic<int> finished{0};
  SteadyClock::time_point released_at;
  std::vector<ThreadReport> reports;
  std::vector<std::unique_ptr<LatencyHistogram>> histograms;
};

void worker_main(const std::shared_ptr<SharedRun>& run, const Topology& topology,
                 const RunConfig& config, int thread) {
  ThreadReport& report = run->reports[static_cast<std::size_t>(thread)];
  report.thread = thread;
  report.requested_pu = config.pus[static_cast<std::size_t>(thread)];
  // Pin first, then allocate: the histogram and the workload's per-thread state are touched
  // first on the worker's own PU.
  PerfCounterGroup perf;
  try {
    if (config.pin) pin_thread_or_explain(topology, thread, report.requested_pu);
    if (config.sample_every_batches > 0) {
      run->histograms[static_cast<std::size_t>(thread)] = std::make_unique<LatencyHistogram>();
    }
    run->workload->prepare_thread(thread);
    if (config.hardware_counters && hardware_counter_support().available) perf.open();
  } catch (const std::exception& e) {
    report.error = e.what();
  }
  run->barrier.arrive_and_wait();
  if (report.error.empty() && !run->stop.load()) {
    WorkerContext ctx(thread, static_cast<int>(config.pus.size()), run->stop, config.op_limit,
                      config.sample_every_batches,
                      run->histograms[static_cast<std::size_t>(thread)].get(), report.counters);
    perf.start();
    const rusage before = thread_rusage();
    const auto start = SteadyClock::now();
    run->workload->run(ctx);
    const auto stop = SteadyClock::now();
    report.usage = usage_between(before, thread_rusage());
    report.hardware = perf.stop();
    report.start_s = seconds_between(run->released_at, start);
    report.stop_s = seconds_between(run->released_at, stop);
  }
  run->finished.fetch_add(1, std::memory_order_release);
}

SteadyClock::duration to_duration(double seconds) {
  return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
}

// Sleeps until `until`, waking every kCancelPoll_s to ask `cancelled`; true when it did.
bool sleep_unless_cancelled(SteadyClock::time_point until, bool (*cancelled)() noexcept) {
  const auto slice = to_duration(kCancelPoll_s);
  while (true) {
    if (cancelled != nullptr && cancelled()) return true;
    const auto now = SteadyClock::now();
    if (now >= until) return false;
    std::this_thread::sleep_until(cancelled != nullptr ? std::min(until, now + slice) : until);
  }
}

// Leaves workers that will not finish behind: they own what they use (SharedRun), so they can
// run on, or finish late, without touching freed memory. The point fails with `why`.
RepetitionRun abandon(std::vector<std::thread>& workers, RepetitionRun result, int stuck,
                      std::string why) {
  result.abandoned = true;
  result.error = std::move(why);
  g_abandoned_workers += stuck;
  for (auto& worker : workers) worker.detach();
  return result;
}

// Waits until every worker finished or `deadline` passed; true when all finished.
bool wait_for_workers(const SharedRun& run, int threads, SteadyClock::time_point deadline) {
  while (run.finished.load(std::memory_order_acquire) < threads) {
    if (SteadyClock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

}  // namespace

void pin_thread_or_explain(const Topology& topology, int thread, int pu) {
  try {
    pin_current_thread(topology, thread, pu);
  } catch (const SetupError& e) {
    throw SetupError(fmt::format(
        "{} (the OS refused the placement: a container or cpuset may restrict this process; "
        "--no-pin runs without pinning, placement not guaranteed)",
        e.what()));
  }
}

int abandoned_workers() {
  return g_abandoned_workers.load();
}

RepetitionRun run_repetition(const std::shared_ptr<Workload>& workload, const Topology& topology,
                             const RunConfig& config) {
  const int threads = static_cast<int>(config.pus.size());
  workload->reset(threads);
  auto run = std::make_shared<SharedRun>(workload, threads);

  std::vector<std::thread> workers;
  workers.reserve(config.pus.size());
  RepetitionRun result;
  try {
    // Workers inherit a mask without SIGINT/SIGTERM: Ctrl-C is handled on this thread, which
    // polls for it, and never interrupts a measuring (or abandoned) worker.
    const ScopedSignalBlock signals_to_coordinator;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([run, &topology, config, t] { worker_main(run, topology, config, t); });
    }
  } catch (const std::system_error& e) {
    // Could not start every worker: let those started run nothing, then report.
    result.error = fmt::format("starting worker thread {}: {}", workers.size(), e.what());
    run->stop.store(true);
    for (int t = static_cast<int>(workers.size()); t < threads; ++t) run->barrier.arrive();
  }

  // Workers set up (pin, allocate, prepare_thread) before the start line. One that never gets
  // there must not hang the run: the wait gives up after stop_timeout_s, or when the run is
  // cancelled, and those that did arrive are released with the stop flag already up.
  const auto setup_deadline = SteadyClock::now() + to_duration(config.stop_timeout_s);
  bool cancelled_in_setup = false;
  const bool all_ready = run->barrier.wait_for_all([&] {
    cancelled_in_setup = config.cancelled != nullptr && config.cancelled();
    return cancelled_in_setup || SteadyClock::now() >= setup_deadline;
  });
  const int ready = run->barrier.arrived();
  if (all_ready) {
    // Only now are the reports safe to read: every worker has written its set-up outcome.
    for (const auto& report : run->reports) {
      if (!report.error.empty() && result.error.empty()) result.error = report.error;
    }
  } else if (cancelled_in_setup) {
    result.cancelled = true;
  }
  if (!all_ready || !result.error.empty()) run->stop.store(true);  // nobody measures
  run->released_at = SteadyClock::now();
  run->barrier.release();
  if (!all_ready && !cancelled_in_setup) {
    return abandon(workers, std::move(result), threads - ready,
                   fmt::format("{} of {} workers did not finish setting up (pinning, "
                               "prepare_thread) within {:.1f}s; point abandoned",
                               threads - ready, threads, config.stop_timeout_s));
  }

  if (config.op_limit == 0 && result.error.empty() && !result.cancelled) {
    result.cancelled =
        sleep_unless_cancelled(run->released_at + to_duration(config.duration_s), config.cancelled);
    run->stop.store(true, std::memory_order_relaxed);
  }
  // Fixed-count runs have no duration: give them the timeout from the start.
  const auto deadline = SteadyClock::now() + to_duration(config.stop_timeout_s);
  if (!wait_for_workers(*run, threads, deadline)) {
    run->stop.store(true);
    const int stuck = threads - run->finished.load();
    return abandon(workers, std::move(result), stuck,
                   fmt::format("{} of {} workers did not stop within {:.1f}s of the stop flag "
                               "(livelock or lock bug); point abandoned",
                               stuck, threads, config.stop_timeout_s));
  }
  for (auto& worker : workers) worker.join();

  result.threads = run->reports;
  double first_start = 0;
  double last_stop = 0;
  bool any = false;
  for (const auto& report : result.threads) {
    if (!report.error.empty()) continue;
    first_start = any ? std::min(first_start, report.start_s) : report.start_s;
    last_stop = any ? std::max(last_stop, report.stop_s) : report.stop_s;
    any = true;
  }
  result.duration_s = last_stop - first_start;
  for (const auto& histogram : run->histograms) {
    if (histogram) result.latency_ticks.merge(*histogram);
  }
  return result;
}

}  // namespace contend
