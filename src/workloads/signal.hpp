// The signal family: one thread wakes another that waits for it (the guide's "signal an
// event"). Threads pair up (0 with 1, 2 with 3, ...): the initiator sends signal n and waits
// for the reply n, the responder waits for n and replies. One operation is one wake-up
// received, so a round trip counts twice and a sampled latency is half a round trip: one
// wake-up. A thread without a partner (one thread, or the last of an odd count) signals itself:
// what a signal costs with nobody waiting.
// The primitives: a spinning flag (no system call, a PU burnt while waiting), a futex (the
// kernel's wait and wake, always woken: the sender does not track waiters), and a condition
// variable with its mutex (the portable way).
// Verified: each pair's two counts agree, and every signal number arrived once, in order.
// In a header so tests can wrap a primitive with an injected fault (a wrongly numbered signal).
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "contract/workload.hpp"
#include "platform/clock.hpp"
#include "platform/cpu_relax.hpp"
#include "platform/futex.hpp"
#include "platform/layout.hpp"

namespace contend {

// Waits are bounded by this, then re-check whether the partner has finished.
inline constexpr long kWaitSlice_ns = 1'000'000;

// One direction of a pair: the number of the last signal sent that way.
struct alignas(kCacheLineBytes) SignalChannel {
  std::atomic<std::uint32_t> seq{0};
  std::mutex mutex;  // the condition-variable primitive only
  std::condition_variable cv;
  std::uint32_t cv_seq = 0;
};

// Whether signal number `seen` is `n` or a later one (numbers wrap after 2^32).
inline bool reached(std::uint32_t seen, std::uint32_t n) noexcept {
  return static_cast<std::int32_t>(seen - n) >= 0;
}

// Waits until the channel's number reaches `n` and returns it, calling `idle(seen)` between
// looks; 0 when `gone` rose with nothing new.
template <typename Idle>
std::uint32_t wait_for_number(SignalChannel& c, std::uint32_t n, const std::atomic<bool>& gone,
                              Idle idle) noexcept {
  while (true) {
    const std::uint32_t seen = c.seq.load(std::memory_order_acquire);
    if (reached(seen, n)) return seen;
    if (gone.load(std::memory_order_acquire)) {
      const std::uint32_t last = c.seq.load(std::memory_order_acquire);  // sent before it left
      return reached(last, n) ? last : 0;
    }
    idle(seen);
  }
}

// Each primitive: send(c, n) makes n the channel's latest signal and wakes a waiter;
// wait(c, n, gone) returns the latest number once it is n or later, or 0 when `gone` rose with
// nothing new; wake(c) rouses a waiter to look at `gone`.
struct SpinSignal {
  static void send(SignalChannel& c, std::uint32_t n) noexcept {
    c.seq.store(n, std::memory_order_release);
  }
  static std::uint32_t wait(SignalChannel& c, std::uint32_t n,
                            const std::atomic<bool>& gone) noexcept {
    return wait_for_number(c, n, gone, [](std::uint32_t) { cpu_relax(); });
  }
  static void wake(SignalChannel&) noexcept {}
};

struct FutexSignal {
  static void send(SignalChannel& c, std::uint32_t n) noexcept {
    c.seq.store(n, std::memory_order_release);
    futex_wake(c.seq);
  }
  static std::uint32_t wait(SignalChannel& c, std::uint32_t n,
                            const std::atomic<bool>& gone) noexcept {
    return wait_for_number(c, n, gone,
                           [&c](std::uint32_t seen) { futex_wait(c.seq, seen, kWaitSlice_ns); });
  }
  static void wake(SignalChannel& c) noexcept { futex_wake(c.seq); }
};

struct CvSignal {
  static void send(SignalChannel& c, std::uint32_t n) noexcept {
    {
      std::lock_guard lock(c.mutex);
      c.cv_seq = n;
    }
    c.cv.notify_one();
  }
  static std::uint32_t wait(SignalChannel& c, std::uint32_t n,
                            const std::atomic<bool>& gone) noexcept {
    std::unique_lock lock(c.mutex);
    while (!reached(c.cv_seq, n)) {
      if (gone.load(std::memory_order_acquire)) return 0;
      c.cv.wait_for(lock, std::chrono::nanoseconds(kWaitSlice_ns));
    }
    return c.cv_seq;
  }
  static void wake(SignalChannel& c) noexcept {
    { std::lock_guard lock(c.mutex); }  // a waiter between its check and its sleep sees `gone`
    c.cv.notify_one();
  }
};

struct SignalPair {
  SignalChannel to_responder;
  SignalChannel to_initiator;
  alignas(kCacheLineBytes) std::atomic<bool> initiator_done{false};
};

// What one thread counted: signals received and the sum of their numbers.
struct alignas(kCacheLineBytes) SignalTally {
  std::uint64_t received = 0;
  std::uint64_t sum = 0;
  std::uint64_t out_of_order = 0;
};

inline std::uint64_t signal_triangular(std::uint64_t n) {
  return n % 2 == 0 ? (n / 2) * (n + 1) : n * ((n + 1) / 2);
}

template <typename Primitive>
class Signal final : public Workload {
 public:
  void reset(int threads) override {
    threads_ = threads;
    pairs_.clear();
    for (int p = 0; p < threads / 2; ++p) pairs_.push_back(std::make_unique<SignalPair>());
    alone_ = threads % 2 == 1 ? std::make_unique<SignalChannel>() : nullptr;
    tallies_.assign(static_cast<std::size_t>(threads), {});
  }
  // Each pair's channels (and the lone thread's).
  std::vector<MemoryArea> shared_state() const override {
    std::vector<MemoryArea> areas;
    for (const auto& pair : pairs_) areas.push_back(area_of(*pair));
    if (alone_) areas.push_back(area_of(*alone_));
    return areas;
  }
  void run(WorkerContext& ctx) noexcept override {
    const int t = ctx.thread();
    ctx.observe_pu();
    if (t == threads_ - 1 && alone_) {
      run_alone(ctx);
    } else if (t % 2 == 0) {
      run_initiator(ctx, *pairs_[static_cast<std::size_t>(t / 2)]);
    } else {
      run_responder(ctx, *pairs_[static_cast<std::size_t>(t / 2)]);
    }
    ctx.observe_pu();
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    for (std::size_t t = 0; t < counters.size(); ++t) {
      const SignalTally& tally = tallies_[t];
      if (tally.out_of_order > 0 || tally.sum != signal_triangular(tally.received) ||
          counters[t].ops != tally.received) {
        return {false, fmt::format("thread {} received {} signals but not each of 1..{} once, "
                                   "in order",
                                   t, tally.received, tally.received)};
      }
    }
    for (std::size_t p = 0; p + 1 < counters.size(); p += 2) {
      if (counters[p].ops != counters[p + 1].ops) {
        return {false, fmt::format("threads {} and {}: {} replies for {} signals", p, p + 1,
                                   counters[p].ops, counters[p + 1].ops)};
      }
    }
    return {};
  }

 private:
  void receive(int thread, std::uint32_t n) noexcept {
    SignalTally& tally = tallies_[static_cast<std::size_t>(thread)];
    if (n != static_cast<std::uint32_t>(tally.received + 1)) ++tally.out_of_order;
    ++tally.received;
    tally.sum += n;
  }

  void run_initiator(WorkerContext& ctx, SignalPair& pair) noexcept {
    const std::uint64_t every = ctx.sample_every_ops();
    const std::atomic<bool> never{false};  // a responder answers every signal it gets
    std::uint64_t done = 0;
    for (std::uint64_t batch = ctx.next_batch(done); batch != 0; batch = ctx.next_batch(done)) {
      for (std::uint64_t i = 1; i <= batch; ++i) {
        const auto n = static_cast<std::uint32_t>(done + i);
        const bool timed = every != 0 && (done + i) % every == 0;
        const std::uint64_t start = timed ? ticks_begin() : 0;
        Primitive::send(pair.to_responder, n);
        const std::uint32_t seen = Primitive::wait(pair.to_initiator, n, never);
        if (timed) ctx.record_latency((ticks_end() - start) / 2);
        receive(ctx.thread(), seen);
      }
      done += batch;
    }
    ctx.counters().ops = done;
    pair.initiator_done.store(true, std::memory_order_release);
    Primitive::wake(pair.to_responder);
  }

  void run_responder(WorkerContext& ctx, SignalPair& pair) noexcept {
    std::uint64_t received = 0;
    // Waits for its own count's next number: a signal numbered wrongly shows in the tally (out
    // of order) instead of stalling the pair.
    for (auto n = std::uint32_t{1};; ++n) {
      const std::uint32_t seen = Primitive::wait(pair.to_responder, n, pair.initiator_done);
      if (seen == 0) break;
      receive(ctx.thread(), seen);
      ++received;
      Primitive::send(pair.to_initiator, seen);
    }
    ctx.counters().ops = received;
  }

  // No partner: each operation signals this thread's own channel and takes the signal back.
  void run_alone(WorkerContext& ctx) noexcept {
    const std::atomic<bool> never{false};
    std::uint64_t done = 0;
    for (std::uint64_t batch = ctx.next_batch(done); batch != 0; batch = ctx.next_batch(done)) {
      for (std::uint64_t i = 1; i <= batch; ++i) {
        const auto n = static_cast<std::uint32_t>(done + i);
        Primitive::send(*alone_, n);
        receive(ctx.thread(), Primitive::wait(*alone_, n, never));
      }
      done += batch;
    }
    ctx.counters().ops = done;
  }

  int threads_ = 0;
  std::vector<std::unique_ptr<SignalPair>> pairs_;
  std::unique_ptr<SignalChannel> alone_;
  std::vector<SignalTally> tallies_;
};

}  // namespace contend
