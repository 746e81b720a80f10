// The multiword family: a group of variables with an invariant across them. Four account
// balances whose sum never changes; a write moves an amount from one account to the next, a
// read loads all four and checks the sum. Stores: a mutex, a seqlock, a copy-on-write record
// behind an atomic pointer (reclaimed by quiescent states), and independent atomics per field,
// which tear: a reader can see the debit without the credit. In a header so tests can build a
// store with a fault injected (a seqlock whose readers never retry) and watch verify() fail.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

#include "contract/batched_loop.hpp"
#include "contract/workload.hpp"
#include "platform/cpu_relax.hpp"
#include "platform/layout.hpp"
#include "workloads/quiescent_reclaimer.hpp"

namespace contend {

inline constexpr std::size_t kAccounts = 4;
// Each balance on a cache line of its own, as the fields of a record larger than one line
// would be: a reader can then copy some fields before a writer's change and some after.
inline constexpr std::size_t kSlotStride = kCacheLineBytes / sizeof(std::uint64_t);
inline constexpr std::size_t kSlots = kAccounts * kSlotStride;
constexpr std::size_t slot(std::size_t account) noexcept {
  return account * kSlotStride;
}
inline constexpr std::uint64_t kOpeningBalance = 1000;
inline constexpr std::uint64_t kTotalBalance = kAccounts * kOpeningBalance;

// One transfer's effect, derived from the transfer's number so every store applies the same.
struct Transfer {
  std::size_t from;
  std::size_t to;
  std::uint64_t amount;
  static constexpr Transfer number(std::uint64_t n) noexcept {
    return {n % kAccounts, (n + 1) % kAccounts, n % 7 + 1};
  }
};

// The record as plain values: a copy, or the copy-on-write version itself. Balances wrap
// modulo 2^64; the sum is what is checked, and it is exact in that arithmetic.
struct alignas(kCacheLineBytes) Balances {
  std::uint64_t transfers = 0;  // how many transfers this state contains
  std::array<std::uint64_t, kSlots> account = opening();

  static constexpr std::array<std::uint64_t, kSlots> opening() noexcept {
    std::array<std::uint64_t, kSlots> a{};
    for (std::size_t i = 0; i < kAccounts; ++i) a[slot(i)] = kOpeningBalance;
    return a;
  }

  void apply(const Transfer& t) noexcept {
    account[slot(t.from)] -= t.amount;
    account[slot(t.to)] += t.amount;
    ++transfers;
  }
  std::uint64_t sum() const noexcept {
    std::uint64_t s = 0;
    for (std::size_t i = 0; i < kAccounts; ++i) s += account[slot(i)];
    return s;
  }
  // Spoils a reclaimed record so a reader that still reached it fails its check.
  static void poison(Balances& b) noexcept {
    *static_cast<volatile std::uint64_t*>(&b.account[0]) = b.account[0] + 1;
  }
};
static_assert(alignof(Balances) == kCacheLineBytes &&
              offsetof(Balances, account) + sizeof(std::uint64_t) * slot(1) ==
                  kCacheLineBytes + sizeof(std::uint64_t));

// What one thread saw, in registers during its loop, published once at the end.
struct alignas(kCacheLineBytes) MultiwordTally {
  std::uint64_t writes = 0;
  std::uint64_t torn = 0;         // reads whose sum was not the total
  std::uint64_t regressions = 0;  // a state with fewer transfers than one seen before
  std::uint64_t newest = 0;
  std::uint64_t retries = 0;  // seqlock reads started again

  std::uint64_t check(const Balances& seen) noexcept {
    if (seen.sum() != kTotalBalance) {
      ++torn;
    } else if (seen.transfers < newest) {
      ++regressions;
    } else {
      newest = seen.transfers;
    }
    return seen.transfers;
  }
};

// Readers and writers take one std::mutex.
class MutexBalances {
 public:
  static constexpr bool kTears = false;
  static constexpr std::uint64_t kAnnounceEvery = 0;
  explicit MutexBalances(int) {}
  Balances read(int, MultiwordTally&) noexcept {
    std::lock_guard guard(state_.lock);
    return state_.balances;
  }
  std::uint64_t write(int) noexcept {
    std::lock_guard guard(state_.lock);
    state_.balances.apply(Transfer::number(state_.balances.transfers));
    return state_.balances.transfers;
  }
  void announce(int) noexcept {}
  void finish(int) noexcept {}
  std::uint64_t transfers() const { return state_.balances.transfers; }

 private:
  struct State {
    std::mutex lock;
    Balances balances;  // on the next line (Balances is line-aligned)
  } state_;
};

// A sequence counter, odd while a writer is inside: readers copy the fields and start again
// when the counter moved (or was odd). Writers take the odd value with a CAS, so they exclude
// each other. Fields are relaxed atomics: the copy races by design, and fences order it.
// kRetry = false is the injected fault: readers keep whatever they copied.
template <bool kRetry = true>
class SeqlockBalances {
 public:
  static constexpr bool kTears = false;  // claimed even by the faulty one: verify must catch it
  static constexpr std::uint64_t kAnnounceEvery = 0;
  explicit SeqlockBalances(int) {
    for (std::size_t i = 0; i < kAccounts; ++i) state_.account[i].value.store(kOpeningBalance);
  }
  Balances read(int, MultiwordTally& tally) noexcept {
    Balances copy;
    while (true) {
      const std::uint64_t before = state_.seq.value.load(std::memory_order_acquire);
      if (kRetry && (before & 1) != 0) {
        ++tally.retries;
        cpu_relax();
        continue;
      }
      for (std::size_t i = 0; i < kAccounts; ++i) {
        copy.account[slot(i)] = state_.account[i].value.load(std::memory_order_relaxed);
      }
      std::atomic_thread_fence(std::memory_order_acquire);
      const std::uint64_t after = state_.seq.value.load(std::memory_order_relaxed);
      if (!kRetry || before == after) {
        copy.transfers = after / 2;
        return copy;
      }
      ++tally.retries;
    }
  }
  std::uint64_t write(int) noexcept {
    std::uint64_t seq = state_.seq.value.load(std::memory_order_relaxed);
    while ((seq & 1) != 0 ||
           !state_.seq.value.compare_exchange_weak(seq, seq + 1, std::memory_order_acquire,
                                                   std::memory_order_relaxed)) {
      cpu_relax();
      seq = state_.seq.value.load(std::memory_order_relaxed);
    }
    // The odd value must be visible before any field changes.
    std::atomic_thread_fence(std::memory_order_release);
    const Transfer t = Transfer::number(seq / 2);
    auto& from = state_.account[t.from].value;
    auto& to = state_.account[t.to].value;
    from.store(from.load(std::memory_order_relaxed) - t.amount, std::memory_order_relaxed);
    to.store(to.load(std::memory_order_relaxed) + t.amount, std::memory_order_relaxed);
    state_.seq.value.store(seq + 2, std::memory_order_release);
    return seq / 2 + 1;
  }
  void announce(int) noexcept {}
  void finish(int) noexcept {}
  std::uint64_t transfers() const { return state_.seq.value.load() / 2; }

 private:
  struct State {
    PaddedCounter seq;
    std::array<PaddedCounter, kAccounts> account;
  } state_;
};

// Copy-on-write: the record is immutable once published; a writer copies it, applies the
// transfer and installs the copy with a CAS. Old records go to the quiescent reclaimer.
class CowBalances {
 public:
  static constexpr bool kTears = false;
  static constexpr std::uint64_t kAnnounceEvery = QuiescentReclaimer<Balances>::kAnnounceEvery;
  explicit CowBalances(int threads) : current_(new Balances), reclaimer_(threads) {}
  ~CowBalances() { delete current_.load(); }
  CowBalances(const CowBalances&) = delete;
  CowBalances& operator=(const CowBalances&) = delete;

  Balances read(int, MultiwordTally&) noexcept { return *current_.load(std::memory_order_acquire); }
  std::uint64_t write(int thread) noexcept {
    Balances* seen = current_.load(std::memory_order_acquire);
    Balances* next = reclaimer_.reuse(thread);
    if (next == nullptr) next = new Balances;
    do {
      *next = *seen;
      next->apply(Transfer::number(seen->transfers));
    } while (!current_.compare_exchange_weak(seen, next, std::memory_order_acq_rel,
                                             std::memory_order_acquire));
    const std::uint64_t transfers = next->transfers;  // before `next` can be retired by others
    reclaimer_.retire(thread, seen);
    return transfers;
  }
  void announce(int thread) noexcept { reclaimer_.announce(thread); }
  void finish(int thread) noexcept { reclaimer_.offline(thread); }
  std::uint64_t transfers() const { return current_.load()->transfers; }

 private:
  alignas(kCacheLineBytes) std::atomic<Balances*> current_;
  QuiescentReclaimer<Balances> reclaimer_;
};

// One atomic per field, each update atomic on its own: the transfer is two RMWs, and a reader
// between them sees money missing. No undefined behaviour, just torn reads, counted.
class AtomicFieldBalances {
 public:
  static constexpr bool kTears = true;
  static constexpr std::uint64_t kAnnounceEvery = 0;
  explicit AtomicFieldBalances(int) {
    for (auto& a : state_.account) a.value.store(kOpeningBalance);
  }
  Balances read(int, MultiwordTally&) noexcept {
    Balances copy;
    copy.transfers = state_.transfers.value.load(std::memory_order_acquire);
    for (std::size_t i = 0; i < kAccounts; ++i) {
      copy.account[slot(i)] = state_.account[i].value.load(std::memory_order_acquire);
    }
    return copy;
  }
  std::uint64_t write(int) noexcept {
    const std::uint64_t n = state_.transfers.value.fetch_add(1, std::memory_order_acq_rel);
    const Transfer t = Transfer::number(n);
    state_.account[t.from].value.fetch_sub(t.amount, std::memory_order_acq_rel);
    state_.account[t.to].value.fetch_add(t.amount, std::memory_order_acq_rel);
    return n + 1;
  }
  void announce(int) noexcept {}
  void finish(int) noexcept {}
  std::uint64_t transfers() const { return state_.transfers.value.load(); }

 private:
  struct State {
    PaddedCounter transfers;
    std::array<PaddedCounter, kAccounts> account;
  } state_;
};

// The measured loop: one operation in `write_every` is a transfer, the others read.
template <typename Store>
class Multiword final : public Workload {
 public:
  explicit Multiword(std::uint64_t write_every) : write_every_(write_every) {}

  void reset(int threads) override {
    store_ = std::make_unique<Store>(threads);
    tallies_.assign(static_cast<std::size_t>(threads), {});
  }
  void run(WorkerContext& ctx) noexcept override {
    const int thread = ctx.thread();
    Store& store = *store_;
    MultiwordTally tally;
    constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t write_every = write_every_ == 0 ? kNever : write_every_;
    std::uint64_t until_write =
        write_every_ == 0 ? kNever : 1 + static_cast<std::uint64_t>(thread) % write_every_;
    std::uint64_t until_announce = Store::kAnnounceEvery;
    run_batched(ctx, [&] {
      std::uint64_t result = 0;
      if (--until_write == 0) {
        until_write = write_every;
        ++tally.writes;
        result = store.write(thread);
      } else {
        result = tally.check(store.read(thread, tally));
      }
      if constexpr (Store::kAnnounceEvery != 0) {
        if (--until_announce == 0) {
          until_announce = Store::kAnnounceEvery;
          store.announce(thread);
        }
      }
      return result;
    });
    store.finish(thread);
    tallies_[static_cast<std::size_t>(thread)] = tally;
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    std::uint64_t writes = 0;
    std::uint64_t torn = 0;
    for (std::size_t t = 0; t < counters.size(); ++t) {
      const MultiwordTally& tally = tallies_[t];
      if (tally.writes > counters[t].ops) {
        return {false, fmt::format("thread {} made {} transfers in {} operations", t, tally.writes,
                                   counters[t].ops)};
      }
      if (!Store::kTears && tally.torn > 0) {
        return {false, fmt::format("thread {} read {} torn records (sum not {})", t, tally.torn,
                                   kTotalBalance)};
      }
      if (!Store::kTears && tally.regressions > 0) {
        return {false, fmt::format("thread {} saw fewer transfers after more {} times", t,
                                   tally.regressions)};
      }
      writes += tally.writes;
      torn += tally.torn;
    }
    if (store_->transfers() != writes) {
      return {false, fmt::format("the record holds {} transfers but {} were made",
                                 store_->transfers(), writes)};
    }
    if (Store::kTears) {
      return {true, fmt::format("{} of {} reads torn", torn, reads(counters))};
    }
    return {};
  }
  // The store object (versions a writer publishes are allocated by that writer).
  std::vector<MemoryArea> shared_state() const override { return {area_of(*store_)}; }
  void add_metrics(std::span<const ThreadCounters> counters, double duration_s,
                   Metrics& out) const override {
    std::uint64_t writes = 0;
    std::uint64_t torn = 0;
    std::uint64_t retries = 0;
    for (const auto& tally : tallies_) {
      writes += tally.writes;
      torn += tally.torn;
      retries += tally.retries;
    }
    const double read_count = static_cast<double>(reads(counters));
    if (duration_s > 0) {
      out["reads_per_sec"] = read_count / duration_s;
      out["writes_per_sec"] = static_cast<double>(writes) / duration_s;
    }
    if (Store::kTears) {
      out["torn_reads"] = static_cast<double>(torn);
      out["torn_read_ratio"] = static_cast<double>(torn) / std::max(1.0, read_count);
    }
    if (retries > 0) {
      out["read_retries_per_read"] = static_cast<double>(retries) / std::max(1.0, read_count);
    }
  }

 private:
  std::uint64_t reads(std::span<const ThreadCounters> counters) const {
    std::uint64_t total = 0;
    for (std::size_t t = 0; t < counters.size(); ++t) {
      total += counters[t].ops - std::min(counters[t].ops, tallies_[t].writes);
    }
    return total;
  }

  std::uint64_t write_every_;
  std::unique_ptr<Store> store_;  // fresh per repetition
  std::vector<MultiwordTally> tallies_;
};

}  // namespace contend
