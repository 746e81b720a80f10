// Quiescent-state-based reclamation (the user-space RCU "QSBR" flavour), small enough to read:
// a retired object becomes reusable once every other thread has announced, after the
// retirement, a moment at which it held no pointer. Threads pay one load and one store per
// kAnnounceEvery operations, not per read: the cheap safe way to retire published versions.
// Reclaimed objects go to the retiring thread's free list for its next publication rather than
// back to malloc, whose cross-thread frees and heap trimming would dominate the figures.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <vector>

#include "workloads/layout.hpp"

namespace contend {

// T provides `static void poison(T&) noexcept`, applied when an object is reclaimed, so a
// reader that (wrongly) still reaches it sees something its check rejects.
template <typename T>
class QuiescentReclaimer {
 public:
  // Operations between two announcements: a writer waits at most this many per thread.
  static constexpr std::uint64_t kAnnounceEvery = 64;
  // A writer scans its retired objects once it holds this many; after a scan that could not
  // reclaim them (a reader lagging, descheduled), only once the list has doubled, so retiring
  // stays O(1) amortised instead of rescanning a growing list on every write.
  static constexpr std::size_t kScanAt = 64;

  explicit QuiescentReclaimer(int threads) : slots_(static_cast<std::size_t>(threads)) {}
  ~QuiescentReclaimer() {
    for (auto& slot : slots_) {
      for (const auto& r : slot.retired) delete r.object;
      for (T* object : slot.reusable) delete object;
    }
  }
  QuiescentReclaimer(const QuiescentReclaimer&) = delete;
  QuiescentReclaimer& operator=(const QuiescentReclaimer&) = delete;

  // Called by every thread after every operation (read or write), when it holds no pointer to
  // a shared object; announces every kAnnounceEvery calls.
  void quiescent(int thread) noexcept {
    Slot& slot = slots_[static_cast<std::size_t>(thread)];
    if (++slot.ops_since < kAnnounceEvery) return;
    slot.ops_since = 0;
    // Acquire: pairs with the writer's bump, so every load after this sees what it replaced.
    // Release: every read before this happens-before the writer's reuse.
    slot.seen.store(epoch_.load(std::memory_order_acquire), std::memory_order_release);
  }
  // Called by a thread that stops for good (end of its run): it no longer holds anyone back.
  void offline(int thread) noexcept {
    slots_[static_cast<std::size_t>(thread)].seen.store(kOffline, std::memory_order_release);
  }
  // Called by the writer that unpublished `object`, after unpublishing it.
  void retire(int thread, T* object) {
    const std::uint64_t epoch = epoch_.fetch_add(1, std::memory_order_acq_rel) + 1;
    Slot& slot = slots_[static_cast<std::size_t>(thread)];
    slot.retired.push_back({object, epoch});
    if (slot.retired.size() >= slot.scan_at) {
      reclaim(thread);
      slot.scan_at = std::max(kScanAt, 2 * slot.retired.size());
    }
  }
  // A reclaimed object for `thread` to overwrite and publish again, or null when none is.
  T* reuse(int thread) noexcept {
    auto& reusable = slots_[static_cast<std::size_t>(thread)].reusable;
    if (reusable.empty()) return nullptr;
    T* object = reusable.back();
    reusable.pop_back();
    return object;
  }
  // Objects reclaimed so far, all threads together.
  std::uint64_t reclaimed() const noexcept {
    std::uint64_t total = 0;
    for (const auto& slot : slots_) total += slot.reclaimed;
    return total;
  }

 private:
  static constexpr std::uint64_t kOffline = std::numeric_limits<std::uint64_t>::max();
  struct Retired {
    T* object;
    std::uint64_t epoch;  // reusable once every other thread announced at least this
  };
  struct alignas(kCacheLineBytes) Slot {
    std::atomic<std::uint64_t> seen{0};
    std::uint64_t ops_since = 0;
    std::uint64_t reclaimed = 0;
    std::size_t scan_at = kScanAt;
    std::vector<Retired> retired;
    std::vector<T*> reusable;
  };

  void reclaim(int thread) {
    std::uint64_t safe = kOffline;
    for (std::size_t t = 0; t < slots_.size(); ++t) {
      // The writer itself is between operations: it holds nothing but what it retires.
      if (static_cast<int>(t) == thread) continue;
      safe = std::min(safe, slots_[t].seen.load(std::memory_order_acquire));
    }
    Slot& slot = slots_[static_cast<std::size_t>(thread)];
    std::size_t kept = 0;
    for (const auto& r : slot.retired) {
      if (r.epoch <= safe) {
        T::poison(*r.object);
        slot.reusable.push_back(r.object);
        ++slot.reclaimed;
      } else {
        slot.retired[kept++] = r;
      }
    }
    slot.retired.resize(kept);
  }

  alignas(kCacheLineBytes) std::atomic<std::uint64_t> epoch_{1};
  std::vector<Slot> slots_;
};

}  // namespace contend
