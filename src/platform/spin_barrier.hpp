// One-shot start line: workers arrive and spin; the coordinator waits for all of them, then
// releases them at once so they start within nanoseconds of each other. The coordinator's wait
// can give up (a worker hung in its set-up): it then releases those that arrived, and late
// arrivals pass straight through.
#pragma once

#include <sched.h>

#include <atomic>

#include "platform/cpu_relax.hpp"
#include "platform/layout.hpp"

namespace contend {

class SpinBarrier {
 public:
  explicit SpinBarrier(int workers) : workers_(workers) {}

  // Called by each worker, failed or not, so the coordinator never waits for a missing one.
  void arrive_and_wait() noexcept {
    arrive();
    spin_until([this] { return released_.value.load(std::memory_order_acquire) != 0; },
               [] { return false; });
  }

  // Called by the coordinator: true once every worker has arrived, false as soon as
  // `give_up()` (asked every 1024 spins, so it may read a clock) returns true first.
  template <typename GiveUp>
  bool wait_for_all(GiveUp give_up) noexcept {
    return spin_until([this] { return arrived() == workers_; }, give_up);
  }

  int arrived() const noexcept {
    return static_cast<int>(arrived_.value.load(std::memory_order_acquire));
  }

  // Stands in for a worker that could not be started.
  void arrive() noexcept { arrived_.value.fetch_add(1, std::memory_order_acq_rel); }

  void release() noexcept { released_.value.store(1, std::memory_order_release); }

 private:
  // Spin politely, and yield now and then: with more threads than PUs a spinning waiter would
  // otherwise keep a not-yet-arrived worker off its PU for a whole time slice.
  template <typename Done, typename GiveUp>
  static bool spin_until(Done done, GiveUp give_up) noexcept {
    for (unsigned spins = 0; !done(); ++spins) {
      cpu_relax();
      if ((spins & 1023u) == 1023u) {
        if (give_up()) return false;
        sched_yield();
      }
    }
    return true;
  }

  int workers_;
  PaddedCounter arrived_;
  PaddedCounter released_;
};

}  // namespace contend
