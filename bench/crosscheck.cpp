// Independent check for `contend run`: the same operations measured by Google Benchmark, with
// its own minimal code (no contend_core), so each contend figure can be compared with a second
// harness on the same machine in one sitting (scripts/crosscheck prints the ratios).
//
// Threads pin themselves, thread i to the i-th CPU of CONTEND_CROSSCHECK_PUS ("0,1": the PUs
// contend used, in its thread order), or else of the process's affinity mask (`taskset -c`). Each
// benchmark reports items_per_second (all threads together); contend's ns_per_op is threads /
// items_per_second: the time one thread spends per operation.
#include <benchmark/benchmark.h>
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
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

// Runs `op` once per iteration, folding its results (when it has one) into a sink that is
// published at the end, as contend does, and reports all threads' operations as items.
template <typename Op>
void measure(benchmark::State& state, Op op) {
  pin_thread(state);
  std::uint64_t sink = 0;
  for (auto _ : state) {
    if constexpr (std::is_void_v<decltype(op())>) {
      op();
    } else {
      sink += op();
    }
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
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
