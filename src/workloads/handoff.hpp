// The hand-off family (the guide's "channel"): producers pass numbered items to consumers
// through a bounded queue. Threads [0, producers) produce, the rest consume; a single thread
// does both in turn. One operation is one item enqueued (producers) or dequeued (consumers),
// so ops_per_sec counts each item twice and items_per_sec once.
// Stopping: producers stop at the stop flag (or their fixed count), then say so; consumers
// drain until every producer is done and the queue is empty, so every item produced is
// consumed, and nobody waits for an item that will never come (the last producer wakes them).
// Verified: every item consumed exactly once, in order per producer as each consumer saw it.
// In a header so tests can wrap a queue with an injected fault (one that drops an item).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "contract/workload.hpp"
#include "platform/clock.hpp"
#include "platform/cpu_relax.hpp"
#include "platform/layout.hpp"

namespace contend {

// An item names its producer and its number (from 1) in that producer's stream; `stamp` is the
// tick count at enqueue for sampled items (0 otherwise): hand-off latency.
struct Item {
  std::uint64_t tag = 0;
  std::uint64_t stamp = 0;
  static constexpr int kSeqBits = 40;
  static constexpr Item make(int producer, std::uint64_t seq, std::uint64_t stamp) noexcept {
    return {(static_cast<std::uint64_t>(producer) << kSeqBits) | seq, stamp};
  }
  constexpr std::size_t producer() const noexcept {
    return static_cast<std::size_t>(tag >> kSeqBits);
  }
  constexpr std::uint64_t seq() const noexcept { return tag & ((1ULL << kSeqBits) - 1); }
};

// How the queues tell producers from consumers and which of them are done.
struct Roles {
  int producers = 1;
  int consumers = 1;
  bool single = false;  // one thread does both
};

// Waits that spin a little, then yield: a lock-free queue's threads share a PU when the run
// is oversubscribed, and pure spinning would then wait out whole time slices.
class Backoff {
 public:
  void wait() noexcept {
    if (++spins_ < kSpinsBeforeYield) {
      cpu_relax();
    } else {
      std::this_thread::yield();
    }
  }
  void reset() noexcept { spins_ = 0; }

 private:
  static constexpr int kSpinsBeforeYield = 64;
  int spins_ = 0;
};

// Producers done so far, on its own line; consumers read it when they find nothing to take.
class DoneCount {
 public:
  void reset() { done_.value.store(0); }
  void producer_done() noexcept { done_.value.fetch_add(1, std::memory_order_acq_rel); }
  bool all(int producers) const noexcept {
    return done_.value.load(std::memory_order_acquire) == static_cast<std::uint64_t>(producers);
  }

 private:
  PaddedCounter done_;
};

// The baseline: a ring buffer behind a std::mutex, with condition variables for full and empty.
class MutexCvQueue {
 public:
  MutexCvQueue(const Roles& roles, std::size_t capacity) : roles_(roles), items_(capacity) {}

  void push(int, const Item& item) noexcept {
    {
      std::unique_lock lock(mutex_);
      not_full_.wait(lock, [this] { return tail_ - head_ < items_.size(); });
      items_[tail_++ % items_.size()] = item;
    }
    not_empty_.notify_one();
  }
  bool try_pop(int, Item& item) noexcept {
    std::lock_guard lock(mutex_);
    return take(item);
  }
  // Blocks until an item or the end (every producer done, nothing left): false at the end.
  bool pop(int, Item& item) noexcept {
    bool got = false;
    {
      std::unique_lock lock(mutex_);
      not_empty_.wait(lock, [this] { return tail_ != head_ || done_ == roles_.producers; });
      got = take(item);
    }
    if (got) not_full_.notify_one();
    return got;
  }
  void producer_done(int) noexcept {
    {
      std::lock_guard lock(mutex_);
      ++done_;
    }
    not_empty_.notify_all();  // consumers waiting for items that will not come
  }
  // The queue and its slots: what Handoff::shared_state() lists.
  void add_areas(std::vector<MemoryArea>& out) const {
    out.push_back(area_of(*this));
    out.push_back(std::as_bytes(std::span(items_)));
  }

 private:
  bool take(Item& item) noexcept {
    if (tail_ == head_) return false;
    item = items_[head_++ % items_.size()];
    return true;
  }

  Roles roles_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::vector<Item> items_;
  std::uint64_t head_ = 0;
  std::uint64_t tail_ = 0;
  int done_ = 0;
};

// A bounded single-producer single-consumer ring: each index written by one side only, each
// on its own line, with a cached copy of the other side's index so most operations touch one
// shared line.
class SpscRing {
 public:
  explicit SpscRing(std::size_t capacity) : items_(capacity), mask_(capacity - 1) {}
  bool try_push(const Item& item) noexcept {
    const std::uint64_t tail = tail_.value.load(std::memory_order_relaxed);
    if (tail - producer_.head_cache == items_.size()) {
      producer_.head_cache = head_.value.load(std::memory_order_acquire);
      if (tail - producer_.head_cache == items_.size()) return false;
    }
    items_[tail & mask_] = item;
    tail_.value.store(tail + 1, std::memory_order_release);
    return true;
  }
  bool try_pop(Item& item) noexcept {
    const std::uint64_t head = head_.value.load(std::memory_order_relaxed);
    if (head == consumer_.tail_cache) {
      consumer_.tail_cache = tail_.value.load(std::memory_order_acquire);
      if (head == consumer_.tail_cache) return false;
    }
    item = items_[head & mask_];
    head_.value.store(head + 1, std::memory_order_release);
    return true;
  }

  void add_areas(std::vector<MemoryArea>& out) const {
    out.push_back(area_of(*this));
    out.push_back(std::as_bytes(std::span(items_)));
  }

 private:
  struct alignas(kCacheLineBytes) Cache {
    std::uint64_t head_cache = 0;  // producer's
    std::uint64_t tail_cache = 0;  // consumer's
  };
  std::vector<Item> items_;
  std::uint64_t mask_;
  PaddedCounter head_;  // consumer writes
  PaddedCounter tail_;  // producer writes
  Cache producer_;
  Cache consumer_;
};

// SPSC rings between every producer and consumer that need one: max(P, C) rings, ring r from
// producer r % P to consumer r % C, so no ring has two producers or two consumers and a
// producer/consumer pair shares at most one ring (order per producer holds per consumer).
class SpscMesh {
 public:
  SpscMesh(const Roles& roles, std::size_t capacity) : roles_(roles) {
    const int rings = std::max(roles.producers, roles.consumers);
    for (int r = 0; r < rings; ++r) rings_.push_back(std::make_unique<SpscRing>(capacity));
    cursor_.resize(static_cast<std::size_t>(roles.producers + roles.consumers));
  }
  // Producer p fills its rings in turn.
  bool try_push(int p, const Item& item) noexcept {
    Cursor& c = cursor_[static_cast<std::size_t>(p)];
    if (!ring(p, c.next, roles_.producers).try_push(item)) return false;
    c.next = (c.next + 1) % owned(p, roles_.producers);
    return true;
  }
  // Consumer c looks at its rings in turn, starting where it last found something.
  bool try_pop(int c, Item& item) noexcept {
    Cursor& cur = cursor_[static_cast<std::size_t>(roles_.producers + c)];
    const int n = owned(c, roles_.consumers);
    for (int i = 0; i < n; ++i) {
      if (ring(c, cur.next, roles_.consumers).try_pop(item)) return true;
      cur.next = (cur.next + 1) % n;
    }
    return false;
  }
  void add_areas(std::vector<MemoryArea>& out) const {
    for (const auto& ring : rings_) ring->add_areas(out);
  }

 private:
  struct alignas(kCacheLineBytes) Cursor {
    int next = 0;
  };
  // Rings r with r % side == index, in order.
  int owned(int index, int side) const noexcept {
    const int rings = static_cast<int>(rings_.size());
    return (rings - index + side - 1) / side;
  }
  SpscRing& ring(int index, int k, int side) noexcept {
    return *rings_[static_cast<std::size_t>(index + k * side)];
  }

  Roles roles_;
  std::vector<std::unique_ptr<SpscRing>> rings_;
  std::vector<Cursor> cursor_;
};

// Vyukov's bounded MPMC queue: each cell carries a sequence number that says whose turn it is;
// producers and consumers claim positions with a CAS on their own counter.
class MpmcQueue {
 public:
  MpmcQueue(const Roles&, std::size_t capacity) : cells_(capacity), mask_(capacity - 1) {
    for (std::size_t i = 0; i < capacity; ++i) cells_[i].seq.store(i, std::memory_order_relaxed);
  }
  bool try_push(int, const Item& item) noexcept {
    std::uint64_t pos = enqueue_.value.load(std::memory_order_relaxed);
    while (true) {
      Cell& cell = cells_[pos & mask_];
      const std::uint64_t seq = cell.seq.load(std::memory_order_acquire);
      const auto diff = static_cast<std::int64_t>(seq - pos);
      if (diff == 0) {
        if (enqueue_.value.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          cell.item = item;
          cell.seq.store(pos + 1, std::memory_order_release);
          return true;
        }
      } else if (diff < 0) {
        return false;  // full
      } else {
        pos = enqueue_.value.load(std::memory_order_relaxed);
      }
    }
  }
  bool try_pop(int, Item& item) noexcept {
    std::uint64_t pos = dequeue_.value.load(std::memory_order_relaxed);
    while (true) {
      Cell& cell = cells_[pos & mask_];
      const std::uint64_t seq = cell.seq.load(std::memory_order_acquire);
      const auto diff = static_cast<std::int64_t>(seq - (pos + 1));
      if (diff == 0) {
        if (dequeue_.value.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          item = cell.item;
          cell.seq.store(pos + mask_ + 1, std::memory_order_release);
          return true;
        }
      } else if (diff < 0) {
        return false;  // empty
      } else {
        pos = dequeue_.value.load(std::memory_order_relaxed);
      }
    }
  }

  void add_areas(std::vector<MemoryArea>& out) const {
    out.push_back(area_of(*this));
    out.push_back(std::as_bytes(std::span(cells_)));
  }

 private:
  struct Cell {
    std::atomic<std::uint64_t> seq{0};
    Item item;
  };
  std::vector<Cell> cells_;
  std::uint64_t mask_;
  PaddedCounter enqueue_;
  PaddedCounter dequeue_;
};

// Blocking push and pop over a lock-free queue's try_ operations: spin, then yield.
template <typename Queue>
class Spinning {
 public:
  Spinning(const Roles& roles, std::size_t capacity) : roles_(roles), queue_(roles, capacity) {
    done_.reset();
  }
  void push(int p, const Item& item) noexcept {
    Backoff backoff;
    while (!queue_.try_push(p, item)) backoff.wait();
  }
  bool try_pop(int c, Item& item) noexcept { return queue_.try_pop(c, item); }
  bool pop(int c, Item& item) noexcept {
    Backoff backoff;
    while (!queue_.try_pop(c, item)) {
      // Done first, then one more look: an item pushed before the last producer finished is
      // visible once its done count is.
      if (done_.all(roles_.producers)) return queue_.try_pop(c, item);
      backoff.wait();
    }
    return true;
  }
  void producer_done(int) noexcept { done_.producer_done(); }
  void add_areas(std::vector<MemoryArea>& out) const {
    queue_.add_areas(out);
    out.push_back(area_of(done_));
  }

 private:
  Roles roles_;
  Queue queue_;
  DoneCount done_;
};

// What one consumer saw of one producer's stream.
struct StreamTally {
  std::uint64_t count = 0;
  std::uint64_t sum = 0;      // of the item numbers: with count and sum of squares, exactly
  std::uint64_t squares = 0;  // once is 1..n, any duplicate or gap changes one of them
  std::uint64_t last = 0;
  std::uint64_t out_of_order = 0;
};

template <typename Queue>
class Handoff final : public Workload {
 public:
  Handoff(std::int64_t producers, std::size_t capacity)
      : producers_(producers), capacity_(capacity) {}

  void reset(int threads) override {
    roles_.single = threads == 1;
    roles_.producers = roles_.single ? 1
                       : producers_ == 0
                           ? std::max(1, threads / 2)
                           : static_cast<int>(std::min<std::int64_t>(producers_, threads - 1));
    roles_.consumers = roles_.single ? 1 : threads - roles_.producers;
    queue_ = std::make_unique<Queue>(roles_, capacity_);
    streams_.assign(static_cast<std::size_t>(threads), {});
  }
  void prepare_thread(int thread) override {
    if (is_consumer(thread)) {
      streams_[static_cast<std::size_t>(thread)].assign(static_cast<std::size_t>(roles_.producers),
                                                        {});
    }
  }
  void run(WorkerContext& ctx) noexcept override {
    const int t = ctx.thread();
    ctx.observe_pu();
    if (roles_.single) {
      run_single(ctx);
    } else if (t < roles_.producers) {
      run_producer(ctx, t);
    } else {
      run_consumer(ctx, t);
    }
    ctx.observe_pu();
  }
  std::vector<MemoryArea> shared_state() const override {
    std::vector<MemoryArea> areas;
    queue_->add_areas(areas);
    return areas;
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    std::uint64_t consumed = 0;
    for (int p = 0; p < roles_.producers; ++p) {
      StreamTally all;
      for (std::size_t t = 0; t < counters.size(); ++t) {
        if (!is_consumer(static_cast<int>(t))) continue;
        const StreamTally& s = streams_[t][static_cast<std::size_t>(p)];
        if (s.out_of_order > 0) {
          return {false, fmt::format("consumer thread {} took {} of producer {}'s items out of "
                                     "order",
                                     t, s.out_of_order, p)};
        }
        all.count += s.count;
        all.sum += s.sum;
        all.squares += s.squares;
      }
      const std::uint64_t n = counters[static_cast<std::size_t>(p)].ops;
      if (all.count != n || all.sum != sum_to(n) || all.squares != squares_to(n)) {
        return {false, fmt::format("producer {} enqueued {} items but consumers took {} (not "
                                   "each of them exactly once)",
                                   p, n, all.count)};
      }
      consumed += all.count;
    }
    if (!roles_.single) {
      std::uint64_t taken = 0;
      for (std::size_t t = 0; t < counters.size(); ++t) {
        if (is_consumer(static_cast<int>(t))) taken += counters[t].ops;
      }
      if (taken != consumed) {
        return {false,
                fmt::format("consumers counted {} operations for {} items", taken, consumed)};
      }
    }
    return {};
  }
  void add_metrics(std::span<const ThreadCounters> counters, double duration_s,
                   Metrics& out) const override {
    if (duration_s <= 0) return;
    std::uint64_t items = 0;
    for (int p = 0; p < roles_.producers; ++p) items += counters[static_cast<std::size_t>(p)].ops;
    out["items_per_sec"] = static_cast<double>(items) / duration_s;
    out["producers"] = roles_.producers;
    out["consumers"] = roles_.consumers;
  }

 private:
  bool is_consumer(int thread) const noexcept {
    return roles_.single || thread >= roles_.producers;
  }

  // The producer's stamp for a sampled item: one in every sample_every_ops, 0 otherwise.
  static std::uint64_t stamp(const WorkerContext& ctx, std::uint64_t seq) noexcept {
    const std::uint64_t every = ctx.sample_every_ops();
    return every != 0 && seq % every == 1 % every ? ticks_begin() : 0;
  }

  void run_producer(WorkerContext& ctx, int p) noexcept {
    Queue& queue = *queue_;
    std::uint64_t done = 0;
    for (std::uint64_t batch = ctx.next_batch(done); batch != 0; batch = ctx.next_batch(done)) {
      for (std::uint64_t i = 1; i <= batch; ++i) {
        queue.push(p, Item::make(p, done + i, stamp(ctx, done + i)));
      }
      done += batch;
    }
    ctx.counters().ops = done;
    queue.producer_done(p);
  }

  void consume(WorkerContext& ctx, std::vector<StreamTally>& streams, const Item& item) noexcept {
    if (item.stamp != 0 && ctx.sample_every_ops() != 0) {
      const std::uint64_t now = ticks_end();
      if (now > item.stamp) ctx.record_latency(now - item.stamp);
    }
    const std::size_t p = item.producer();
    if (p >= streams.size()) return;  // not a producer's item: the count check fails
    StreamTally& s = streams[p];
    const std::uint64_t seq = item.seq();
    if (seq <= s.last) ++s.out_of_order;
    s.last = seq;
    ++s.count;
    s.sum += seq;
    s.squares += seq * seq;
  }

  void run_consumer(WorkerContext& ctx, int t) noexcept {
    Queue& queue = *queue_;
    auto& streams = streams_[static_cast<std::size_t>(t)];
    const int c = t - roles_.producers;
    std::uint64_t taken = 0;
    Item item;
    while (queue.pop(c, item)) {
      consume(ctx, streams, item);
      ++taken;
    }
    ctx.counters().ops = taken;
    ctx.counters().sink += streams.empty() ? 0 : streams.front().sum;
  }

  // One thread: each operation enqueues an item and takes one back.
  void run_single(WorkerContext& ctx) noexcept {
    Queue& queue = *queue_;
    auto& streams = streams_.front();
    std::uint64_t done = 0;
    Item item;
    for (std::uint64_t batch = ctx.next_batch(done); batch != 0; batch = ctx.next_batch(done)) {
      for (std::uint64_t i = 1; i <= batch; ++i) {
        queue.push(0, Item::make(0, done + i, stamp(ctx, done + i)));
        if (queue.try_pop(0, item)) consume(ctx, streams, item);
      }
      done += batch;
    }
    queue.producer_done(0);
    while (queue.try_pop(0, item)) consume(ctx, streams, item);
    ctx.counters().ops = done;
  }

  static std::uint64_t sum_to(std::uint64_t n) noexcept {
    return n % 2 == 0 ? (n / 2) * (n + 1) : n * ((n + 1) / 2);
  }
  // n(n+1)(2n+1)/6 modulo 2^64, dividing before multiplying so nothing is lost.
  static std::uint64_t squares_to(std::uint64_t n) noexcept {
    std::uint64_t a = n, b = n + 1, c = 2 * n + 1;
    if (a % 2 == 0)
      a /= 2;
    else
      b /= 2;
    if (a % 3 == 0)
      a /= 3;
    else if (b % 3 == 0)
      b /= 3;
    else
      c /= 3;
    return a * b * c;
  }

  std::int64_t producers_;
  std::size_t capacity_;
  Roles roles_;
  std::unique_ptr<Queue> queue_;                   // fresh per repetition
  std::vector<std::vector<StreamTally>> streams_;  // per consumer thread, per producer
};

}  // namespace contend
