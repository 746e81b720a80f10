// Ticket lock: take a number, wait until it is served. FIFO, so it is fair by construction,
// but every waiter spins on the same `serving` word and a preempted next-in-line stalls all.
#pragma once

#include <atomic>
#include <cstdint>

#include "platform/cpu_relax.hpp"

namespace contend {

class TicketLock {
 public:
  void lock() noexcept {
    const std::uint32_t ticket = next_.fetch_add(1, std::memory_order_relaxed);
    while (serving_.load(std::memory_order_acquire) != ticket) cpu_relax();
  }
  // Only the holder writes `serving`, so a load and a store suffice.
  void unlock() noexcept {
    serving_.store(serving_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }

 private:
  std::atomic<std::uint32_t> next_{0};
  std::atomic<std::uint32_t> serving_{0};
};

}  // namespace contend
