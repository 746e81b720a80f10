// MCS queue lock: each waiter spins on a flag in its own queue node, so a release moves one
// line to one waiter instead of invalidating every waiter's copy. FIFO. The node lives with
// the acquirer (on its stack) for the duration of the hold.
#pragma once

#include <atomic>

#include "platform/cpu_relax.hpp"
#include "platform/layout.hpp"

namespace contend {

class McsLock {
 public:
  // Each waiter's node on its own line: the waiter spins on it and its predecessor writes it.
  struct alignas(kCacheLineBytes) Node {
    std::atomic<Node*> next{nullptr};
    std::atomic<bool> waiting{false};
  };
  static_assert(sizeof(Node) == kCacheLineBytes);

  void lock(Node& me) noexcept {
    me.next.store(nullptr, std::memory_order_relaxed);
    me.waiting.store(true, std::memory_order_relaxed);
    Node* previous = tail_.exchange(&me, std::memory_order_acq_rel);
    if (previous == nullptr) return;
    previous->next.store(&me, std::memory_order_release);
    while (me.waiting.load(std::memory_order_acquire)) cpu_relax();
  }
  void unlock(Node& me) noexcept {
    Node* successor = me.next.load(std::memory_order_acquire);
    if (successor == nullptr) {
      Node* expected = &me;
      if (tail_.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel,
                                        std::memory_order_relaxed)) {
        return;  // nobody queued behind us
      }
      // Someone swapped the tail but has not linked in yet: wait for the link.
      while ((successor = me.next.load(std::memory_order_acquire)) == nullptr) cpu_relax();
    }
    successor->waiting.store(false, std::memory_order_release);
  }

 private:
  std::atomic<Node*> tail_{nullptr};
};

}  // namespace contend
