// Does using fetch_add's result change a contended loop's throughput? Two threads pinned to
// CPUs 0 and 1 hammer one shared word for DURATION_MS, in one of four variants:
//   0  fetch_add, result discarded, stop flag checked every op     (x86: lock add)
//   1  fetch_add, result summed into a sink, stop checked every op (x86: lock xadd)
//   2  as 1, stop checked every BATCH ops (contend's shape before the fix)
//   3  as 0, stop checked every BATCH ops (contend's shape after the fix)
//
//   fetch_add_result VARIANT DURATION_MS [BATCH]
//
// Prints the total Mops/s and each thread's operations. Run the variants interleaved several
// times on a quiet machine; bench/results/fidelity_interleaved-2vcpu-x86.txt quotes them.
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

struct alignas(128) Flags {
  std::atomic<bool> start{false};
  alignas(128) std::atomic<bool> stop{false};
};

struct alignas(128) Shared {
  std::atomic<std::uint64_t> word{0};
};

std::atomic<std::uint64_t> all_sinks{0};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fetch_add_result 0|1|2|3 DURATION_MS [BATCH]\n");
    return 2;
  }
  const int variant = std::atoi(argv[1]);
  const int ms = std::atoi(argv[2]);
  const std::uint64_t batch = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 256;
  auto* shared = new Shared;
  Flags flags;
  std::uint64_t ops[2] = {0, 0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      pin(t);
      while (!flags.start.load(std::memory_order_acquire)) {
      }
      std::uint64_t n = 0;
      std::uint64_t sink = 0;
      auto& word = shared->word;
      auto& stop = flags.stop;
      if (variant == 0) {
        for (; !stop.load(std::memory_order_relaxed); ++n)
          word.fetch_add(1, std::memory_order_relaxed);
      } else if (variant == 1) {
        for (; !stop.load(std::memory_order_relaxed); ++n) {
          sink += word.fetch_add(1, std::memory_order_relaxed);
        }
      } else {
        for (; !stop.load(std::memory_order_relaxed); n += batch) {
          for (std::uint64_t k = 0; k < batch; ++k) {
            if (variant == 2) {
              sink += word.fetch_add(1, std::memory_order_relaxed);
            } else {
              word.fetch_add(1, std::memory_order_relaxed);
            }
          }
        }
      }
      ops[t] = n;
      all_sinks += sink;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto began = Clock::now();
  flags.start.store(true, std::memory_order_release);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  flags.stop.store(true, std::memory_order_relaxed);
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - began).count();
  std::printf("variant %d batch %llu: %.1f Mops/s [%llu %llu]\n", variant,
              static_cast<unsigned long long>(batch),
              static_cast<double>(ops[0] + ops[1]) / seconds / 1e6,
              static_cast<unsigned long long>(ops[0]), static_cast<unsigned long long>(ops[1]));
  delete shared;
  return 0;
}
