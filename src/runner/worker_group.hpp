// The one way contend runs pinned threads: used by every measured point, by the c2c pairs and by
// the TSC-skew probe, so they share one set of guarantees. Each worker pins itself and checks
// it, then sets up (allocates after pinning, so first touch lands on its own node), then waits at
// a spinning start line; the coordinator releases them together, raises the stop flag after the
// duration (or waits for them to end on their own), and gives up on workers that miss the set-up
// or stop deadline: those are abandoned, never waited for. Workers run with SIGINT, SIGTERM and
// SIGHUP blocked, so a signal always lands on the coordinator.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "topology/topology.hpp"

namespace contend {

struct WorkerGroupConfig {
  std::vector<int> pus;  // OS PU per worker; its size is the worker count
  bool pin = true;       // false: --no-pin, placement is a wish
  // > 0: the coordinator raises the stop flag this long after the release. 0: the workers end
  // on their own (a fixed operation count, a c2c pair's samples), within stop_timeout_s.
  double duration_s = 0;
  double setup_timeout_s = 5;  // workers not at the start line by then are abandoned
  double stop_timeout_s = 5;   // workers still running this long after stop are abandoned
  // A failed set-up anywhere means nobody measures (a point needs all its threads). false: the
  // workers that are ready still run and learn from is_ready() which of their partners are not
  // (c2c pairs, where one refused PU must not cost the other pairs their round).
  bool all_or_nothing = true;
  // Polled while waiting (every kCancelPoll_s): when it returns true the stop flag goes up and
  // the group is reported cancelled. nullptr: never.
  bool (*cancelled)() noexcept = nullptr;
};

// How often a waiting coordinator looks at WorkerGroupConfig::cancelled: short enough that
// Ctrl-C feels immediate, long enough that its wake-ups do not disturb the workers.
inline constexpr double kCancelPoll_s = 0.02;
// The same when the coordinator has to share the measured PUs: each wake-up then preempts a
// worker (with a FIFO lock, everyone waits for it), so it wakes less often, still within the
// ~100 ms an interrupt may take.
inline constexpr double kSharedCancelPoll_s = 0.1;

// Where the coordinator waits while a group runs: on the usable PUs the workers do not use,
// when there are any (its wake-ups then never take a worker's PU), else where it was.
struct CoordinatorPlan {
  std::vector<int> pus;  // where it moves; empty: it shares the measured PUs
  double poll_s = kCancelPoll_s;
};

// The plan for workers on `measured`: only when pinning on this machine's topology.
CoordinatorPlan plan_coordinator(const Topology& topology, const std::vector<int>& measured,
                                 bool pin);

// What a worker sees once released.
class StartLine {
 public:
  virtual ~StartLine() = default;
  virtual const std::atomic<bool>& stop_flag() const noexcept = 0;
  virtual SteadyClock::time_point released_at() const noexcept = 0;
  // Whether worker `thread` pinned and set up without error (see all_or_nothing).
  virtual bool is_ready(int thread) const noexcept = 0;
};

// What the workers do. Owned jointly by the coordinator and the workers, so that an abandoned
// worker never touches freed memory: put everything the workers use inside.
class GroupWork {
 public:
  virtual ~GroupWork() = default;
  // After pinning, before the start line; throw to report a failed set-up.
  virtual void setup(int /*thread*/) {}
  // After the release. Must return soon after stop_flag() is raised.
  virtual void run(int thread, const StartLine& start) = 0;
};

struct GroupOutcome {
  std::vector<std::string> setup_errors;  // per worker; empty string when it set up
  std::string error;                      // the first set-up error, or why workers were abandoned
  bool abandoned = false;                 // workers missed a deadline and were left behind
  bool cancelled = false;                 // WorkerGroupConfig::cancelled said so
  bool timed_out = false;  // self-ending workers missed stop_timeout_s and were stopped
  SteadyClock::time_point released_at;
};

// Runs the group to its end. Never throws for a worker's failure: it is in the outcome.
// The topology decides whether pinning is possible (not on a synthetic one).
GroupOutcome run_worker_group(const std::shared_ptr<GroupWork>& work, const Topology& topology,
                              const WorkerGroupConfig& config);

// Pins the calling thread to `pu`, explaining a refusal: most often a cpuset (container,
// cgroup, taskset) narrower than what hwloc reported at start-up; --no-pin measures anyway.
void pin_thread_or_explain(const Topology& topology, int thread, int pu);

// Number of workers abandoned so far in this process (they may still be burning CPU).
int abandoned_workers();

}  // namespace contend
