// The CAS-window family: the livelock claim. A read-compute-write update of one shared word
// whose computation takes `window_ns` of local work between the load and the compare-exchange:
// the wider the window, the likelier another thread wrote in between and the attempt is wasted.
// With `backoff=exp` a failed thread pauses 1, 2, 4, ... up to kMaxBackoff spins before it
// retries. The baseline does the same work holding a mutex, where nothing is ever redone.
// One operation is one successful update.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "contract/batched_loop.hpp"
#include "platform/clock.hpp"
#include "platform/cpu_relax.hpp"
#include "platform/layout.hpp"
#include "workloads/busy_work.hpp"
#include "workloads/families.hpp"

namespace contend {

namespace {

constexpr const char* kInvariant = "shared word == sum of per-thread successful updates";
constexpr std::uint64_t kMaxBackoff = 1024;  // pause instructions, about 10-40 us at most
// Attempts are timed (two unfenced tick reads) in one batch out of kTimedEvery: enough for a
// share of time, cheap enough not to move throughput.
constexpr std::uint64_t kTimedEvery = 8;

std::uint64_t read_ticks() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#else
  return ticks_begin();
#endif
}

// What one thread saw, kept in registers and published at the end of its run.
struct WindowTally {
  std::uint64_t attempts = 0;
  std::uint64_t failures = 0;
  std::uint64_t longest_streak = 0;  // most consecutive failed attempts within one update
  std::uint64_t timed_ticks = 0;     // time of the timed updates
  std::uint64_t failed_ticks = 0;    // of which spent before the successful attempt began
};

struct alignas(kCacheLineBytes) PaddedWindowTally {
  WindowTally tally;
};
static_assert(sizeof(PaddedWindowTally) == kCacheLineBytes);

// The runner's counters carry the attempts and failures; the rest comes from the tallies.
Verification check_total(std::uint64_t word, std::span<const ThreadCounters> counters) {
  const std::uint64_t expected = total_ops(counters);
  if (word == expected) return {};
  return {false, fmt::format("shared word is {} but threads completed {} updates", word, expected)};
}

template <bool kBackoff>
class CasWindow final : public Workload {
 public:
  explicit CasWindow(std::uint64_t window_ns) : work_(window_ns) {}

  void reset(int threads) override {
    word_.value.store(0);
    tallies_.assign(static_cast<std::size_t>(threads), {});
  }
  void run(WorkerContext& ctx) noexcept override {
    WindowTally t;
    std::uint64_t done = 0;
    std::uint64_t sink = 0;
    std::uint64_t batch_index = 0;
    ctx.observe_pu();
    for (std::uint64_t batch = ctx.next_batch(done); batch != 0; batch = ctx.next_batch(done)) {
      if (batch_index % kTimedEvery == 0) {
        for (std::uint64_t i = 0; i < batch; ++i) sink += update<true>(t);
      } else {
        for (std::uint64_t i = 0; i < batch; ++i) sink += update<false>(t);
      }
      done += batch;
      if (ctx.observe_due(++batch_index)) ctx.observe_pu();
    }
    ctx.observe_pu();
    ctx.counters().ops = done;
    ctx.counters().sink += sink;
    ctx.counters().cas_attempts = t.attempts;
    ctx.counters().cas_failures = t.failures;
    tallies_[static_cast<std::size_t>(ctx.thread())].tally = t;
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    for (std::size_t t = 0; t < counters.size(); ++t) {
      // Every update ends in exactly one successful attempt.
      if (counters[t].cas_attempts != counters[t].ops + counters[t].cas_failures) {
        return {false,
                fmt::format("thread {} made {} attempts for {} updates and {} failures", t,
                            counters[t].cas_attempts, counters[t].ops, counters[t].cas_failures)};
      }
    }
    return check_total(word_.value.load(), counters);
  }
  std::vector<MemoryArea> shared_state() const override { return {area_of(word_)}; }
  void add_metrics(std::span<const ThreadCounters> counters, double, Metrics& out) const override {
    std::uint64_t longest = 0;
    std::uint64_t timed = 0;
    std::uint64_t failed = 0;
    for (std::size_t t = 0; t < counters.size(); ++t) {
      longest = std::max(longest, tallies_[t].tally.longest_streak);
      timed += tallies_[t].tally.timed_ticks;
      failed += tallies_[t].tally.failed_ticks;
    }
    out["longest_retry_streak_max"] = static_cast<double>(longest);
    if (timed > 0) out["failed_time_share"] = static_cast<double>(failed) / timed;
  }

 private:
  // One update: load, work, compare-exchange, until it lands (a failed CAS reloads `seen`).
  // Returns the value replaced plus the work's results, for the sink.
  template <bool kTimed>
  std::uint64_t update(WindowTally& t) noexcept {
    const std::uint64_t start = kTimed ? read_ticks() : 0;
    std::uint64_t attempt_start = start;
    std::uint64_t seen = word_.value.load(std::memory_order_relaxed);
    std::uint64_t streak = 0;
    std::uint64_t pause = 1;
    std::uint64_t worked = 0;
    while (true) {
      ++t.attempts;
      // The local work: its result is part of the sink, so it cannot be skipped.
      worked += work_.run();
      if (word_.value.compare_exchange_weak(seen, seen + 1, std::memory_order_acq_rel,
                                            std::memory_order_relaxed)) {
        break;
      }
      ++t.failures;
      ++streak;
      if constexpr (kBackoff) {
        for (std::uint64_t i = 0; i < pause; ++i) cpu_relax();
        pause = std::min(2 * pause, kMaxBackoff);
        seen = word_.value.load(std::memory_order_relaxed);
      }
      if constexpr (kTimed) attempt_start = read_ticks();
    }
    t.longest_streak = std::max(t.longest_streak, streak);
    if constexpr (kTimed) {
      const std::uint64_t end = read_ticks();
      t.timed_ticks += end - start;
      t.failed_ticks += attempt_start - start;
    }
    return seen + worked;
  }

  BusyWork work_;
  PaddedCounter word_;
  std::vector<PaddedWindowTally> tallies_;
};

// The baseline: the same read-compute-write with the work inside the critical section.
class MutexWindow final : public Workload {
 public:
  explicit MutexWindow(std::uint64_t window_ns) : work_(window_ns) {}

  void reset(int) override { state_.value = 0; }
  void run(WorkerContext& ctx) noexcept override {
    run_batched(ctx, [this] {
      std::lock_guard guard(state_.lock);
      const std::uint64_t seen = state_.value;
      const std::uint64_t work = work_.run();
      state_.value = seen + 1;
      return seen + work;
    });
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    return check_total(state_.value, counters);
  }
  std::vector<MemoryArea> shared_state() const override { return {area_of(state_)}; }

 private:
  BusyWork work_;
  struct alignas(kCacheLineBytes) State {
    std::mutex lock;
    std::uint64_t value = 0;
  } state_;
};

std::uint64_t window_of(const Params& p) {
  return static_cast<std::uint64_t>(p.integer("window_ns"));
}

}  // namespace

std::vector<WorkloadInfo> cas_window_workloads() {
  const ParamSpec window{"window_ns", "local work between the load and the compare-exchange",
                         {},          std::int64_t{0},
                         0,           1'000'000};
  const ParamSpec backoff{"backoff",
                          "after a failed attempt: retry at once, or pause 1, 2, 4... spins",
                          {"none", "exp"},
                          std::string("none")};
  return {
      {"cas_window",
       "cas_window",
       "load, window_ns of work, compare-exchange; retried until it lands",
       fmt::format("{}; attempts == updates + failures per thread", kInvariant),
       {window, backoff},
       [](const Params& p) -> std::unique_ptr<Workload> {
         if (p.text("backoff") == "exp") return std::make_unique<CasWindow<true>>(window_of(p));
         return std::make_unique<CasWindow<false>>(window_of(p));
       }},
      {"mutex_window",
       "cas_window",
       "the same read, window_ns of work and write, holding a std::mutex",
       kInvariant,
       {window},
       [](const Params& p) -> std::unique_ptr<Workload> {
         return std::make_unique<MutexWindow>(window_of(p));
       },
       WorkloadRole::kBaseline},
  };
}

}  // namespace contend
