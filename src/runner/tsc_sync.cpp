#include "runner/tsc_sync.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>

#include "platform/clock.hpp"
#include "platform/cpu_relax.hpp"
#include "platform/layout.hpp"
#include "runner/worker_group.hpp"

namespace contend {

namespace {

constexpr int kMaxRounds = 2000;
// The whole check stays well under a second however many PUs there are.
constexpr double kMaxBudgetPerPu_s = 0.01;
constexpr double kTotalBudget_s = 0.25;
constexpr std::uint64_t kDone = std::numeric_limits<std::uint64_t>::max();
// A probe pair that has not met or finished by then (a host that starves a vCPU) is skipped.
constexpr double kProbeTimeout_s = 1.0;

// The line both threads bounce: the reference writes an odd sequence number, the probe
// answers with its counter reading and the next even one.
struct alignas(kCacheLineBytes) Mailbox {
  std::atomic<std::uint64_t> seq{0};
  std::atomic<std::uint64_t> ticks{0};
};

// What the exchanges with one PU proved about its counter minus the reference's, in ticks.
struct PairBounds {
  double low = -std::numeric_limits<double>::infinity();  // offset >= low
  double high = std::numeric_limits<double>::infinity();  // offset <= high
  double best_round_trip = std::numeric_limits<double>::infinity();
  double best_offset = 0;  // midpoint estimate from the shortest round trip
  bool ok = false;
};

// Waits for `done`, giving up when the worker group raises its stop flag.
template <typename Done>
bool wait_until(Done done, const std::atomic<bool>& stop) noexcept {
  for (unsigned spins = 0; !done(); ++spins) {
    cpu_relax();
    if ((spins & 255u) == 255u && stop.load(std::memory_order_relaxed)) return false;
  }
  return true;
}

// Worker 0 is the reference, worker 1 the probe, on the worker group.
class SkewWork final : public GroupWork {
 public:
  explicit SkewWork(double budget_s) : budget_s_(budget_s) {}

  void run(int thread, const StartLine& start) override {
    if (!start.is_ready(thread ^ 1)) return;
    if (thread == 0) {
      reference(start.stop_flag());
    } else {
      probe(start.stop_flag());
    }
  }

  PairBounds bounds;  // read after the group joined its workers

 private:
  void probe(const std::atomic<bool>& stop) noexcept {
    for (std::uint64_t expect = 1;; expect += 2) {
      std::uint64_t seen = 0;
      if (!wait_until(
              [&] {
                seen = box_.seq.load(std::memory_order_acquire);
                return seen == expect || seen == kDone;
              },
              stop) ||
          seen == kDone) {
        return;
      }
      box_.ticks.store(ticks_begin(), std::memory_order_relaxed);
      box_.seq.store(expect + 1, std::memory_order_release);
    }
  }

  void reference(const std::atomic<bool>& stop) noexcept {
    const auto start = SteadyClock::now();
    for (std::uint64_t round = 1; round <= kMaxRounds; ++round) {
      if (round % 64 == 0 && seconds_between(start, SteadyClock::now()) > budget_s_) break;
      const std::uint64_t before = ticks_begin();
      box_.seq.store(2 * round - 1, std::memory_order_release);
      if (!wait_until([&] { return box_.seq.load(std::memory_order_acquire) == 2 * round; },
                      stop)) {
        return;
      }
      const std::uint64_t after = ticks_end();
      const std::uint64_t probe = box_.ticks.load(std::memory_order_relaxed);
      // The probe read its counter after `before` and before `after` (real time): if its
      // counter is ours plus `offset`, then probe - after <= offset <= probe - before.
      const double lo = static_cast<double>(static_cast<std::int64_t>(probe - after));
      const double hi = static_cast<double>(static_cast<std::int64_t>(probe - before));
      bounds.low = std::max(bounds.low, lo);
      bounds.high = std::min(bounds.high, hi);
      if (hi - lo < bounds.best_round_trip) {
        bounds.best_round_trip = hi - lo;
        bounds.best_offset = (lo + hi) / 2;
      }
      bounds.ok = true;
    }
    box_.seq.store(kDone, std::memory_order_release);
  }

  double budget_s_;
  Mailbox box_;
};

PairBounds compare_with_reference(const Topology& topology, int reference_pu, int pu,
                                  double budget_s) {
  auto work = std::make_shared<SkewWork>(budget_s);
  WorkerGroupConfig group;
  group.pus = {reference_pu, pu};
  group.setup_timeout_s = kProbeTimeout_s;
  group.stop_timeout_s = kProbeTimeout_s;
  const GroupOutcome outcome = run_worker_group(work, topology, group);
  if (!outcome.error.empty()) return {};  // not pinned, or stopped: proves nothing
  return work->bounds;
}

}  // namespace

TscSkew measure_tsc_skew(const Topology& topology) {
  TscSkew skew;
  const TickCalibration& clock = tick_calibration();
  const auto pus = topology.usable_pus();
  // Any per-CPU tick counter (the TSC, Arm's CNTVCT_EL0); the steady clock is one clock.
  if (std::string_view(clock.source) == "steady_clock" || !topology.is_system() || pus.size() < 2) {
    return skew;
  }
  const double budget_s =
      std::min(kMaxBudgetPerPu_s, kTotalBudget_s / static_cast<double>(pus.size() - 1));
  for (std::size_t i = 1; i < pus.size(); ++i) {
    const PairBounds b = compare_with_reference(topology, pus.front(), pus[i], budget_s);
    if (!b.ok) continue;
    ++skew.pus_checked;
    skew.measured = true;
    skew.max_skew_ns = std::max(skew.max_skew_ns, std::abs(b.best_offset) / clock.ticks_per_ns);
    // Never finer than the counter's own step: a coarse counter (an Arm generic timer at
    // 25 MHz, an emulator's) can see a round trip as 0 ticks, which proves less than one tick.
    const double round_trip = std::max(b.best_round_trip, clock.resolution_ticks);
    skew.uncertainty_ns = std::max(skew.uncertainty_ns, round_trip / 2 / clock.ticks_per_ns);
    // Zero inside [low, high] means the counters agree within what the exchanges can see.
    const double proven = std::max({0.0, b.low, -b.high});
    skew.proven_skew_ns = std::max(skew.proven_skew_ns, proven / clock.ticks_per_ns);
  }
  return skew;
}

}  // namespace contend
