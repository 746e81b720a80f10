// Independent check for `contend run`: the same operations measured by Google Benchmark, with
// its own minimal code (no contend_core), so each contend figure can be compared with a second
// harness on the same machine in one sitting (scripts/crosscheck prints the ratios).
//
// Threads pin themselves, thread i to the i-th CPU of CONTEND_CROSSCHECK_PUS ("0,1": the PUs
// contend used, in its thread order), or else of the process's affinity mask (`taskset -c`). Each
// benchmark reports items_per_second (all threads together); contend's ns_per_op is threads /
// items_per_second: the time one thread spends per operation. Multi-thread benchmarks also report
// first_finish_frac and alone_frac (see report_finish_times): how much of the run one thread
// spent alone after the other had done its fixed share of iterations.
#include <benchmark/benchmark.h>
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

constexpr std::size_t kLine = 64;
constexpr int kMaxThreads = 2;

// CONTEND_CROSSCHECK_PUS in its order, else the CPUs the process may run on, in increasing order.
std::vector<int> allowed_cpus() {
  std::vector<int> cpus;
  if (const char* list = std::getenv("CONTEND_CROSSCHECK_PUS"); list != nullptr && *list != 0) {
    std::istringstream in(list);
    for (std::string item; std::getline(in, item, ',');) cpus.push_back(std::atoi(item.c_str()));
    return cpus;
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  return cpus;
}

// Called by each benchmark thread before its timed loop.
void pin_thread(benchmark::State& state) {
  static const std::vector<int> cpus = allowed_cpus();
  if (cpus.empty()) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpus[static_cast<std::size_t>(state.thread_index()) % cpus.size()], &set);
  if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
    state.SkipWithError("pinning failed");
  }
}

struct alignas(kLine) SharedWord {
  std::atomic<std::uint64_t> value{0};
};
static_assert(sizeof(SharedWord) == kLine);

struct alignas(kLine) LockedWord {
  std::mutex lock;
  std::uint64_t value = 0;
};
static_assert(alignof(LockedWord) == kLine);

SharedWord g_word;
LockedWord g_locked;

// Per-thread counters 8 bytes apart (one line for all) or a line apart.
struct alignas(kLine) CounterArray {
  std::atomic<std::uint64_t> slots[kMaxThreads * kLine / sizeof(std::atomic<std::uint64_t>)];
};
CounterArray g_counters;
static_assert(offsetof(CounterArray, slots) == 0 && sizeof(CounterArray) == kMaxThreads * kLine);

using Clock = std::chrono::steady_clock;

// Each thread's first and last moment in its timed loop, in the current run. Written by each
// thread before Google Benchmark's stop barrier, read by thread 0 after it.
std::array<std::pair<Clock::time_point, Clock::time_point>, kMaxThreads> g_spans;

// For multi-thread runs, how unevenly the threads finished, as thread 0's counters (Google
// Benchmark sums counters over threads, so one thread sets them). With span = the latest finish
// minus the earliest start: first_finish_frac = (earliest finish - earliest start) / span, and
// alone_frac = the part of span in which exactly one thread was running. Fixed per-thread
// iterations let the thread that wins more often finish first; the other then runs alone.
void report_finish_times(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.threads());
  if (n < 2 || n > kMaxThreads || state.thread_index() != 0) return;
  std::vector<std::pair<Clock::time_point, int>> events;  // +1 at a start, -1 at a finish
  auto first_start = g_spans[0].first, first_finish = g_spans[0].second,
       last_finish = g_spans[0].second;
  for (std::size_t t = 0; t < n; ++t) {
    events.emplace_back(g_spans[t].first, +1);
    events.emplace_back(g_spans[t].second, -1);
    first_start = std::min(first_start, g_spans[t].first);
    first_finish = std::min(first_finish, g_spans[t].second);
    last_finish = std::max(last_finish, g_spans[t].second);
  }
  std::sort(events.begin(), events.end());
  Clock::duration alone{0};
  int running = 0;
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    running += events[i].second;
    if (running == 1) alone += events[i + 1].first - events[i].first;
  }
  const double span = std::chrono::duration<double>(last_finish - first_start).count();
  if (span <= 0) return;
  state.counters["first_finish_frac"] =
      std::chrono::duration<double>(first_finish - first_start).count() / span;
  state.counters["alone_frac"] = std::chrono::duration<double>(alone).count() / span;
}

// Runs `op` max_iterations times, folding its results (when it has one) into a sink that is
// published at the end, as contend does, and reports all threads' operations as items. One batch
// of all iterations rather than `for (auto _ : state)`, so that the thread's finish can be read
// before Google Benchmark's stop barrier (which every thread leaves at the same moment); the two
// clock reads are once per run, outside the loop.
template <typename Op>
void measure(benchmark::State& state, Op op) {
  pin_thread(state);
  std::uint64_t sink = 0;
  auto& span = g_spans[static_cast<std::size_t>(state.thread_index()) % kMaxThreads];
  while (state.KeepRunningBatch(state.max_iterations)) {
    span.first = Clock::now();  // after the start barrier
    for (benchmark::IterationCount i = state.max_iterations; i != 0; --i) {
      if constexpr (std::is_void_v<decltype(op())>) {
        op();
      } else {
        sink += op();
      }
    }
    span.second = Clock::now();
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
  report_finish_times(state);
}

// The fetched value unused, as contend's counters do (x86: lock add, not lock xadd).
void atomic_add(benchmark::State& state) {
  measure(state, [] { g_word.value.fetch_add(1, std::memory_order_relaxed); });
}

void cas_loop_weak(benchmark::State& state) {
  measure(state, [] {
    std::uint64_t seen = g_word.value.load(std::memory_order_relaxed);
    while (!g_word.value.compare_exchange_weak(seen, seen + 1, std::memory_order_acq_rel,
                                               std::memory_order_relaxed)) {
    }
    return seen;
  });
}

void mutex_counter(benchmark::State& state) {
  measure(state, [] {
    std::lock_guard guard(g_locked.lock);
    return ++g_locked.value;
  });
}

// `stride` bytes between two threads' counters: 8 packs them into one line, 64 pads them.
void per_thread_counters(benchmark::State& state) {
  const auto stride_slots = static_cast<std::size_t>(state.range(0)) / sizeof(std::uint64_t);
  auto& slot = g_counters.slots[static_cast<std::size_t>(state.thread_index()) * stride_slots];
  measure(state, [&slot] { slot.fetch_add(1, std::memory_order_relaxed); });
}

}  // namespace

BENCHMARK(atomic_add)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(cas_loop_weak)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(mutex_counter)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(per_thread_counters)->Arg(8)->Arg(64)->Threads(2)->UseRealTime();

int main(int argc, char** argv) {
  // contend measures from worker threads of a multi-threaded process. Until a process starts
  // its first thread, glibc marks it single-threaded and its locks skip the atomic
  // instructions: without this, the 1-thread mutex would measure a different lock.
  std::thread([] {}).join();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
