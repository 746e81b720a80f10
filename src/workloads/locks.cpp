// The locks family: one lock primitive guarding a counter, with calibrated busy work inside
// the lock (`critical_ns`, the hold time) and outside it (`parallel_ns`, the time between
// acquisitions). One operation is one acquisition; the runner's jain_index and
// context_switches_per_op are therefore fairness and context switches per acquisition.
#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <shared_mutex>

#include "contract/batched_loop.hpp"
#include "platform/layout.hpp"
#include "workloads/busy_work.hpp"
#include "workloads/families.hpp"
#include "workloads/mcs_lock.hpp"
#include "workloads/pthread_spin_lock.hpp"
#include "workloads/tas_lock.hpp"
#include "workloads/ticket_lock.hpp"
#include "workloads/ttas_lock.hpp"

namespace contend {

namespace {

// How a thread takes and releases a lock: lock()/unlock() for most, a queue node for MCS.
template <typename Lock>
class Holder {
 public:
  explicit Holder(Lock& lock) noexcept : lock_(lock) {}
  void acquire() noexcept { lock_.lock(); }
  void release() noexcept { lock_.unlock(); }

 private:
  Lock& lock_;
};

template <>
class Holder<McsLock> {
 public:
  explicit Holder(McsLock& lock) noexcept : lock_(lock) {}
  void acquire() noexcept { lock_.lock(node_); }
  void release() noexcept { lock_.unlock(node_); }

 private:
  McsLock& lock_;
  McsLock::Node node_;  // on the worker's stack, reused for every acquisition
};

template <typename Lock>
class LockWorkload final : public Workload {
 public:
  LockWorkload(std::uint64_t critical_ns, std::uint64_t parallel_ns)
      : critical_(critical_ns), parallel_(parallel_ns), state_(std::make_unique<State>()) {}

  void reset(int) override { state_->count = 0; }
  void run(WorkerContext& ctx) noexcept override {
    Holder<Lock> holder(state_->lock);
    State& state = *state_;
    // The work outside the lock runs between operations, untimed: a sampled latency is one
    // acquisition, the critical section and the release.
    run_batched(
        ctx,
        [&] {
          holder.acquire();
          std::uint64_t result = ++state.count;
          result += critical_.run();
          holder.release();
          return result;
        },
        [&] { return parallel_.run(); });
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    const std::uint64_t expected = total_ops(counters);
    if (state_->count == expected) return {};
    return {false, fmt::format("protected counter is {} but threads acquired the lock {} times",
                               state_->count, expected)};
  }
  std::vector<MemoryArea> shared_state() const override { return {area_of(*state_)}; }

 private:
  // The lock and the number it protects share a line, as they would in a real structure.
  struct alignas(kCacheLineBytes) State {
    Lock lock;
    std::uint64_t count = 0;
  };
  static_assert(alignof(State) == kCacheLineBytes);

  BusyWork critical_;
  BusyWork parallel_;
  std::unique_ptr<State> state_;  // built once: a lock that cannot be set up fails at create
};

template <typename Lock>
std::unique_ptr<Workload> make(const Params& p) {
  return std::make_unique<LockWorkload<Lock>>(static_cast<std::uint64_t>(p.integer("critical_ns")),
                                              static_cast<std::uint64_t>(p.integer("parallel_ns")));
}

}  // namespace

std::vector<WorkloadInfo> lock_workloads() {
  const std::vector<ParamSpec> knobs = {
      {"critical_ns",
       "busy work while holding the lock (ns, calibrated)",
       {},
       std::int64_t{0},
       0,
       1'000'000},
      {"parallel_ns",
       "busy work between two acquisitions (ns, calibrated)",
       {},
       std::int64_t{0},
       0,
       1'000'000},
  };
  const char* invariant = "protected counter == number of acquisitions";
  std::vector<WorkloadInfo> locks{
      {"std_mutex", "locks", "std::mutex (futex-based: waiters sleep)", invariant, knobs,
       make<std::mutex>, WorkloadRole::kBaseline},
      {"std_shared_mutex", "locks", "std::shared_mutex taken exclusively (a reader-writer lock)",
       invariant, knobs, make<std::shared_mutex>},
      {"tas", "locks", "test-and-set spin lock: exchange until it succeeds", invariant, knobs,
       make<TasLock>},
      {"ttas", "locks", "test-and-test-and-set: spin on a load, exchange when free", invariant,
       knobs, make<TtasLock>},
      {"ticket", "locks", "ticket lock: FIFO, every waiter spins on one word", invariant, knobs,
       make<TicketLock>},
      {"mcs", "locks", "MCS queue lock: FIFO, each waiter spins on its own node", invariant, knobs,
       make<McsLock>},
      {"pthread_spin", "locks", "pthread_spinlock_t from the C library", invariant, knobs,
       make<PthreadSpinLock>},
  };
  for (auto& lock : locks) {
    lock.latency = "acquisition, critical section and release; the parallel_ns work is untimed";
  }
  return locks;
}

}  // namespace contend
