// Independent check for `contend c2c`: a minimal ping-pong between two PUs with its own code
// (no contend_core), so the tool's figures can be compared with a second implementation.
//
//   c2c_pingpong CPU_A CPU_B [load_store|cas] [SAMPLES] [ROUND_TRIPS]
//
// Prints the one-way latency (round trip / 2) in ns: minimum and median over SAMPLES samples,
// each timing ROUND_TRIPS round trips. Protocol: A publishes an odd number, B answers with the
// next even one; in cas mode each side waits by retrying compare-and-swap.
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <thread>
#include <vector>

namespace {

struct alignas(64) Line {
  std::atomic<std::uint64_t> v{0};
};
static_assert(sizeof(Line) == 64 && alignof(Line) == 64);

bool pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

// Blocks until the line holds `want`, then (cas: atomically) replaces it with `put`.
void handoff(Line& line, bool cas, std::uint64_t want, std::uint64_t put) {
  if (cas) {
    std::uint64_t seen = want;
    while (!line.v.compare_exchange_strong(seen, put)) seen = want;
  } else {
    while (line.v.load(std::memory_order_acquire) != want) {
    }
    line.v.store(put, std::memory_order_release);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s CPU_A CPU_B [load_store|cas] [SAMPLES] [ROUND_TRIPS]\n",
                 argv[0]);
    return 2;
  }
  const int cpu_a = std::atoi(argv[1]);
  const int cpu_b = std::atoi(argv[2]);
  const bool cas = argc > 3 && std::strcmp(argv[3], "cas") == 0;
  const int samples = argc > 4 ? std::atoi(argv[4]) : 200;
  const long trips = argc > 5 ? std::atol(argv[5]) : 100;
  const long warmup = 1000;
  if (samples < 1 || trips < 1) {
    std::fprintf(stderr, "SAMPLES and ROUND_TRIPS must be positive\n");
    return 2;
  }
  const std::uint64_t total = static_cast<std::uint64_t>(warmup + samples * trips);

  // A page of its own: heap neighbours written by either thread (the sample vector, the
  // thread's state) would otherwise share the line's prefetch pair and slow every handoff.
  void* page = std::aligned_alloc(4096, 4096);
  if (page == nullptr) return 1;
  Line* line = new (page) Line;
  bool b_pinned = false;
  // Captures by value: a reference into main's stack would be re-read after every acquire
  // load, from a cache line the other thread writes.
  std::thread b([line, cas, total, cpu_b, &b_pinned] {
    b_pinned = pin(cpu_b);
    for (std::uint64_t i = 0; i < total; ++i) handoff(*line, cas, 2 * i + 1, 2 * i + 2);
  });
  if (!pin(cpu_a)) {
    std::fprintf(stderr, "cannot pin to CPU %d\n", cpu_a);
    std::_Exit(1);
  }
  std::uint64_t i = 0;
  for (; i < static_cast<std::uint64_t>(warmup); ++i) handoff(*line, cas, 2 * i, 2 * i + 1);
  std::vector<double> one_way_ns;
  for (int s = 0; s < samples; ++s) {
    const auto t0 = std::chrono::steady_clock::now();
    for (long k = 0; k < trips; ++k, ++i) handoff(*line, cas, 2 * i, 2 * i + 1);
    const auto t1 = std::chrono::steady_clock::now();
    one_way_ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / trips / 2);
  }
  b.join();
  line->~Line();
  std::free(page);
  if (!b_pinned) {
    std::fprintf(stderr, "cannot pin to CPU %d\n", cpu_b);
    return 1;
  }
  std::sort(one_way_ns.begin(), one_way_ns.end());
  std::printf("%s %d-%d: one-way min %.1f ns, median %.1f ns (%d samples x %ld round trips)\n",
              cas ? "cas" : "load_store", cpu_a, cpu_b, one_way_ns.front(),
              one_way_ns[one_way_ns.size() / 2], samples, trips);
  return 0;
}
