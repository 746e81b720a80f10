// The CAS-limiter family: the classic lock-free rate limiter. Each request asks to be
// admitted; at most `limit` requests are admitted per window, and windows roll by time
// (`window_us`) or by count (every `window_requests` requests, numbered per thread and
// interleaved: no shared ticket). Variants: a CAS retry loop (weak or strong), fetch_add with
// undo, and a mutex. Every thread logs what it was admitted into, so "no window admitted more
// than its limit" is checked independently of the limiter.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "contract/batched_loop.hpp"
#include "platform/clock.hpp"
#include "platform/layout.hpp"
#include "workloads/families.hpp"
#include "workloads/window_log.hpp"

namespace contend {

namespace {

// The limiter's whole state in one word, so one CAS moves it: the window number in the high
// bits, the admissions in that window in the low ones.
constexpr int kCountBits = 24;
constexpr std::uint64_t kCountMask = (std::uint64_t{1} << kCountBits) - 1;
// fetch_add may overshoot the limit by one pending undo per thread: leave room for that below
// the window bits.
constexpr std::int64_t kMaxLimit = std::int64_t{1} << (kCountBits - 1);

constexpr std::uint64_t window_of(std::uint64_t word) {
  return word >> kCountBits;
}
constexpr std::uint64_t count_of(std::uint64_t word) {
  return word & kCountMask;
}
constexpr std::uint64_t pack(std::uint64_t window, std::uint64_t count) {
  return (window << kCountBits) | count;
}
static_assert(window_of(pack(5, 7)) == 5 && count_of(pack(5, 7)) == 7);
static_assert(count_of(pack(1, kMaxLimit) + 4096) == kMaxLimit + 4096, "no carry into windows");

struct Admission {
  bool admitted = false;
  std::uint64_t window = 0;  // the window the request counted against
};

// What one thread did, kept in registers during the loop and published at the end. Admissions
// are not counted here: the thread's window log holds them, and denials are the rest.
struct LimiterTally {
  std::uint64_t rmw = 0;  // fetch_adds and CAS attempts on the limiter word
  std::uint64_t cas_attempts = 0;
  std::uint64_t cas_failures = 0;
  std::uint64_t longest_streak = 0;  // most consecutive failed CASes within one request
};

// CAS retry loop: read the word, compute the next one, try to install it.
template <bool kWeak>
class CasAdmission {
 public:
  static constexpr bool kAtomic = true;
  static constexpr bool kCasLoop = true;
  Admission admit(std::uint64_t now, std::uint64_t limit, LimiterTally& t) noexcept {
    std::uint64_t seen = word_.load(std::memory_order_relaxed);
    std::uint64_t streak = 0;
    while (true) {
      std::uint64_t next = 0;
      if (window_of(seen) < now) {
        next = pack(now, 1);  // the window is over: open ours with this admission
      } else if (count_of(seen) < limit) {
        next = seen + 1;  // same window (or a later one a faster clock opened): count us in
      } else {
        t.longest_streak = std::max(t.longest_streak, streak);
        return {false, window_of(seen)};  // full: denied without writing the line
      }
      ++t.cas_attempts;
      const bool swapped =
          kWeak ? word_.compare_exchange_weak(seen, next, std::memory_order_acq_rel,
                                              std::memory_order_relaxed)
                : word_.compare_exchange_strong(seen, next, std::memory_order_acq_rel,
                                                std::memory_order_relaxed);
      if (swapped) {
        t.longest_streak = std::max(t.longest_streak, streak);
        return {true, window_of(next)};
      }
      ++t.cas_failures;
      ++streak;
    }
  }
  std::uint64_t rmw(const LimiterTally& t) const noexcept { return t.cas_attempts; }

 private:
  alignas(kCacheLineBytes) std::atomic<std::uint64_t> word_{0};
};
// The contended word is the policy's only member and fills its line: nothing else the
// threads touch shares it (the policy is allocated on its own, see RateLimiter::reset).
static_assert(alignof(CasAdmission<true>) == kCacheLineBytes &&
              sizeof(CasAdmission<true>) == kCacheLineBytes);
static_assert(alignof(CasAdmission<false>) == kCacheLineBytes &&
              sizeof(CasAdmission<false>) == kCacheLineBytes);

// fetch_add first, look afterwards: one unconditional RMW per request. Over the limit, undo the
// increment, but only while the window is still ours: after a roll the old count is gone, and
// decrementing the new window would let it admit one request too many. A stale window is
// rolled with a CAS (the first thread to notice wins; the others ask again).
class FetchAddAdmission {
 public:
  static constexpr bool kAtomic = true;
  static constexpr bool kCasLoop = false;
  Admission admit(std::uint64_t now, std::uint64_t limit, LimiterTally& t) noexcept {
    while (true) {
      ++t.rmw;
      const std::uint64_t before = word_.fetch_add(1, std::memory_order_acq_rel);
      const std::uint64_t window = window_of(before);
      if (window >= now) {
        if (count_of(before) < limit) return {true, window};
        undo(window, t);
        return {false, window};
      }
      std::uint64_t seen = before + 1;
      while (window_of(seen) < now) {
        ++t.cas_attempts;
        if (word_.compare_exchange_weak(seen, pack(now, 1), std::memory_order_acq_rel,
                                        std::memory_order_relaxed)) {
          return {true, now};
        }
        ++t.cas_failures;
      }
    }
  }
  std::uint64_t rmw(const LimiterTally& t) const noexcept { return t.rmw + t.cas_attempts; }

 private:
  void undo(std::uint64_t window, LimiterTally& t) noexcept {
    std::uint64_t seen = word_.load(std::memory_order_relaxed);
    while (window_of(seen) == window) {
      ++t.cas_attempts;
      if (word_.compare_exchange_weak(seen, seen - 1, std::memory_order_acq_rel,
                                      std::memory_order_relaxed)) {
        return;
      }
      ++t.cas_failures;
    }
  }

  alignas(kCacheLineBytes) std::atomic<std::uint64_t> word_{0};
};
static_assert(alignof(FetchAddAdmission) == kCacheLineBytes &&
              sizeof(FetchAddAdmission) == kCacheLineBytes);

// The baseline: the same decision under a mutex.
class MutexAdmission {
 public:
  static constexpr bool kAtomic = false;
  static constexpr bool kCasLoop = false;
  Admission admit(std::uint64_t now, std::uint64_t limit, LimiterTally&) noexcept {
    std::lock_guard guard(state_.lock);
    if (state_.window < now) {
      state_.window = now;
      state_.count = 0;
    }
    if (state_.count < limit) {
      ++state_.count;
      return {true, state_.window};
    }
    return {false, state_.window};
  }
  std::uint64_t rmw(const LimiterTally&) const noexcept { return 0; }

 private:
  struct alignas(kCacheLineBytes) State {
    std::mutex lock;
    std::uint64_t window = 0;
    std::uint64_t count = 0;
  } state_;
};
// The lock and the state it guards share one line, which nothing else touches.
static_assert(alignof(MutexAdmission) == kCacheLineBytes);

// Windows that roll with time, read from the unfenced cycle counter where there is one: a few
// nanoseconds, as a production limiter's coarse clock would be, where a steady_clock read can
// cost more than the admission itself (a syscall under some hypervisors). Threads whose
// counters disagree slightly are fine: a request counts against the newest window it sees.
class TimeWindows {
 public:
  TimeWindows(std::int64_t window_us, std::int64_t)
      : window_ticks_(std::max<std::uint64_t>(
            1, static_cast<std::uint64_t>(static_cast<double>(window_us) * 1000.0 *
                                          tick_calibration().ticks_per_ns))) {}
  void reset() { epoch_ = read_ticks(); }

  // One thread's view, a copy in its run loop: nothing is reloaded through the workload.
  class Clock {
   public:
    Clock(std::uint64_t epoch, std::uint64_t window_ticks) noexcept
        : epoch_(epoch), window_ticks_(window_ticks) {}
    std::uint64_t now() noexcept {
      const std::uint64_t t = read_ticks();
      return t > epoch_ ? (t - epoch_) / window_ticks_ : 0;
    }

   private:
    std::uint64_t epoch_;
    std::uint64_t window_ticks_;
  };
  Clock clock(int, int) const noexcept { return {epoch_, window_ticks_}; }

 private:
  static std::uint64_t read_ticks() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    return __rdtsc();
#else
    return ticks_begin();  // the steady clock in nanoseconds: what the calibration assumes
#endif
  }

  std::uint64_t window_ticks_;
  std::uint64_t epoch_ = 0;
};

// Windows that roll every `window_requests` requests, clock-free, so the admitted fraction is
// known in advance (limit / window_requests). Requests are numbered without a shared ticket:
// thread t's i-th request is request i * threads + t, so each thread needs only its own
// count, and a shared counter's cache-line traffic stays out of the limiter's cost. With
// threads at equal rates this is a shared count; a thread that runs ahead opens windows early,
// and the others' requests count against the newest window, as with time windows whose
// clocks disagree. The limit holds either way: it is checked on the limiter's own windows.
class CountWindows {
 public:
  CountWindows(std::int64_t, std::int64_t window_requests)
      : per_window_(static_cast<std::uint64_t>(window_requests)) {}
  void reset() {}

  class Clock {
   public:
    Clock(int thread, int threads, std::uint64_t per_window) noexcept
        : request_(static_cast<std::uint64_t>(thread)),
          stride_(static_cast<std::uint64_t>(threads)),
          per_window_(per_window),
          window_(request_ / per_window),
          next_window_at_((window_ + 1) * per_window) {}
    // The window of this thread's next request: (i * threads + thread) / window_requests for
    // its i-th, with a division only when a window boundary is crossed.
    std::uint64_t now() noexcept {
      if (request_ >= next_window_at_) {
        window_ = request_ / per_window_;
        next_window_at_ = (window_ + 1) * per_window_;
      }
      request_ += stride_;
      return window_;
    }

   private:
    std::uint64_t request_;  // this thread's next request number, all threads interleaved
    std::uint64_t stride_;
    std::uint64_t per_window_;
    std::uint64_t window_;
    std::uint64_t next_window_at_;
  };
  Clock clock(int thread, int threads) const noexcept { return {thread, threads, per_window_}; }

 private:
  std::uint64_t per_window_;
};

// Each thread's tally and window log, on lines of their own, allocated after pinning.
struct alignas(kCacheLineBytes) LimiterThread {
  LimiterTally tally;
  WindowLog log;
};
static_assert(alignof(LimiterThread) == kCacheLineBytes &&
              sizeof(LimiterThread) == kCacheLineBytes);

template <typename Policy, typename Windows>
class RateLimiter final : public Workload {
 public:
  RateLimiter(std::int64_t limit, std::int64_t window_us, std::int64_t window_requests)
      : limit_(static_cast<std::uint64_t>(limit)), windows_(window_us, window_requests) {}

  void reset(int threads) override {
    policy_ = std::make_unique<Policy>();
    windows_.reset();
    threads_.clear();
    threads_.resize(static_cast<std::size_t>(threads));
  }
  void prepare_thread(int thread) override {
    auto state = std::make_unique<LimiterThread>();
    state->log.reserve(1024);  // one entry per window: grows past this on long runs only
    threads_[static_cast<std::size_t>(thread)] = std::move(state);
  }
  void run(WorkerContext& ctx) noexcept override {
    LimiterThread& me = *threads_[static_cast<std::size_t>(ctx.thread())];
    LimiterTally tally;
    Policy& policy = *policy_;
    typename Windows::Clock clock = windows_.clock(ctx.thread(), ctx.threads());
    const std::uint64_t limit = limit_;
    // The current run of admissions in one window, in registers: the log is written once per
    // window, not per admission.
    std::uint64_t run_window = 0;
    std::uint64_t run_admitted = 0;
    run_batched(ctx, [&] {
      const Admission a = policy.admit(clock.now(), limit, tally);
      if (a.admitted) {
        if (a.window != run_window) {
          if (run_admitted != 0) me.log.append(run_window, run_admitted);
          run_window = a.window;
          run_admitted = 0;
        }
        ++run_admitted;
      }
      return a.window;
    });
    if (run_admitted != 0) me.log.append(run_window, run_admitted);
    me.tally = tally;
    ctx.counters().cas_attempts = tally.cas_attempts;
    ctx.counters().cas_failures = tally.cas_failures;
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    std::vector<const WindowLog*> logs;
    for (std::size_t t = 0; t < counters.size(); ++t) {
      // Denials are requests less admissions: a thread cannot be admitted more often than it
      // asked (its log and the runner's count come from different places).
      const std::uint64_t admitted = threads_[t]->log.admitted();
      if (admitted > counters[t].ops) {
        return {false, fmt::format("thread {} was admitted {} times in {} requests", t, admitted,
                                   counters[t].ops)};
      }
      logs.push_back(&threads_[t]->log);
    }
    return check_window_limit(logs, limit_);
  }
  void add_metrics(std::span<const ThreadCounters> counters, double duration_s,
                   Metrics& out) const override {
    LimiterTally sum;
    std::uint64_t shortest_streak = ~std::uint64_t{0};
    std::uint64_t rmw = 0;
    std::uint64_t admitted_sum = 0;
    std::uint64_t requests_sum = 0;
    for (std::size_t t = 0; t < counters.size(); ++t) {
      const LimiterTally& tally = threads_[t]->tally;
      admitted_sum += threads_[t]->log.admitted();
      requests_sum += counters[t].ops;
      sum.cas_attempts += tally.cas_attempts;
      sum.cas_failures += tally.cas_failures;
      sum.longest_streak = std::max(sum.longest_streak, tally.longest_streak);
      shortest_streak = std::min(shortest_streak, tally.longest_streak);
      rmw += policy_->rmw(tally);
    }
    const auto admitted = static_cast<double>(admitted_sum);
    // verify() saw admitted <= requests per thread; a failed run's figures are not reported.
    const auto denied = static_cast<double>(requests_sum - std::min(requests_sum, admitted_sum));
    const auto requests = static_cast<double>(requests_sum);
    if (duration_s > 0) {
      out["admitted_per_sec"] = admitted / duration_s;
      out["denied_per_sec"] = denied / duration_s;
    }
    if (requests > 0) out["admitted_fraction"] = admitted / requests;
    if constexpr (Policy::kAtomic) {
      if (admitted_sum > 0) out["rmw_per_admission"] = static_cast<double>(rmw) / admitted;
    }
    // The retry-loop figures belong to the CAS loop alone: fetch_add's CASes are undos and
    // window rolls, one per denial, not retries (its cost shows in rmw_per_admission).
    if constexpr (Policy::kCasLoop) {
      if (admitted_sum > 0) {
        out["cas_attempts_per_admission"] = static_cast<double>(sum.cas_attempts) / admitted;
      }
      if (sum.cas_attempts > 0) {
        out["cas_failure_ratio"] =
            static_cast<double>(sum.cas_failures) / static_cast<double>(sum.cas_attempts);
      }
      if (!counters.empty()) {
        out["longest_retry_streak_max"] = static_cast<double>(sum.longest_streak);
        out["longest_retry_streak_min"] = static_cast<double>(shortest_streak);
      }
    }
    std::vector<const WindowLog*> logs;
    for (std::size_t t = 0; t < counters.size(); ++t) logs.push_back(&threads_[t]->log);
    out["windows"] = static_cast<double>(summarize_windows(logs).windows);
  }
  std::vector<MemoryArea> shared_state() const override { return {area_of(*policy_)}; }

 private:
  std::uint64_t limit_;
  Windows windows_;
  std::unique_ptr<Policy> policy_;  // fresh per repetition: a new, empty window
  std::vector<std::unique_ptr<LimiterThread>> threads_;
};

template <typename Policy>
std::unique_ptr<Workload> make_limiter(const Params& p) {
  const std::int64_t limit = p.integer("limit");
  const std::int64_t window_us = p.integer("window_us");
  const std::int64_t window_requests = p.integer("window_requests");
  if (p.text("roll") == "count") {
    return std::make_unique<RateLimiter<Policy, CountWindows>>(limit, window_us, window_requests);
  }
  return std::make_unique<RateLimiter<Policy, TimeWindows>>(limit, window_us, window_requests);
}

}  // namespace

std::vector<WorkloadInfo> cas_limiter_workloads() {
  const std::vector<ParamSpec> common = {
      {"limit", "admissions allowed per window", {}, std::int64_t{1000}, 1, kMaxLimit},
      {"roll",
       "what ends a window: elapsed time or a number of requests",
       {"time", "count"},
       std::string("time")},
      // At least 10us, so 40 bits of window numbers outlast any run.
      {"window_us",
       "window length with roll=time (microseconds)",
       {},
       std::int64_t{1000},
       10,
       60'000'000},
      {"window_requests",
       "requests per window with roll=count (each thread numbers its own, interleaved)",
       {},
       std::int64_t{2000},
       1,
       std::int64_t{1} << 40},
  };
  auto with = [&common](std::vector<ParamSpec> extra) {
    extra.insert(extra.end(), common.begin(), common.end());
    return extra;
  };
  const char* invariant =
      "no window admitted more than `limit` (summed from per-thread logs of admissions)";
  return {
      {"cas_limiter", "cas_limiter",
       "CAS retry loop on one packed (window, count) word admits while count < limit", invariant,
       with({{"cas", "compare_exchange flavour", {"weak", "strong"}, std::string("weak")}}),
       [](const Params& p) {
         if (p.text("cas") == "strong") return make_limiter<CasAdmission<false>>(p);
         return make_limiter<CasAdmission<true>>(p);
       }},
      {"fetch_add_limiter", "cas_limiter",
       "fetch_add on the packed word, undone (by CAS, same window only) when over the limit",
       invariant, with({}), make_limiter<FetchAddAdmission>},
      {"mutex_limiter", "cas_limiter", "the same admission decision under a std::mutex", invariant,
       with({}), make_limiter<MutexAdmission>, WorkloadRole::kBaseline},
  };
}

}  // namespace contend
