// The false-sharing family: each thread increments its own counter, the counters `stride`
// bytes apart in one array. At strides below the coherence unit several threads' counters
// share a line and every increment steals it from the others; from 64 (or 128, with the
// adjacent-line prefetcher) bytes on, each counter has its line to itself. Three ways to count:
// a locked fetch_add, the plain increment naive code writes, and a write-only store.
#include <fmt/format.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <new>

#include "contract/batched_loop.hpp"
#include "platform/layout.hpp"
#include "workloads/families.hpp"

namespace contend {

namespace {

using Slot = std::atomic<std::uint64_t>;

constexpr std::int64_t kMinStride = 8;
constexpr std::int64_t kMaxStride = 4096;
// The array starts on a 128-byte boundary, so a stride of 64 puts every counter on its own
// 64-byte line and a stride of 128 on its own 128-byte pair, whatever the allocator returns.
constexpr std::size_t kArrayAlignment = kWideLineBytes;

static_assert(sizeof(Slot) == kMinStride, "the packed layout is one counter every 8 bytes");
static_assert(alignof(Slot) <= kMinStride, "every stride keeps each counter naturally aligned");
static_assert(Slot::is_always_lock_free);
static_assert(kArrayAlignment % kCacheLineBytes == 0 && kArrayAlignment >= kWideLineBytes);
static_assert(kCommonLineBytes / kMinStride == 8, "at stride 8, eight threads share one line");

struct AlignedFree {
  void operator()(std::byte* p) const noexcept {
    ::operator delete[](p, std::align_val_t{kArrayAlignment});
  }
};

enum class Op { kAtomicAdd, kIncrement, kStore };

// Counter t lives at byte offset t * stride from a 128-byte-aligned base.
template <Op kOp>
class FalseSharing final : public Workload {
 public:
  explicit FalseSharing(std::size_t stride) : stride_(stride) {}

  void reset(int threads) override {
    const std::size_t bytes = static_cast<std::size_t>(threads) * stride_;
    array_.reset(
        static_cast<std::byte*>(::operator new[](bytes, std::align_val_t{kArrayAlignment})));
    threads_ = threads;
    for (int t = 0; t < threads; ++t) new (slot_address(t)) Slot(0);
  }
  void run(WorkerContext& ctx) noexcept override {
    Slot& slot = slot_at(ctx.thread());
    if constexpr (kOp == Op::kAtomicAdd) {
      run_batched(ctx, [&slot] { slot.fetch_add(1, std::memory_order_relaxed); });
    } else if constexpr (kOp == Op::kIncrement) {
      // What `counts[thread]++` compiles to: a plain load, add and store, no locked
      // instruction. Safe with one writer per slot; the load needs the line back each time a
      // neighbour's write took it away.
      run_batched(ctx, StoreOp{[&slot] {
                    const std::uint64_t next = slot.load(std::memory_order_relaxed) + 1;
                    slot.store(next, std::memory_order_relaxed);
                    return next;
                  }});
    } else {
      // Write-only: a plain store of a local count. The store buffer absorbs the line's trips
      // between cores, so this shows how much of false sharing's cost a write-only stream hides.
      std::uint64_t count = 0;
      run_batched(ctx, StoreOp{[&slot, &count] {
                    slot.store(++count, std::memory_order_relaxed);
                    return count;
                  }});
    }
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    for (std::size_t t = 0; t < counters.size(); ++t) {
      const std::uint64_t value = slot_at(static_cast<int>(t)).load();
      if (value != counters[t].ops) {
        return {false, fmt::format("slot {} holds {} but its thread performed {} operations", t,
                                   value, counters[t].ops)};
      }
    }
    return {};
  }
  void add_metrics(std::span<const ThreadCounters>, double, Metrics& out) const override {
    // How many threads' counters share one 64-byte line: the figure the stride chart explains.
    const auto per_line = std::max<std::size_t>(1, kCommonLineBytes / stride_);
    out["threads_per_cache_line"] =
        static_cast<double>(std::min<std::size_t>(per_line, static_cast<std::size_t>(threads_)));
  }
  std::vector<MemoryArea> shared_state() const override {
    return {{array_.get(), static_cast<std::size_t>(threads_) * stride_}};
  }

 private:
  std::byte* slot_address(int thread) const noexcept {
    return array_.get() + static_cast<std::size_t>(thread) * stride_;
  }
  Slot& slot_at(int thread) const noexcept {
    return *std::launder(reinterpret_cast<Slot*>(slot_address(thread)));
  }

  std::size_t stride_;
  int threads_ = 0;
  std::unique_ptr<std::byte, AlignedFree> array_;
};

}  // namespace

std::vector<WorkloadInfo> false_sharing_workloads() {
  ParamSpec stride{"stride",   "bytes between two threads' counters",
                   {},         std::int64_t{kMinStride},
                   kMinStride, kMaxStride};
  stride.power_of_two = true;
  const ParamSpec op{"op",
                     "atomic_add: fetch_add; increment: plain load+add+store (counts[t]++); "
                     "store: plain store of a local count",
                     {"atomic_add", "increment", "store"},
                     std::string("atomic_add")};
  return {
      {"false_sharing",
       "false_sharing",
       "per-thread counters `stride` bytes apart in one 128-byte-aligned array",
       "each thread's slot == its operations",
       {stride, op},
       [](const Params& p) -> std::unique_ptr<Workload> {
         const auto bytes = static_cast<std::size_t>(p.integer("stride"));
         if (p.text("op") == "increment") {
           return std::make_unique<FalseSharing<Op::kIncrement>>(bytes);
         }
         if (p.text("op") == "store") return std::make_unique<FalseSharing<Op::kStore>>(bytes);
         return std::make_unique<FalseSharing<Op::kAtomicAdd>>(bytes);
       },
       WorkloadRole::kCandidate,
       "one operation; op=increment and op=store are fenced after their store (a sample covers "
       "the store reaching the line, not its issue)"},
  };
}

}  // namespace contend
