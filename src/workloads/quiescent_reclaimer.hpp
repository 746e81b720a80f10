// Quiescent-state-based reclamation (the user-space RCU "QSBR" flavour), small enough to read:
// a retired object becomes reusable once every other thread has announced, after the
// retirement, a moment at which it held no pointer. Threads pay one load and one store per
// kAnnounceEvery operations, not per read: the cheap safe way to retire published versions.
// The countdown to the next announcement is the caller's, a local in its loop, so a read
// touches no reclaimer memory at all.
// Reclaimed objects go to the retiring thread's free list for its next publication rather than
// back to malloc, whose cross-thread frees and heap trimming would dominate the figures.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "platform/layout.hpp"

namespace contend {

// T provides `static void poison(T&) noexcept`, applied when an object is reclaimed, so a
// reader that (wrongly) still reaches it sees something its check rejects.
template <typename T>
class QuiescentReclaimer {
 public:
  // Operations between two announcements: a writer waits at most this many per thread.
  // Callers announce once per this many operations (their own countdown), not per operation.
  static constexpr std::uint64_t kAnnounceEvery = 64;
  // A writer scans its retired objects once it holds this many; after a scan that could not
  // reclaim them (a reader lagging, descheduled), only once the list has doubled, so retiring
  // stays O(1) amortised instead of rescanning a growing list on every write.
  static constexpr std::size_t kScanAt = 64;

  explicit QuiescentReclaimer(int threads) : slots_(static_cast<std::size_t>(threads)) {
    // Here, where both types are complete. Each slot starts a line of its own: one thread's
    // announcements never invalidate another's slot.
    static_assert(std::is_standard_layout_v<Slot> && offsetof(Slot, seen) == 0);
    static_assert(alignof(Slot) == kCacheLineBytes);
    // The epoch, bumped by every retirement, is alone on the last line: the slots' pointer,
    // which every announcement and scan loads, is on an earlier one.
    static_assert(std::is_standard_layout_v<QuiescentReclaimer>);
    static_assert(offsetof(QuiescentReclaimer, slots_) + sizeof(slots_) <=
                  offsetof(QuiescentReclaimer, epoch_));
    static_assert(offsetof(QuiescentReclaimer, epoch_) % kCacheLineBytes == 0);
    static_assert(sizeof(QuiescentReclaimer) ==
                  offsetof(QuiescentReclaimer, epoch_) + kCacheLineBytes);
  }
  ~QuiescentReclaimer() {
    for (auto& slot : slots_) {
      for (const auto& r : slot.retired) delete r.object;
      for (T* object : slot.reusable) delete object;
    }
  }
  QuiescentReclaimer(const QuiescentReclaimer&) = delete;
  QuiescentReclaimer& operator=(const QuiescentReclaimer&) = delete;

  // Called by every thread once per kAnnounceEvery operations (reads and writes alike),
  // between two operations, when it holds no pointer to a shared object.
  void announce(int thread) noexcept {
    // Acquire: pairs with the writer's bump, so every load after this sees what it replaced.
    // Release: every read before this happens-before the writer's reuse.
    slots_[static_cast<std::size_t>(thread)].seen.store(
        epoch_.value.load(std::memory_order_acquire), std::memory_order_release);
  }
  // Called by a thread that stops for good (end of its run): it no longer holds anyone back.
  void offline(int thread) noexcept {
    slots_[static_cast<std::size_t>(thread)].seen.store(kOffline, std::memory_order_release);
  }
  // Called by the writer that unpublished `object`, after unpublishing it.
  void retire(int thread, T* object) {
    const std::uint64_t epoch = epoch_.value.fetch_add(1, std::memory_order_acq_rel) + 1;
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
    std::atomic<std::uint64_t> seen{0};  // written by its owner only, read by scans
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

  std::vector<Slot> slots_;
  PaddedCounter epoch_{1};  // last, alone on its line (see the constructor's checks)
};

}  // namespace contend
