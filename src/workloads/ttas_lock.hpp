// Test-and-test-and-set spin lock: spin on a plain load (the line stays shared in every
// waiter's cache) and only attempt the exchange when the lock looks free.
#pragma once

#include <atomic>

#include "platform/cpu_relax.hpp"

namespace contend {

class TtasLock {
 public:
  void lock() noexcept {
    while (locked_.exchange(true, std::memory_order_acquire)) {
      while (locked_.load(std::memory_order_relaxed)) cpu_relax();
    }
  }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

}  // namespace contend
