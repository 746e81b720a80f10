// The counter family: the metrics-collector story. One number protected by a mutex, a spin
// lock, an atomic add or a CAS loop; then sharded padded counters; and the racy baseline.
#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <vector>

#include "contract/batched_loop.hpp"
#include "platform/layout.hpp"
#include "workloads/families.hpp"
#include "workloads/ttas_lock.hpp"

namespace contend {

namespace {

constexpr const char* kExactInvariant = "shared counter == sum of per-thread operations";

Verification check_exact(std::uint64_t counter, std::span<const ThreadCounters> counters) {
  const std::uint64_t expected = total_ops(counters);
  if (counter == expected) return {};
  return {false,
          fmt::format("counter is {} but threads performed {} operations", counter, expected)};
}

// A lock and the number it protects, side by side on one line, as a collector would lay them out.
template <typename Lock>
class LockedCounter final : public Workload {
 public:
  void reset(int) override { state_.count = 0; }
  void run(WorkerContext& ctx) noexcept override {
    run_batched(ctx, [this] {
      std::lock_guard guard(state_.lock);
      return ++state_.count;
    });
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    return check_exact(state_.count, counters);
  }
  std::vector<MemoryArea> shared_state() const override { return {area_of(state_)}; }

 private:
  struct alignas(kCacheLineBytes) State {
    Lock lock;
    std::uint64_t count = 0;
  } state_;
};

template <std::memory_order kOrder>
class AtomicAddCounter final : public Workload {
 public:
  void reset(int) override { counter_.value.store(0); }
  void run(WorkerContext& ctx) noexcept override {
    // The fetched value is not used, as in a statistics counter (see run_batched).
    run_batched(ctx, [this] { counter_.value.fetch_add(1, kOrder); });
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    return check_exact(counter_.value.load(), counters);
  }
  std::vector<MemoryArea> shared_state() const override { return {area_of(counter_)}; }

 private:
  PaddedCounter counter_;
};

template <bool kWeak>
class CasAddCounter final : public Workload {
 public:
  void reset(int) override { counter_.value.store(0); }
  void run(WorkerContext& ctx) noexcept override {
    // Only failures are counted in the loop: every operation ends in one successful attempt, so
    // attempts = operations + failures, and the common path carries no bookkeeping. Nor is the
    // value folded into the sink: compare-exchange is never elided, and using its result would
    // make the next attempt wait on it (cf. fetch_add in run_batched).
    std::uint64_t failures = 0;
    run_batched(ctx, [&] {
      std::uint64_t seen = counter_.value.load(std::memory_order_relaxed);
      while (!(kWeak ? counter_.value.compare_exchange_weak(
                           seen, seen + 1, std::memory_order_acq_rel, std::memory_order_relaxed)
                     : counter_.value.compare_exchange_strong(
                           seen, seen + 1, std::memory_order_acq_rel, std::memory_order_relaxed))) {
        ++failures;
      }
    });
    ctx.counters().cas_attempts = ctx.counters().ops + failures;
    ctx.counters().cas_failures = failures;
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    return check_exact(counter_.value.load(), counters);
  }
  std::vector<MemoryArea> shared_state() const override { return {area_of(counter_)}; }

 private:
  PaddedCounter counter_;
};

// One counter per thread, each on its own line, allocated by its thread after pinning; a
// reader would sum them. Contention-free by construction: the fix the story ends with.
class ShardedCounter final : public Workload {
 public:
  void reset(int threads) override {
    shards_.clear();
    shards_.resize(static_cast<std::size_t>(threads));
  }
  void prepare_thread(int thread) override {
    shards_[static_cast<std::size_t>(thread)] = std::make_unique<PaddedCounter>();
  }
  void run(WorkerContext& ctx) noexcept override {
    auto& shard = shards_[static_cast<std::size_t>(ctx.thread())]->value;
    run_batched(ctx, [&shard] { shard.fetch_add(1, std::memory_order_relaxed); });
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    for (std::size_t t = 0; t < counters.size(); ++t) {
      const std::uint64_t value = shards_[t]->value.load();
      if (value != counters[t].ops) {
        return {false, fmt::format("shard {} holds {} but its thread performed {} operations", t,
                                   value, counters[t].ops)};
      }
    }
    return {};
  }

 private:
  std::vector<std::unique_ptr<PaddedCounter>> shards_;
};

// Relaxed load then store: each update is atomic on its own, the pair is not, so concurrent
// threads overwrite each other. No undefined behaviour (ThreadSanitizer stays quiet), just loss.
class RacyCounter final : public Workload {
 public:
  void reset(int threads) override {
    threads_ = threads;
    counter_.value.store(0);
  }
  void run(WorkerContext& ctx) noexcept override {
    run_batched(ctx, StoreOp{[this] {
                  const std::uint64_t next = counter_.value.load(std::memory_order_relaxed) + 1;
                  counter_.value.store(next, std::memory_order_relaxed);
                  return next;
                }});
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    const std::uint64_t counter = counter_.value.load();
    const std::uint64_t expected = total_ops(counters);
    if (counter > expected) {
      return {false, fmt::format("counter is {}, more than the {} operations performed", counter,
                                 expected)};
    }
    if (threads_ == 1 && counter != expected) {
      return {false, fmt::format("a single thread lost {} updates", expected - counter)};
    }
    return {true, fmt::format("{} of {} updates lost", expected - counter, expected)};
  }
  void add_metrics(std::span<const ThreadCounters> counters, double /*duration_s*/,
                   Metrics& out) const override {
    const auto lost = static_cast<double>(total_ops(counters) - counter_.value.load());
    out["lost_updates"] = lost;
    out["lost_update_ratio"] =
        lost / static_cast<double>(std::max<std::uint64_t>(1, total_ops(counters)));
  }
  std::vector<MemoryArea> shared_state() const override { return {area_of(counter_)}; }

 private:
  int threads_ = 1;
  PaddedCounter counter_;
};

template <typename T>
std::unique_ptr<Workload> make(const Params&) {
  return std::make_unique<T>();
}

}  // namespace

std::vector<WorkloadInfo> counter_workloads() {
  const ParamSpec order{
      "order", "memory order of the fetch_add", {"relaxed", "seq_cst"}, std::string("relaxed")};
  const ParamSpec cas{"cas", "compare_exchange flavour", {"weak", "strong"}, std::string("weak")};
  return {
      {"mutex",
       "counter",
       "std::mutex around a shared uint64 counter",
       kExactInvariant,
       {},
       make<LockedCounter<std::mutex>>,
       WorkloadRole::kBaseline},
      {"spin",
       "counter",
       "TTAS spin lock (with pause) around a shared counter",
       kExactInvariant,
       {},
       make<LockedCounter<TtasLock>>},
      {"atomic_add",
       "counter",
       "fetch_add on one shared atomic word",
       kExactInvariant,
       {order},
       [](const Params& p) -> std::unique_ptr<Workload> {
         if (p.text("order") == "seq_cst") {
           return std::make_unique<AtomicAddCounter<std::memory_order_seq_cst>>();
         }
         return std::make_unique<AtomicAddCounter<std::memory_order_relaxed>>();
       }},
      {"cas_add",
       "counter",
       "compare-and-swap retry loop adding 1 to one shared word",
       kExactInvariant,
       {cas},
       [](const Params& p) -> std::unique_ptr<Workload> {
         if (p.text("cas") == "strong") return std::make_unique<CasAddCounter<false>>();
         return std::make_unique<CasAddCounter<true>>();
       }},
      {"sharded",
       "counter",
       "one padded counter per thread, summed on read",
       "each thread's shard == its operations",
       {},
       make<ShardedCounter>},
      {"racy",
       "counter",
       "relaxed load then store: loses updates, and reports how many",
       "counter <= sum of operations (lost updates reported; none at 1 thread)",
       {},
       make<RacyCounter>,
       WorkloadRole::kUnsafe,
       "the load and the store, fenced after the store (it counts once the line holds it)"},
  };
}

}  // namespace contend
