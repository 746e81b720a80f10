// The empty workload: the measured loop with no shared operation in it. Its ns_per_op is what
// the harness itself costs per operation (batching, stop checks, sampling, the sink), the
// floor under every other figure.
#include <fmt/format.h>

#include <memory>

#include "contract/batched_loop.hpp"
#include "workloads/families.hpp"

namespace contend {

namespace {

// 1 + 2 + ... + n, modulo 2^64 like the sink that accumulates it.
std::uint64_t triangular(std::uint64_t n) {
  return n % 2 == 0 ? (n / 2) * (n + 1) : n * ((n + 1) / 2);
}

class EmptyWorkload final : public Workload {
 public:
  void reset(int) override {}
  void run(WorkerContext& ctx) noexcept override {
    std::uint64_t local = 0;
    run_batched(ctx, [&local] {
      ++local;
      // Hides the value from the optimiser: without it the loop folds into a closed form.
      asm volatile("" : "+r"(local));
      return local;
    });
  }
  // The op returns 1, 2, 3, ... in turn: the sink proves each counted op really ran.
  Verification verify(std::span<const ThreadCounters> counters) const override {
    for (std::size_t t = 0; t < counters.size(); ++t) {
      const std::uint64_t expected = triangular(counters[t].ops);
      if (counters[t].sink != expected) {
        return {false, fmt::format("thread {} sink is {} but {} operations should sum to {}", t,
                                   counters[t].sink, counters[t].ops, expected)};
      }
    }
    return {};
  }
};

}  // namespace

std::vector<WorkloadInfo> empty_workloads() {
  return {{"empty",
           "empty",
           "the measured loop with no shared operation: the harness's own cost per op",
           "each thread's sink == 1 + 2 + ... + its operations (every counted op ran)",
           {},
           [](const Params&) -> std::unique_ptr<Workload> {
             return std::make_unique<EmptyWorkload>();
           },
           WorkloadRole::kReference}};
}

}  // namespace contend
