// The measured kernel: two threads, pinned to the two PUs of a pair, pass one cache line back
// and forth. Each sample times many round trips with the steady clock (a clock read costs as
// much as a handoff, so a single round trip is never timed); one-way latency is half a round trip.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "c2c/schedule.hpp"
#include "topology/topology.hpp"

namespace contend {

enum class PingPongMode {
  kLoadStore,  // wait with acquire loads, answer with a release store
  kCas,        // wait by retrying compare-and-swap: every failed attempt also pulls the line
};

std::string_view to_string(PingPongMode mode);

struct PingPongConfig {
  std::vector<PingPongMode> modes{PingPongMode::kLoadStore};  // measured in this order
  int samples = 200;                                          // timed samples per pair and mode
  std::int64_t round_trips = 0;  // per sample; 0: doubled until a sample lasts min_sample_s
  double min_sample_s = 20e-6;   // long enough that the two clock reads are noise
  double setup_timeout_s = 5;    // the worker group's deadlines, as for `contend run`
  // A round not done this long after its estimated time (times kRoundTimeoutFactor) is
  // stopped; its unfinished pairs fail.
  double stop_timeout_s = 5;
  bool (*cancelled)() noexcept = nullptr;  // polled while the round runs (Ctrl-C)
  bool mute_responder = false;  // tests only: the responder never answers, to prove the timeout
};

// One mode's samples for one pair.
struct ModeSamples {
  PingPongMode mode = PingPongMode::kLoadStore;
  std::vector<double> one_way_ns;  // per sample: elapsed / round trips / 2
  std::int64_t round_trips = 0;    // per sample
};

struct PingPongResult {
  PuPair pair;
  std::vector<ModeSamples> modes;  // config order; empty when the pair failed
  bool migrated = false;           // a thread was seen on another PU than its own
  std::string error;               // pinning refused, ...: one line
};

// Measures the pairs of one round at the same time on one worker group (two workers per pair,
// each pinned to its PU before it touches the line) and returns once all are done or stopped,
// results in `round` order. The pairs must not share a PU; a failed pair reports its error and
// never blocks the others; an unanswered handoff ends at the stop timeout as a failed pair.
// What a schedule should take: every round as long as one pair's samples in every mode (a
// handoff assumed at kAssumedOneWay_ns; auto-sized samples at 1.5x min_sample_s) plus the
// worker group's start. An estimate for --dry-run and the "too long" refusal, not a promise.
inline constexpr double kAssumedOneWay_ns = 100;
// How many times a round's estimate it may take before its pairs are called stuck: a hand-off
// slower than assumed (another socket, a busy or emulated machine) is not a hang.
inline constexpr double kRoundTimeoutFactor = 10;
double estimated_seconds(const std::vector<Round>& rounds, const PingPongConfig& config);

// The round's stop timeout, counted from its release (the pairs end on their own): it outlasts
// the round's own work (thousands of samples of a million round trips take minutes) with room
// for a slow machine, before an unanswered pair is called stuck.
double round_stop_timeout_s(const Round& round, const PingPongConfig& config);

// The error of a pair that an interrupt stopped before it finished: not measured, not failed.
inline constexpr const char* kCancelled = "cancelled";

std::vector<PingPongResult> run_round(const Topology& topology, const Round& round,
                                      const PingPongConfig& config);

}  // namespace contend
