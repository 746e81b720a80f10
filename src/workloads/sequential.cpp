// Sequential references: each family's operation as a plain, single-threaded loop, no atomics
// and no locks, role "reference". The answer to "do you need concurrency at all?": N threads
// with X deliver so many times one thread doing the same work plainly. Run at any thread
// count, each thread has its own state (allocated after pinning) and shares nothing.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "contract/batched_loop.hpp"
#include "workloads/busy_work.hpp"
#include "workloads/config_record.hpp"
#include "workloads/families.hpp"
#include "workloads/handoff.hpp"
#include "workloads/multiword.hpp"

namespace contend {

namespace {

// Keeps the optimiser from folding a plain loop into a closed form: the value is opaque.
inline std::uint64_t opaque(std::uint64_t v) noexcept {
  asm volatile("" : "+r"(v));
  return v;
}

// The counter family's operation: ++count.
struct PlainCounter {
  explicit PlainCounter(const Params&) {}
  std::uint64_t count = 0;
  std::uint64_t op() noexcept { return count = opaque(count) + 1; }
  std::optional<std::string> check(std::uint64_t ops) const {
    if (count == ops) return std::nullopt;
    return fmt::format("count is {} after {} operations", count, ops);
  }
};

// The cas_window family's: read, window_ns of work, write.
struct PlainWindow {
  explicit PlainWindow(const Params& p)
      : work(static_cast<std::uint64_t>(p.integer("window_ns"))) {}
  BusyWork work;
  std::uint64_t value = 0;
  std::uint64_t op() noexcept {
    const std::uint64_t seen = opaque(value);
    const std::uint64_t worked = work.run();
    value = seen + 1;
    return seen + worked;
  }
  std::optional<std::string> check(std::uint64_t ops) const {
    if (value == ops) return std::nullopt;
    return fmt::format("value is {} after {} updates", value, ops);
  }
};

// Countdown to the next write, one in `write_every` operations (0: never), as the shared
// families count it for thread 0.
struct WriteCountdown {
  explicit WriteCountdown(std::int64_t write_every)
      : every(static_cast<std::uint64_t>(write_every)) {}
  std::uint64_t every;
  std::uint64_t left = 1;
  std::uint64_t writes = 0;
  bool due() noexcept {
    if (every == 0 || --left != 0) return false;
    left = every;
    ++writes;
    return true;
  }
};

// The multiword family's: a transfer, or a read of all four balances.
struct PlainBalances {
  explicit PlainBalances(const Params& p) : writes(p.integer("write_every")) {}
  WriteCountdown writes;
  Balances balances;
  MultiwordTally tally;
  std::uint64_t op() noexcept {
    if (writes.due()) {
      balances.apply(Transfer::number(balances.transfers));
      return balances.transfers;
    }
    balances.account[0] = opaque(balances.account[0]);
    return tally.check(balances);
  }
  std::optional<std::string> check(std::uint64_t) const {
    if (tally.torn == 0 && balances.transfers == writes.writes) return std::nullopt;
    return fmt::format("{} torn reads, {} transfers of {}", tally.torn, balances.transfers,
                       writes.writes);
  }
};

// The read_mostly family's: read the config and do read_ns of work, or publish a new one.
struct PlainConfig {
  explicit PlainConfig(const Params& p)
      : writes(p.integer("write_every")), work(static_cast<std::uint64_t>(p.integer("read_ns"))) {}
  WriteCountdown writes;
  BusyWork work;
  ConfigRecord config = ConfigRecord::make(1);
  ReaderTally tally;
  std::uint64_t op() noexcept {
    if (writes.due()) {
      config = ConfigRecord::make(config.version + 1);
      return config.version;
    }
    config.limit = opaque(config.limit);
    return tally.check(config) + work.run();
  }
  std::optional<std::string> check(std::uint64_t) const {
    if (tally.bad_reads == 0 && config.version == writes.writes + 1) return std::nullopt;
    return fmt::format("{} bad reads, version {} after {} writes", tally.bad_reads, config.version,
                       writes.writes);
  }
};

// The handoff family's: put an item in a plain ring and take it out again.
struct PlainQueue {
  static constexpr bool kItemsPerOp = true;  // one item in and out per operation
  explicit PlainQueue(const Params& p) : items(static_cast<std::size_t>(p.integer("capacity"))) {}
  std::vector<Item> items;
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t op() noexcept {
    const std::uint64_t seq = tail + 1;
    items[opaque(tail++) % items.size()] = Item::make(0, seq, 0);
    const Item item = items[head++ % items.size()];
    if (item.seq() != seq) ++out_of_order;
    return item.seq();
  }
  std::optional<std::string> check(std::uint64_t ops) const {
    if (out_of_order == 0 && head == ops && tail == ops) return std::nullopt;
    return fmt::format("{} items out of order, {} in and {} out after {} operations", out_of_order,
                       tail, head, ops);
  }
};

template <typename Plain>
class Sequential final : public Workload {
 public:
  explicit Sequential(const Params& params) : params_(params) {}
  void reset(int threads) override {
    states_.clear();
    states_.resize(static_cast<std::size_t>(threads));
  }
  void prepare_thread(int thread) override {
    states_[static_cast<std::size_t>(thread)] = std::make_unique<Padded>(params_);
  }
  void run(WorkerContext& ctx) noexcept override {
    Plain& state = states_[static_cast<std::size_t>(ctx.thread())]->plain;
    run_batched(ctx, [&state] { return state.op(); });
  }
  Verification verify(std::span<const ThreadCounters> counters) const override {
    for (std::size_t t = 0; t < counters.size(); ++t) {
      if (auto error = states_[t]->plain.check(counters[t].ops)) {
        return {false, fmt::format("thread {}: {}", t, *error)};
      }
    }
    return {};
  }
  // A queue's reference reports items_per_sec, the figure its family is ranked by, so the
  // advice can hold the concurrent queues against it.
  void add_metrics(std::span<const ThreadCounters> counters, double duration_s,
                   Metrics& out) const override {
    if constexpr (requires { Plain::kItemsPerOp; }) {
      if (duration_s > 0)
        out["items_per_sec"] = static_cast<double>(total_ops(counters)) / duration_s;
    }
  }

 private:
  struct alignas(kCacheLineBytes) Padded {
    explicit Padded(const Params& p) : plain(p) {}
    Plain plain;
  };
  Params params_;
  std::vector<std::unique_ptr<Padded>> states_;
};

template <typename Plain>
std::unique_ptr<Workload> make(const Params& p) {
  return std::make_unique<Sequential<Plain>>(p);
}

// The same parameter as the family's own workloads, so the reference sits at its condition.
ParamSpec param_of(const std::vector<WorkloadInfo>& family, std::string_view name) {
  for (const auto& info : family) {
    for (const auto& spec : info.params) {
      if (spec.name == name) return spec;
    }
  }
  throw std::logic_error(fmt::format("no family workload has a parameter '{}'", name));
}

}  // namespace

std::vector<WorkloadInfo> sequential_workloads() {
  constexpr auto kReference = WorkloadRole::kReference;
  const char* plain = "a plain single-threaded loop (each thread its own state, nothing shared)";
  return {
      {"seq_counter",
       "counter",
       fmt::format("++count on a plain uint64: {}", plain),
       "each thread's count == its operations",
       {},
       make<PlainCounter>,
       kReference},
      {"seq_window",
       "cas_window",
       fmt::format("read, window_ns of work, write: {}", plain),
       "each thread's value == its updates",
       {param_of(cas_window_workloads(), "window_ns")},
       make<PlainWindow>,
       kReference},
      {"seq_multiword",
       "multiword",
       fmt::format("transfers and reads of plain balances: {}", plain),
       "every read sums to the total; the record holds every transfer",
       {param_of(multiword_workloads(), "write_every")},
       make<PlainBalances>,
       kReference},
      {"seq_config",
       "read_mostly",
       fmt::format("reads and rewrites of a plain config: {}", plain),
       "no read saw a torn config; final version == writes + 1",
       {param_of(read_mostly_workloads(), "write_every"),
        param_of(read_mostly_workloads(), "read_ns")},
       make<PlainConfig>,
       kReference},
      {"seq_handoff",
       "handoff",
       fmt::format("push then pop on a plain ring: {}", plain),
       "every item taken out once, in order",
       {param_of(handoff_workloads(), "capacity")},
       make<PlainQueue>,
       kReference},
  };
}

}  // namespace contend
