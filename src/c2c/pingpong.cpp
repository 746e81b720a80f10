#include "c2c/pingpong.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>

#include "platform/clock.hpp"
#include "platform/cpu_relax.hpp"
#include "platform/layout.hpp"
#include "platform/pinning.hpp"
#include "runner/worker_group.hpp"

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

// The hot waits look at the stop flag once every kStopCheckSpins spins: rarely enough to cost
// nothing next to a handoff, often enough that an unanswered one ends soon after the stop.
constexpr unsigned kStopCheckSpins = 256;

bool stop_seen(unsigned& spins, const std::atomic<bool>& stop) noexcept {
  return (++spins % kStopCheckSpins) == 0 && stop.load(std::memory_order_relaxed);
}

// Waits (politely: nothing is timed here) until `done`; false when stopped first.
template <typename Done>
bool wait_until(Done done, const std::atomic<bool>& stop) noexcept {
  for (unsigned spins = 0; !done();) {
    cpu_relax();
    if (stop_seen(spins, stop)) return false;
  }
  return true;
}

// The hot loops spin without cpu_relax(): a pause costs up to ~140 cycles on recent x86 cores
// and would be added to every handoff we measure.
// Returns the next ping value, or 0 when stopped waiting for an answer.
template <PingPongMode kMode>
std::uint64_t ping(std::atomic<std::uint64_t>& line, std::uint64_t next, std::int64_t round_trips,
                   const std::atomic<bool>& stop) noexcept {
  unsigned spins = 0;
  for (std::int64_t i = 0; i < round_trips; ++i, next += 2) {
    if constexpr (kMode == PingPongMode::kLoadStore) {
      line.store(next, std::memory_order_release);
      while (line.load(std::memory_order_acquire) != next + 1) {
        if (stop_seen(spins, stop)) return 0;
      }
    } else {
      // Succeeds only once the line holds the responder's answer to the previous ping.
      std::uint64_t expected = next - 1;
      while (!line.compare_exchange_strong(expected, next, std::memory_order_acq_rel,
                                           std::memory_order_acquire)) {
        if (stop_seen(spins, stop)) return 0;
        expected = next - 1;
      }
    }
  }
  return next;
}

template <PingPongMode kMode>
void pong(std::atomic<std::uint64_t>& line, const std::atomic<bool>& stop) noexcept {
  std::uint64_t expect = 1;
  for (unsigned spins = 0; !stop_seen(spins, stop);) {
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
// line, and resets it for the next mode. False when stopped first.
bool finish_mode(std::atomic<std::uint64_t>& line, std::uint64_t next,
                 const std::atomic<bool>& stop) noexcept {
  if (!wait_until([&] { return line.load(std::memory_order_acquire) == next - 1; }, stop)) {
    return false;
  }
  line.store(kStop, std::memory_order_release);
  if (!wait_until([&] { return line.load(std::memory_order_acquire) == kStopped; }, stop)) {
    return false;
  }
  line.store(0, std::memory_order_release);
  return true;
}

// Fills `out`, whose sample vector was reserved in set-up: nothing here may throw once the
// other thread depends on us to end the mode. False when stopped before the mode was done.
template <PingPongMode kMode>
bool measure(std::atomic<std::uint64_t>& line, const PingPongConfig& config, ModeSamples& out,
             const std::atomic<bool>& stop) noexcept {
  out.mode = kMode;
  std::uint64_t next = 1;
  const auto timed_s = [&](std::int64_t round_trips) {
    const auto start = SteadyClock::now();
    if (next != 0) next = ping<kMode>(line, next, round_trips, stop);
    return seconds_between(start, SteadyClock::now());
  };
  timed_s(kWarmupRoundTrips);
  std::int64_t round_trips = config.round_trips;
  if (round_trips <= 0) {
    // Two short timings in a row, so one slow first sample cannot stop the doubling early.
    round_trips = kFirstRoundTrips;
    while (next != 0 && round_trips < kMaxRoundTrips &&
           std::min(timed_s(round_trips), timed_s(round_trips)) < config.min_sample_s) {
      round_trips *= 2;
    }
  }
  out.round_trips = round_trips;
  for (int s = 0; s < config.samples && next != 0; ++s) {
    out.one_way_ns.push_back(timed_s(round_trips) * 1e9 / static_cast<double>(round_trips) / 2);
  }
  return next != 0 && finish_mode(line, next, stop);
}

bool on_pu(int pu) noexcept {
  const int now = current_pu();
  return now < 0 || now == pu;  // an OS that cannot say is not evidence of migration
}

// The pairs of one round on one worker group: worker 2k starts pair k's handoffs (and owns its
// line, allocated on its PU), worker 2k+1 answers them.
class RoundWork final : public GroupWork {
 public:
  RoundWork(const Round& round, const PingPongConfig& config) : config_(config) {
    for (const PuPair& pair : round) {
      Pair& p = pairs_.emplace_back();
      p.result.pair = pair;
    }
  }

  void setup(int thread) override {
    if (thread % 2 == 1) return;
    Pair& p = pair_of(thread);
    p.line = std::make_unique<PingPongLine>();  // pinned already: first touch on a's node
    p.result.modes.resize(config_.modes.size());
    for (ModeSamples& m : p.result.modes) {
      m.one_way_ns.reserve(static_cast<std::size_t>(config_.samples));
    }
  }

  void run(int thread, const StartLine& start) override {
    const int partner = thread ^ 1;
    if (!start.is_ready(partner)) return;  // the group reports the partner's error
    Pair& p = pair_of(thread);
    if (thread % 2 == 0) {
      initiate(p, start.stop_flag());
    } else {
      respond(p, start.stop_flag());
    }
  }

  std::vector<PingPongResult> results(const GroupOutcome& outcome) {
    std::vector<PingPongResult> out;
    for (std::size_t k = 0; k < pairs_.size(); ++k) {
      PingPongResult& result = pairs_[k].result;
      std::string setup_error;
      for (std::size_t t : {2 * k, 2 * k + 1}) {
        if (setup_error.empty() && t < outcome.setup_errors.size()) {
          setup_error = outcome.setup_errors[t];
        }
      }
      if (!setup_error.empty()) {
        result.error = setup_error;
      } else if (outcome.cancelled && !pairs_[k].finished) {
        // The stop was the user's (an interrupt), not a partner that went silent: the pair
        // was not measured, which is not a failure of the pair (kCancelled).
        result.error = kCancelled;
      }
      if (!result.error.empty()) result.modes.clear();
      result.migrated = result.migrated || pairs_[k].responder_migrated;
      out.push_back(std::move(result));
    }
    return out;
  }

 private:
  struct Pair {
    std::unique_ptr<PingPongLine> line;
    PingPongResult result;
    bool responder_migrated = false;
    bool finished = false;  // the initiator measured every mode
  };

  Pair& pair_of(int thread) { return pairs_[static_cast<std::size_t>(thread / 2)]; }

  void initiate(Pair& p, const std::atomic<bool>& stop) {
    bool stayed = on_pu(p.result.pair.a);
    for (std::size_t i = 0; i < config_.modes.size(); ++i) {
      const bool done =
          config_.modes[i] == PingPongMode::kCas
              ? measure<PingPongMode::kCas>(p.line->value, config_, p.result.modes[i], stop)
              : measure<PingPongMode::kLoadStore>(p.line->value, config_, p.result.modes[i], stop);
      if (!done) {
        p.result.error =
            fmt::format("PU {} did not answer PU {} before the stop ({} mode unfinished)",
                        p.result.pair.b, p.result.pair.a, to_string(config_.modes[i]));
        return;
      }
    }
    p.result.migrated = !(stayed && on_pu(p.result.pair.a));
    p.finished = true;
  }

  void respond(Pair& p, const std::atomic<bool>& stop) {
    if (config_.mute_responder) return;
    bool stayed = on_pu(p.result.pair.b);
    std::atomic<std::uint64_t>& line = p.line->value;
    for (PingPongMode mode : config_.modes) {
      if (mode == PingPongMode::kCas) {
        pong<PingPongMode::kCas>(line, stop);
      } else {
        pong<PingPongMode::kLoadStore>(line, stop);
      }
    }
    p.responder_migrated = !(stayed && on_pu(p.result.pair.b));
  }

  PingPongConfig config_;
  std::vector<Pair> pairs_;
};

}  // namespace

std::string_view to_string(PingPongMode mode) {
  return mode == PingPongMode::kCas ? "cas" : "load_store";
}

double estimated_seconds(const std::vector<Round>& rounds, const PingPongConfig& config) {
  constexpr double kRoundStart_s = 2e-3;  // threads started, pinned, set up
  const double sample_s = config.round_trips > 0 ? static_cast<double>(config.round_trips) * 2 *
                                                       kAssumedOneWay_ns * 1e-9
                                                 : 1.5 * config.min_sample_s;
  const double pair_s =
      static_cast<double>(config.modes.size()) * static_cast<double>(config.samples) * sample_s;
  return static_cast<double>(rounds.size()) * (pair_s + kRoundStart_s);
}

double round_stop_timeout_s(const Round& round, const PingPongConfig& config) {
  return config.stop_timeout_s + kRoundTimeoutFactor * estimated_seconds({round}, config);
}

std::vector<PingPongResult> run_round(const Topology& topology, const Round& round,
                                      const PingPongConfig& config) {
  auto work = std::make_shared<RoundWork>(round, config);
  WorkerGroupConfig group;
  for (const PuPair& pair : round) {
    group.pus.push_back(pair.a);
    group.pus.push_back(pair.b);
  }
  group.setup_timeout_s = config.setup_timeout_s;
  group.stop_timeout_s = round_stop_timeout_s(round, config);
  group.all_or_nothing = false;
  group.cancelled = config.cancelled;
  const GroupOutcome outcome = run_worker_group(work, topology, group);
  if (outcome.abandoned) {
    // Its workers may still touch `work`: report every pair of the round as failed.
    std::vector<PingPongResult> failed;
    for (const PuPair& pair : round) failed.push_back({pair, {}, false, outcome.error});
    return failed;
  }
  return work->results(outcome);
}

}  // namespace contend
