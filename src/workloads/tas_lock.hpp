// Test-and-set spin lock: every waiter hammers the lock word with exchanges, so the line
// ping-pongs between waiters even while the lock is held. The baseline TTAS improves on.
#pragma once

#include <atomic>

#include "platform/cpu_relax.hpp"

namespace contend {

class TasLock {
 public:
  void lock() noexcept {
    while (locked_.exchange(true, std::memory_order_acquire)) cpu_relax();
  }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

}  // namespace contend
