#include "runner/worker_group.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>

#include "platform/error.hpp"
#include "platform/interrupt.hpp"
#include "platform/layout.hpp"
#include "platform/pinning.hpp"
#include "platform/spin_barrier.hpp"

namespace contend {

namespace {

std::atomic<int> g_abandoned_workers{0};

// How long workers told to stop at a deadline get before they are abandoned.
constexpr double kStopGrace_s = 1.0;

// The group's own state, shared with its workers like the work itself.
class GroupState final : public StartLine {
 public:
  explicit GroupState(int workers)
      : barrier(workers), setup_errors(static_cast<std::size_t>(workers)) {}

  const std::atomic<bool>& stop_flag() const noexcept override { return stop; }
  SteadyClock::time_point released_at() const noexcept override { return released; }
  bool is_ready(int thread) const noexcept override {
    return setup_errors[static_cast<std::size_t>(thread)].empty();
  }

  SpinBarrier barrier;
  alignas(kCacheLineBytes) std::atomic<bool> stop{false};  // on its own line: read by every batch
  alignas(kCacheLineBytes) std::atomic<int> finished{0};
  SteadyClock::time_point released;  // written before the release, read after it
  bool go = true;  // false: released only to leave (nobody runs); written before the release
  std::vector<std::string> setup_errors;
};

void worker_main(const std::shared_ptr<GroupState>& state, const std::shared_ptr<GroupWork>& work,
                 const Topology& topology, const WorkerGroupConfig& config, int thread) {
  std::string& error = state->setup_errors[static_cast<std::size_t>(thread)];
  try {
    if (config.pin)
      pin_thread_or_explain(topology, thread, config.pus[static_cast<std::size_t>(thread)]);
    work->setup(thread);
  } catch (const std::exception& e) {
    error = e.what();
  }
  state->barrier.arrive_and_wait();
  // Not "unless stop is up": a worker the OS leaves unscheduled until after the duration must
  // still run (and see the stop at once), or partners waiting for it (a consumer for its
  // producer's "done") would wait forever.
  if (error.empty() && state->go) work->run(thread, *state);
  state->finished.fetch_add(1, std::memory_order_release);
}

SteadyClock::duration to_duration(double seconds) {
  return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
}

bool asked_to_cancel(const WorkerGroupConfig& config) noexcept {
  return config.cancelled != nullptr && config.cancelled();
}

// Sleeps until `until`, waking every `poll_s` to ask `cancelled`; true when it did.
bool sleep_unless_cancelled(SteadyClock::time_point until, const WorkerGroupConfig& config,
                            double poll_s) {
  const auto slice = to_duration(poll_s);
  while (true) {
    if (asked_to_cancel(config)) return true;
    const auto now = SteadyClock::now();
    if (now >= until) return false;
    std::this_thread::sleep_until(config.cancelled != nullptr ? std::min(until, now + slice)
                                                              : until);
  }
}

// Waits until every worker finished or `deadline` passed; true when all finished. A
// cancellation raises the stop flag and goes on waiting for the (now stopping) workers.
bool wait_for_workers(GroupState& state, int workers, SteadyClock::time_point deadline,
                      const WorkerGroupConfig& config, GroupOutcome& outcome) {
  while (state.finished.load(std::memory_order_acquire) < workers) {
    if (!outcome.cancelled && asked_to_cancel(config)) {
      outcome.cancelled = true;
      state.stop.store(true);
    }
    if (SteadyClock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

// Leaves workers that will not finish behind: they own what they use (GroupState, GroupWork),
// so they can run on, or finish late, without touching freed memory.
void abandon(std::vector<std::thread>& workers, GroupOutcome& outcome, int stuck, std::string why) {
  outcome.abandoned = true;
  outcome.error = std::move(why);
  g_abandoned_workers += stuck;
  for (auto& worker : workers) worker.detach();
}

// Starts one thread per PU with the signals blocked; those that cannot be started are stood
// in for at the start line and the outcome says why.
std::vector<std::thread> start_workers(const std::shared_ptr<GroupState>& state,
                                       const std::shared_ptr<GroupWork>& work,
                                       const Topology& topology, const WorkerGroupConfig& config,
                                       GroupOutcome& outcome) {
  const int count = static_cast<int>(config.pus.size());
  std::vector<std::thread> workers;
  workers.reserve(config.pus.size());
  try {
    const ScopedSignalBlock signals_to_coordinator;  // inherited by the threads started here
    for (int t = 0; t < count; ++t) {
      workers.emplace_back(
          [state, work, &topology, config, t] { worker_main(state, work, topology, config, t); });
    }
  } catch (const std::system_error& e) {
    outcome.error = fmt::format("starting worker thread {}: {}", workers.size(), e.what());
    state->stop.store(true);
    for (auto t = workers.size(); t < config.pus.size(); ++t) {
      state->setup_errors[t] = outcome.error;
      state->barrier.arrive();
      state->finished.fetch_add(1);
    }
  }
  return workers;
}

}  // namespace

void pin_thread_or_explain(const Topology& topology, int thread, int pu) {
  const auto what = [&] { return fmt::format("pinning thread {} to PU {}", thread, pu); };
  if (!topology.is_system()) throw SetupError(what() + ": the topology is synthetic");
  try {
    pin_current_thread(thread, pu);
  } catch (const SetupError& e) {
    throw SetupError(fmt::format(
        "{} (the OS refused the placement: a container or cpuset may restrict this process; "
        "--no-pin runs without pinning, placement not guaranteed)",
        e.what()));
  }
  // The OS moves a thread off a PU outside its new mask before the call returns; if it is still
  // elsewhere, something overrides the affinity and the placement would be a fiction.
  const int now = current_pu();
  if (now >= 0 && now != pu) {
    throw SetupError(fmt::format("{}: pinned, yet running on PU {}", what(), now));
  }
}

CoordinatorPlan plan_coordinator(const Topology& topology, const std::vector<int>& measured,
                                 bool pin) {
  CoordinatorPlan plan;
  if (pin && topology.is_system()) {
    for (const int pu : topology.usable_pus()) {
      if (std::find(measured.begin(), measured.end(), pu) == measured.end()) plan.pus.push_back(pu);
    }
  }
  if (plan.pus.empty()) plan.poll_s = kSharedCancelPoll_s;
  return plan;
}

int abandoned_workers() {
  return g_abandoned_workers.load();
}

GroupOutcome run_worker_group(const std::shared_ptr<GroupWork>& work, const Topology& topology,
                              const WorkerGroupConfig& config) {
  const int count = static_cast<int>(config.pus.size());
  auto state = std::make_shared<GroupState>(count);
  GroupOutcome outcome;
  std::vector<std::thread> workers = start_workers(state, work, topology, config, outcome);
  // Moved only after the workers started: they would inherit its mask (with --no-pin, keep it).
  const CoordinatorPlan coordinator = plan_coordinator(topology, config.pus, config.pin);
  const ScopedAffinity off_the_workers(coordinator.pus);

  // A worker that never reaches the start line must not hang the group: the wait gives up
  // after setup_timeout_s, or when cancelled, and releases those that did arrive with the stop
  // flag already up.
  const auto setup_deadline = SteadyClock::now() + to_duration(config.setup_timeout_s);
  const bool all_ready = state->barrier.wait_for_all([&] {
    outcome.cancelled = asked_to_cancel(config);
    return outcome.cancelled || SteadyClock::now() >= setup_deadline;
  });
  const int ready = state->barrier.arrived();
  if (all_ready) {
    // Only now are the set-up outcomes safe to read: every worker has written its own.
    outcome.setup_errors = state->setup_errors;
    for (const auto& error : outcome.setup_errors) {
      if (!error.empty() && outcome.error.empty()) outcome.error = error;
    }
  }
  const bool nobody_runs = !all_ready || (config.all_or_nothing && !outcome.error.empty());
  if (nobody_runs) {
    state->go = false;
    state->stop.store(true);
  }
  state->released = SteadyClock::now();
  outcome.released_at = state->released;
  state->barrier.release();
  if (!all_ready && !outcome.cancelled) {
    abandon(workers, outcome, count - ready,
            fmt::format("{} of {} workers did not finish setting up (pinning, allocation) within "
                        "{:.1f}s; abandoned",
                        count - ready, count, config.setup_timeout_s));
    return outcome;
  }

  if (config.duration_s > 0 && !nobody_runs) {
    outcome.cancelled = sleep_unless_cancelled(state->released + to_duration(config.duration_s),
                                               config, coordinator.poll_s);
    state->stop.store(true, std::memory_order_relaxed);
  }
  // Workers that end on their own have no duration: the timeout runs from the release. When it
  // passes, they are told to stop and given a grace period before being abandoned.
  const auto deadline = SteadyClock::now() + to_duration(config.stop_timeout_s);
  if (!wait_for_workers(*state, count, deadline, config, outcome)) {
    const bool already_stopped = state->stop.exchange(true);
    const auto grace = SteadyClock::now() + to_duration(kStopGrace_s);
    if (already_stopped || !wait_for_workers(*state, count, grace, config, outcome)) {
      const int stuck = count - state->finished.load();
      abandon(workers, outcome, stuck,
              fmt::format("{} of {} workers did not stop within {:.1f}s of the stop flag "
                          "(livelock, lock bug or an unanswered handoff); abandoned",
                          stuck, count, config.stop_timeout_s));
      return outcome;
    }
    outcome.timed_out = true;
    outcome.error =
        fmt::format("the workers had not finished after {:.1f}s; stopped", config.stop_timeout_s);
  }
  for (auto& worker : workers) worker.join();
  return outcome;
}

}  // namespace contend
