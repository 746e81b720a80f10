// Independent check for `contend run` under contention: the smallest time-bounded loop, with its
// own code (no contend_core). Threads pin themselves, spin on a start flag, run the operation
// until the main thread (which sleeps for the duration) raises a stop flag, and count.
//
//   minimal_loop CASE CPU[,CPU...] DURATION_MS [CHECK_EVERY]
//   CASE: atomic_add | stride:BYTES (one counter per thread, BYTES apart) | cas_add | mutex
//   CHECK_EVERY: operations between two loads of the stop flag (default 1: a load after every
//   operation). The cadence is a choice every time-bounded loop makes, and it shows: the load
//   sits between two contended operations, so a loop that checks less often (a batched
//   harness, as contend is) runs measurably faster on cheap atomics. Larger values overrun the
//   stop by at most CHECK_EVERY - 1 operations per thread, which the span includes.
//
// Prints one line of JSON: check_every, ops_per_sec (all ops / the span from the first thread's
// start to the last one's stop, contend's definition) and each thread's ops.
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

bool pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

struct alignas(128) Flags {
  std::atomic<bool> start{false};
  alignas(128) std::atomic<bool> stop{false};
};

struct ThreadResult {
  std::uint64_t ops = 0;
  Clock::time_point began, ended;
};

// The operation under test on thread `t`; stride is used by the stride case only.
struct Shared {
  alignas(128) std::atomic<std::uint64_t> word{0};
  alignas(128) std::mutex lock;
  std::uint64_t locked_counter = 0;
  alignas(128) unsigned char slots[64 * 128] = {};
};

template <typename Op>
void run_thread(int cpu, Flags& flags, ThreadResult& out, std::uint64_t check_every, Op op) {
  if (!pin(cpu)) {
    std::fprintf(stderr, "minimal_loop: cannot pin to CPU %d\n", cpu);
    std::exit(2);
  }
  while (!flags.start.load(std::memory_order_acquire)) {
  }
  out.began = Clock::now();
  std::uint64_t n = 0;
  if (check_every == 1) {  // the plain loop, not a batch of one
    while (!flags.stop.load(std::memory_order_relaxed)) {
      op();
      ++n;
    }
  } else {
    while (!flags.stop.load(std::memory_order_relaxed)) {
      for (std::uint64_t i = check_every; i != 0; --i) op();
      n += check_every;
    }
  }
  out.ended = Clock::now();
  out.ops = n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr,
                 "usage: minimal_loop atomic_add|stride:BYTES|cas_add|mutex CPU,CPU MS "
                 "[CHECK_EVERY]\n");
    return 2;
  }
  const std::string which = argv[1];
  std::vector<int> cpus;
  for (char* s = std::strtok(argv[2], ","); s != nullptr; s = std::strtok(nullptr, ",")) {
    cpus.push_back(std::atoi(s));
  }
  const int ms = std::atoi(argv[3]);
  const std::uint64_t check_every = argc == 5 ? std::strtoull(argv[4], nullptr, 10) : 1;
  std::size_t stride = 0;
  if (which.rfind("stride:", 0) == 0) stride = std::strtoul(which.c_str() + 7, nullptr, 10);
  if (cpus.empty() || ms <= 0 || check_every == 0 ||
      (stride != 0 && (stride < 8 || stride * cpus.size() > 64 * 128))) {
    std::fprintf(stderr, "minimal_loop: bad arguments\n");
    return 2;
  }

  auto* shared = new Shared;
  Flags flags;
  std::vector<ThreadResult> results(cpus.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < cpus.size(); ++t) {
    auto* slot = reinterpret_cast<std::atomic<std::uint64_t>*>(shared->slots + t * stride);
    threads.emplace_back([&, t, slot] {
      if (which == "atomic_add") {
        run_thread(cpus[t], flags, results[t], check_every,
                   [&] { shared->word.fetch_add(1, std::memory_order_relaxed); });
      } else if (which == "cas_add") {
        run_thread(cpus[t], flags, results[t], check_every, [&] {
          std::uint64_t v = shared->word.load(std::memory_order_relaxed);
          while (!shared->word.compare_exchange_weak(v, v + 1, std::memory_order_relaxed)) {
          }
        });
      } else if (which == "mutex") {
        run_thread(cpus[t], flags, results[t], check_every, [&] {
          std::lock_guard<std::mutex> guard(shared->lock);
          ++shared->locked_counter;
        });
      } else {
        run_thread(cpus[t], flags, results[t], check_every,
                   [slot] { slot->fetch_add(1, std::memory_order_relaxed); });
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // every thread pinned and waiting
  flags.start.store(true, std::memory_order_release);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  flags.stop.store(true, std::memory_order_relaxed);
  for (auto& t : threads) t.join();

  std::uint64_t total = 0;
  Clock::time_point first = results[0].began, last = results[0].ended;
  for (const auto& r : results) {
    total += r.ops;
    first = std::min(first, r.began);
    last = std::max(last, r.ended);
  }
  const double span_s = std::chrono::duration<double>(last - first).count();
  std::printf("{\"case\": \"%s\", \"check_every\": %llu, \"ops_per_sec\": %.1f, \"thread_ops\": [",
              which.c_str(), static_cast<unsigned long long>(check_every),
              static_cast<double>(total) / span_s);
  for (std::size_t t = 0; t < results.size(); ++t) {
    std::printf("%s%llu", t ? ", " : "", static_cast<unsigned long long>(results[t].ops));
  }
  std::printf("]}\n");
  delete shared;
  return 0;
}
