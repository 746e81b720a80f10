// The read-mostly family: readers fetch a shared, immutable configuration and read a few of
// its fields; one operation in `write_every` publishes a new version instead. Variants: an
// atomic pointer (old versions reclaimed safely, by quiescent states), std::shared_mutex,
// std::mutex, and std::atomic<std::shared_ptr>. `read_ns` is work each read does while it
// holds the read side (or the loaded version): the read's own cost. Every read is checked:
// never torn, never freed, never older than what the same reader saw before.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <limits>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "contract/batched_loop.hpp"
#include "workloads/busy_work.hpp"
#include "workloads/config_record.hpp"
#include "workloads/families.hpp"
#include "workloads/quiescent_reclaimer.hpp"

namespace contend {

namespace {

// A pointer to the current version, swapped by CAS; readers pay one acquire load. Versions
// are recycled through the reclaimer once no reader can hold them; the worker loop announces
// this thread's quiescent states (announce) once per kAnnounceEvery operations.
class AtomicPointerStore {
 public:
  // Operations between two calls of announce(); 0 in stores that have nothing to announce.
  static constexpr std::uint64_t kAnnounceEvery = QuiescentReclaimer<ConfigRecord>::kAnnounceEvery;

  explicit AtomicPointerStore(int threads)
      : current_(new ConfigRecord(ConfigRecord::make(1))), reclaimer_(threads) {}
  ~AtomicPointerStore() { delete current_.load(); }
  AtomicPointerStore(const AtomicPointerStore&) = delete;
  AtomicPointerStore& operator=(const AtomicPointerStore&) = delete;

  std::uint64_t read(int, ReaderTally& tally, const BusyWork& work) noexcept {
    const ConfigRecord& config = *current_.load(std::memory_order_acquire);
    return tally.check(config) + work.run();  // the pointer is held until the next announce
  }
  std::uint64_t write(int thread) noexcept {
    ConfigRecord* seen = current_.load(std::memory_order_acquire);
    ConfigRecord* next = reclaimer_.reuse(thread);
    if (next == nullptr) next = new ConfigRecord;
    *next = ConfigRecord::make(seen->version + 1);
    while (!current_.compare_exchange_weak(seen, next, std::memory_order_acq_rel,
                                           std::memory_order_acquire)) {
      *next = ConfigRecord::make(seen->version + 1);
    }
    // Read before returning: the loop may announce a quiescent state next, after which another
    // writer may reclaim and rewrite `next` as soon as it has been replaced.
    const std::uint64_t version = next->version;
    reclaimer_.retire(thread, seen);
    return version;
  }
  // Between two operations: this thread holds no record.
  void announce(int thread) noexcept { reclaimer_.announce(thread); }
  void finish(int thread) noexcept { reclaimer_.offline(thread); }
  std::uint64_t version() const { return current_.load()->version; }

 private:
  alignas(kCacheLineBytes) std::atomic<ConfigRecord*> current_;
  QuiescentReclaimer<ConfigRecord> reclaimer_;
};

// std::atomic<std::shared_ptr>: reclamation by reference count (libstdc++ guards the control
// block with a lock bit in the pointer word, so every load is a small critical section).
class AtomicSharedPtrStore {
 public:
  static constexpr std::uint64_t kAnnounceEvery = 0;  // reference counts reclaim
  explicit AtomicSharedPtrStore(int)
      : current_(std::make_shared<const ConfigRecord>(ConfigRecord::make(1))) {}

  std::uint64_t read(int, ReaderTally& tally, const BusyWork& work) noexcept {
    const std::shared_ptr<const ConfigRecord> config = current_.load(std::memory_order_acquire);
    return tally.check(*config) + work.run();
  }
  std::uint64_t write(int) noexcept {
    std::shared_ptr<const ConfigRecord> seen = current_.load(std::memory_order_acquire);
    auto next = std::make_shared<const ConfigRecord>(ConfigRecord::make(seen->version + 1));
    while (!current_.compare_exchange_weak(seen, next, std::memory_order_acq_rel,
                                           std::memory_order_acquire)) {
      next = std::make_shared<const ConfigRecord>(ConfigRecord::make(seen->version + 1));
    }
    return next->version;
  }
  void finish(int) noexcept {}
  std::uint64_t version() const { return current_.load()->version; }

 private:
  alignas(kCacheLineBytes) std::atomic<std::shared_ptr<const ConfigRecord>> current_;
};

// The record in place, behind a lock: readers take it shared (std::shared_mutex) or exclusive
// (std::mutex); writers rewrite the record under the exclusive lock.
template <typename Mutex>
class LockedStore {
 public:
  static constexpr std::uint64_t kAnnounceEvery = 0;  // one record, rewritten in place
  explicit LockedStore(int) {}

  std::uint64_t read(int, ReaderTally& tally, const BusyWork& work) noexcept {
    if constexpr (std::is_same_v<Mutex, std::shared_mutex>) {
      std::shared_lock guard(state_.lock);
      return tally.check(state_.config) + work.run();
    } else {
      std::lock_guard guard(state_.lock);
      return tally.check(state_.config) + work.run();
    }
  }
  std::uint64_t write(int) noexcept {
    std::lock_guard guard(state_.lock);
    state_.config = ConfigRecord::make(state_.config.version + 1);
    return state_.config.version;
  }
  void finish(int) noexcept {}
  std::uint64_t version() const { return state_.config.version; }

 private:
  // The lock on one line, the record on the next (ConfigRecord is line-aligned).
  struct State {
    Mutex lock;
    ConfigRecord config = ConfigRecord::make(1);
  } state_;
  // ConfigRecord's own alignment starts it on a fresh line, whatever the lock's size.
  static_assert(alignof(State) == kCacheLineBytes && sizeof(State) >= 2 * kCacheLineBytes);
};

// Each thread's tally on a line of its own: published once, at the end of its run, while
// others may still be running.
struct alignas(kCacheLineBytes) PaddedTally {
  ReaderTally tally;
};
static_assert(alignof(PaddedTally) == kCacheLineBytes && sizeof(PaddedTally) == kCacheLineBytes);
static_assert(offsetof(PaddedTally, tally) == 0);

template <typename Store>
class ReadMostly final : public Workload {
 public:
  ReadMostly(std::uint64_t write_every, std::uint64_t read_ns)
      : write_every_(write_every), read_work_(read_ns) {}

  void reset(int threads) override {
    store_ = std::make_unique<Store>(threads);
    tallies_.assign(static_cast<std::size_t>(threads), {});
  }
  void run(WorkerContext& ctx) noexcept override {
    const int thread = ctx.thread();
    Store& store = *store_;
    ReaderTally tally;
    // Locals, not members: the loop reloads nothing through `this`. No writes is a countdown
    // that never reaches zero (2^64 operations), so the loop has no extra branch for it.
    constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t write_every = write_every_ == 0 ? kNever : write_every_;
    // Threads start their write cycles at different offsets, so writes do not come in bursts.
    std::uint64_t until_write =
        write_every_ == 0 ? kNever : 1 + static_cast<std::uint64_t>(thread) % write_every_;
    std::uint64_t until_announce = Store::kAnnounceEvery;
    run_batched(ctx, [&] {
      std::uint64_t version = 0;
      if (--until_write == 0) {
        until_write = write_every;
        ++tally.writes;
        version = store.write(thread);
      } else {
        version = store.read(thread, tally, read_work_);
      }
      if constexpr (Store::kAnnounceEvery != 0) {
        if (--until_announce == 0) {
          until_announce = Store::kAnnounceEvery;
          store.announce(thread);
        }
      }
      return version;
    });
    store.finish(thread);
    tallies_[static_cast<std::size_t>(thread)].tally = tally;
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    std::uint64_t writes = 0;
    for (std::size_t t = 0; t < counters.size(); ++t) {
      const ReaderTally& tally = tallies_[t].tally;
      if (tally.bad_reads > 0) {
        return {false,
                fmt::format("thread {} saw {} torn or freed configurations", t, tally.bad_reads)};
      }
      if (tally.regressions > 0) {
        return {false, fmt::format("thread {} saw an older version after a newer one {} times", t,
                                   tally.regressions)};
      }
      // Reads are what is left of the operations: a thread cannot have written more often.
      if (tally.writes > counters[t].ops) {
        return {false, fmt::format("thread {} published {} versions in {} operations", t,
                                   tally.writes, counters[t].ops)};
      }
      writes += tally.writes;
    }
    const std::uint64_t version = store_->version();
    if (version != writes + 1) {
      return {false,
              fmt::format("final version is {} but {} writes were published", version, writes)};
    }
    return {};
  }
  void add_metrics(std::span<const ThreadCounters> counters, double duration_s,
                   Metrics& out) const override {
    if (duration_s <= 0) return;
    std::uint64_t reads = 0;
    std::uint64_t writes = 0;
    for (std::size_t t = 0; t < counters.size(); ++t) {
      // verify() saw writes <= ops; a failed run's figures are not reported as numbers.
      reads += counters[t].ops - std::min(counters[t].ops, tallies_[t].tally.writes);
      writes += tallies_[t].tally.writes;
    }
    out["reads_per_sec"] = static_cast<double>(reads) / duration_s;
    out["writes_per_sec"] = static_cast<double>(writes) / duration_s;
  }
  // The store object: its pointer or lock and the record in place (records a writer
  // publishes are allocated by that writer during the run).
  std::vector<MemoryArea> shared_state() const override { return {area_of(*store_)}; }

 private:
  std::uint64_t write_every_;
  BusyWork read_work_;            // done while holding the read side, or the loaded version
  std::unique_ptr<Store> store_;  // fresh per repetition: version 1, nothing retired
  std::vector<PaddedTally> tallies_;
};

template <typename Store>
std::unique_ptr<Workload> make(const Params& p) {
  return std::make_unique<ReadMostly<Store>>(static_cast<std::uint64_t>(p.integer("write_every")),
                                             static_cast<std::uint64_t>(p.integer("read_ns")));
}

}  // namespace

std::vector<WorkloadInfo> read_mostly_workloads() {
  const ParamSpec write_every{"write_every",
                              "one operation in N publishes a new version (0: never)",
                              {},
                              std::int64_t{1000},
                              0,
                              1'000'000'000};
  const ParamSpec read_ns{
      "read_ns", "work per read while holding the read side or the loaded version",
      {},        std::int64_t{0},
      0,         1'000'000};
  const char* invariant =
      "no read saw a torn or freed config or went back a version; final version == writes + 1";
  return {
      {"cfg_atomic_ptr",
       "read_mostly",
       "atomic pointer, CAS publish; old versions freed after every thread's quiescent state",
       invariant,
       {write_every, read_ns},
       make<AtomicPointerStore>},
      {"cfg_shared_ptr",
       "read_mostly",
       "std::atomic<std::shared_ptr<const Config>>: load copies, CAS publishes",
       invariant,
       {write_every, read_ns},
       make<AtomicSharedPtrStore>},
      {"cfg_shared_mutex",
       "read_mostly",
       "config in place; readers take std::shared_mutex shared, writers exclusive",
       invariant,
       {write_every, read_ns},
       make<LockedStore<std::shared_mutex>>},
      {"cfg_mutex",
       "read_mostly",
       "config in place behind a std::mutex, readers and writers alike",
       invariant,
       {write_every, read_ns},
       make<LockedStore<std::mutex>>,
       WorkloadRole::kBaseline},
  };
}

}  // namespace contend
