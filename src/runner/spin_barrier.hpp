// One-shot start line: workers arrive and spin; the coordinator waits for all of them, then
// releases them at once so they start within nanoseconds of each other.
#pragma once

#include <sched.h>

#include <atomic>

#include "workloads/cpu_relax.hpp"
#include "workloads/layout.hpp"

namespace contend {

class SpinBarrier {
 public:
  explicit SpinBarrier(int workers) : workers_(workers) {}

  // Called by each worker, failed or not, so the coordinator never waits for a missing one.
  void arrive_and_wait() noexcept {
    arrive();
    spin_until([this] { return released_.value.load(std::memory_order_acquire) != 0; });
  }

  // Called by the coordinator: returns once every worker has arrived.
  void wait_for_all() noexcept {
    spin_until([this] {
      return arrived_.value.load(std::memory_order_acquire) == static_cast<std::uint64_t>(workers_);
    });
  }

  // Stands in for a worker that could not be started.
  void arrive() noexcept { arrived_.value.fetch_add(1, std::memory_order_acq_rel); }

  void release() noexcept { released_.value.store(1, std::memory_order_release); }

 private:
  // Spin politely, and yield now and then: with more threads than PUs a spinning waiter would
  // otherwise keep a not-yet-arrived worker off its PU for a whole time slice.
  template <typename Done>
  static void spin_until(Done done) noexcept {
    for (unsigned spins = 0; !done(); ++spins) {
      cpu_relax();
      if ((spins & 1023u) == 1023u) sched_yield();
    }
  }

  int workers_;
  PaddedCounter arrived_;
  PaddedCounter released_;
};

}  // namespace contend
