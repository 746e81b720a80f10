#include "c2c/pingpong.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <system_error>
#include <thread>

#include "runner/clock.hpp"
#include "topology/pinning.hpp"
#include "workloads/cpu_relax.hpp"
#include "workloads/layout.hpp"

namespace contend {

namespace {

// The line the pair passes back and forth, alone on its cache line so that nothing else either
// thread touches travels with it. Padded to the 128-byte pair that adjacent-line prefetchers
// move together, so the sample vector allocated next to it cannot ride along either.
struct alignas(kWideLineBytes) PingPongLine {
  std::atomic<std::uint64_t> value{0};
};
static_assert(kWideLineBytes % kCacheLineBytes == 0);
static_assert(alignof(PingPongLine) == kWideLineBytes);
static_assert(sizeof(PingPongLine) == kWideLineBytes);
static_assert(offsetof(PingPongLine, value) == 0);
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

// On the line the initiator writes odd numbers and the responder answers with the next even
// one. Two values outside that sequence end a mode.
constexpr std::uint64_t kStop = ~std::uint64_t{0};  // initiator: this mode is over
constexpr std::uint64_t kStopped = kStop - 1;       // responder: seen; I no longer write

constexpr std::int64_t kWarmupRoundTrips = 256;
constexpr std::int64_t kFirstRoundTrips = 16;
constexpr std::int64_t kMaxRoundTrips = std::int64_t{1} << 22;

// Set-up hand-shake between the two threads of a pair; never touched while timing.
enum class Stage { kPending, kReady, kFailed };

struct PairRun {
  PuPair pair;
  std::atomic<Stage> initiator{Stage::kPending};
  std::atomic<Stage> responder{Stage::kPending};
  std::atomic<PingPongLine*> line{nullptr};  // published before `initiator` becomes kReady
  PingPongResult result;
  std::string responder_error;
  bool responder_migrated = false;
};

// Set-up waits spin (both threads own their PU) but yield now and then, in case they do not.
template <typename Done>
void wait_until(Done done) noexcept {
  for (unsigned spins = 0; !done(); ++spins) {
    cpu_relax();
    if ((spins & 1023u) == 1023u) sched_yield();
  }
}

// The hot loops spin without cpu_relax(): a pause costs up to ~140 cycles on recent x86 cores
// and would be added to every handoff we measure.
template <PingPongMode kMode>
std::uint64_t ping(std::atomic<std::uint64_t>& line, std::uint64_t next,
                   std::int64_t round_trips) noexcept {
  for (std::int64_t i = 0; i < round_trips; ++i, next += 2) {
    if constexpr (kMode == PingPongMode::kLoadStore) {
      line.store(next, std::memory_order_release);
      while (line.load(std::memory_order_acquire) != next + 1) {
      }
    } else {
      // Succeeds only once the line holds the responder's answer to the previous ping.
      std::uint64_t expected = next - 1;
      while (!line.compare_exchange_strong(expected, next, std::memory_order_acq_rel,
                                           std::memory_order_acquire)) {
        expected = next - 1;
      }
    }
  }
  return next;
}

template <PingPongMode kMode>
void pong(std::atomic<std::uint64_t>& line) noexcept {
  std::uint64_t expect = 1;
  for (;;) {
    if constexpr (kMode == PingPongMode::kLoadStore) {
      const std::uint64_t seen = line.load(std::memory_order_acquire);
      if (seen == expect) {
        line.store(expect + 1, std::memory_order_release);
        expect += 2;
      } else if (seen == kStop) {
        break;
      }
    } else {
      std::uint64_t seen = expect;
      if (line.compare_exchange_strong(seen, expect + 1, std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
        expect += 2;
      } else if (seen == kStop) {
        break;
      }
    }
  }
  line.store(kStopped, std::memory_order_release);
}

// Ends a mode: waits for the last answer, stops the responder, waits until it let go of the
// line, and resets it for the next mode.
void finish_mode(std::atomic<std::uint64_t>& line, std::uint64_t next) noexcept {
  wait_until([&] { return line.load(std::memory_order_acquire) == next - 1; });
  line.store(kStop, std::memory_order_release);
  wait_until([&] { return line.load(std::memory_order_acquire) == kStopped; });
  line.store(0, std::memory_order_release);
}

// Fills `out`, whose sample vector was reserved before the responder was released: nothing
// here may throw once the other thread depends on us to end the mode.
template <PingPongMode kMode>
void measure(std::atomic<std::uint64_t>& line, const PingPongConfig& config,
             ModeSamples& out) noexcept {
  out.mode = kMode;
  std::uint64_t next = 1;
  const auto timed_s = [&](std::int64_t round_trips) {
    const auto start = SteadyClock::now();
    next = ping<kMode>(line, next, round_trips);
    return seconds_between(start, SteadyClock::now());
  };
  timed_s(kWarmupRoundTrips);
  std::int64_t round_trips = config.round_trips;
  if (round_trips <= 0) {
    // Two short timings in a row, so one slow first sample cannot stop the doubling early.
    round_trips = kFirstRoundTrips;
    while (round_trips < kMaxRoundTrips &&
           std::min(timed_s(round_trips), timed_s(round_trips)) < config.min_sample_s) {
      round_trips *= 2;
    }
  }
  out.round_trips = round_trips;
  for (int s = 0; s < config.samples; ++s) {
    out.one_way_ns.push_back(timed_s(round_trips) * 1e9 / static_cast<double>(round_trips) / 2);
  }
  finish_mode(line, next);
}

bool on_pu(int pu) noexcept {
  const int now = current_pu();
  return now < 0 || now == pu;  // an OS that cannot say is not evidence of migration
}

void run_initiator(const Topology& topology, PairRun& run, const PingPongConfig& config) {
  PingPongResult& result = run.result;
  std::unique_ptr<PingPongLine> line;
  try {
    pin_current_thread(topology, 0, run.pair.a);
    line = std::make_unique<PingPongLine>();  // after pinning: first touch on a's NUMA node
    result.modes.resize(config.modes.size());
    for (ModeSamples& m : result.modes)
      m.one_way_ns.reserve(static_cast<std::size_t>(config.samples));
  } catch (const std::exception& e) {
    result.error = e.what();
    run.initiator.store(Stage::kFailed, std::memory_order_release);
    return;
  }
  bool stayed = on_pu(run.pair.a);
  wait_until([&] { return run.responder.load(std::memory_order_acquire) != Stage::kPending; });
  if (run.responder.load(std::memory_order_acquire) == Stage::kFailed) {
    run.initiator.store(Stage::kFailed, std::memory_order_release);
    return;
  }
  run.line.store(line.get(), std::memory_order_release);
  run.initiator.store(Stage::kReady, std::memory_order_release);
  for (std::size_t i = 0; i < config.modes.size(); ++i) {
    if (config.modes[i] == PingPongMode::kCas) {
      measure<PingPongMode::kCas>(line->value, config, result.modes[i]);
    } else {
      measure<PingPongMode::kLoadStore>(line->value, config, result.modes[i]);
    }
  }
  stayed = stayed && on_pu(run.pair.a);
  result.migrated = !stayed;
}

void run_responder(const Topology& topology, PairRun& run, const PingPongConfig& config) {
  try {
    pin_current_thread(topology, 1, run.pair.b);
  } catch (const std::exception& e) {
    run.responder_error = e.what();
    run.responder.store(Stage::kFailed, std::memory_order_release);
    return;
  }
  bool stayed = on_pu(run.pair.b);
  run.responder.store(Stage::kReady, std::memory_order_release);
  wait_until([&] { return run.initiator.load(std::memory_order_acquire) != Stage::kPending; });
  if (run.initiator.load(std::memory_order_acquire) == Stage::kFailed) return;
  std::atomic<std::uint64_t>& line = run.line.load(std::memory_order_acquire)->value;
  for (PingPongMode mode : config.modes) {
    if (mode == PingPongMode::kCas) {
      pong<PingPongMode::kCas>(line);
    } else {
      pong<PingPongMode::kLoadStore>(line);
    }
  }
  run.responder_migrated = !(stayed && on_pu(run.pair.b));
}

}  // namespace

std::string_view to_string(PingPongMode mode) {
  return mode == PingPongMode::kCas ? "cas" : "load_store";
}

std::vector<PingPongResult> run_round(const Topology& topology, const Round& round,
                                      const PingPongConfig& config) {
  std::vector<std::unique_ptr<PairRun>> runs;
  std::vector<std::thread> threads;
  threads.reserve(round.size() * 2);
  for (const PuPair& pair : round) {
    auto& run = *runs.emplace_back(std::make_unique<PairRun>());
    run.pair = pair;
    run.result.pair = pair;
    // The responder first: if the initiator cannot be started, marking it failed releases the
    // responder, whereas a missing responder would leave an initiator waiting for ever.
    try {
      threads.emplace_back(run_responder, std::cref(topology), std::ref(run), std::cref(config));
    } catch (const std::system_error& e) {
      run.result.error = std::string("starting a ping-pong thread: ") + e.what();
      continue;
    }
    try {
      threads.emplace_back(run_initiator, std::cref(topology), std::ref(run), std::cref(config));
    } catch (const std::system_error& e) {
      run.result.error = std::string("starting a ping-pong thread: ") + e.what();
      run.initiator.store(Stage::kFailed, std::memory_order_release);
    }
  }
  for (auto& thread : threads) thread.join();
  std::vector<PingPongResult> results;
  results.reserve(runs.size());
  for (auto& run : runs) {
    PingPongResult& result = run->result;
    if (result.error.empty()) result.error = run->responder_error;
    if (!result.error.empty()) result.modes.clear();
    result.migrated = result.migrated || run->responder_migrated;
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace contend
