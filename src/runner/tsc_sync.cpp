#include "runner/tsc_sync.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <string_view>
#include <thread>

#include "runner/clock.hpp"
#include "topology/pinning.hpp"
#include "workloads/cpu_relax.hpp"
#include "workloads/layout.hpp"

namespace contend {

namespace {

constexpr int kMaxRounds = 2000;
// The whole check stays well under a second however many PUs there are.
constexpr double kMaxBudgetPerPu_s = 0.01;
constexpr double kTotalBudget_s = 0.25;
constexpr std::uint64_t kDone = std::numeric_limits<std::uint64_t>::max();

// The line both threads bounce: the reference writes an odd sequence number, the probe
// answers with its counter reading and the next even one.
struct alignas(kCacheLineBytes) Mailbox {
  std::atomic<std::uint64_t> seq{0};
  std::atomic<std::uint64_t> ticks{0};
  alignas(kCacheLineBytes) std::atomic<int> arrived{0};
  std::atomic<bool> failed{false};
};
static_assert(offsetof(Mailbox, arrived) == kCacheLineBytes);

// What the exchanges with one PU proved about its counter minus the reference's, in ticks.
struct PairBounds {
  double low = -std::numeric_limits<double>::infinity();  // offset >= low
  double high = std::numeric_limits<double>::infinity();  // offset <= high
  double best_round_trip = std::numeric_limits<double>::infinity();
  double best_offset = 0;  // midpoint estimate from the shortest round trip
  bool ok = false;
};

// Pins the caller, then waits for the other side; false when either side could not pin.
bool pin_and_meet(Mailbox& box, const Topology& topology, int thread, int pu) noexcept {
  try {
    pin_current_thread(topology, thread, pu);
  } catch (const std::exception&) {
    box.failed.store(true);
  }
  box.arrived.fetch_add(1);
  while (box.arrived.load() < 2) cpu_relax();
  return !box.failed.load();
}

void probe_side(Mailbox& box, const Topology& topology, int pu) noexcept {
  if (!pin_and_meet(box, topology, 1, pu)) return;
  for (std::uint64_t expect = 1;; expect += 2) {
    std::uint64_t seen = box.seq.load(std::memory_order_acquire);
    for (; seen != expect && seen != kDone; seen = box.seq.load(std::memory_order_acquire)) {
      cpu_relax();
    }
    if (seen == kDone) return;
    box.ticks.store(ticks_begin(), std::memory_order_relaxed);
    box.seq.store(expect + 1, std::memory_order_release);
  }
}

void reference_side(Mailbox& box, const Topology& topology, int pu, double budget_s,
                    PairBounds& out) noexcept {
  if (!pin_and_meet(box, topology, 0, pu)) return;
  const auto start = SteadyClock::now();
  for (std::uint64_t round = 1; round <= kMaxRounds; ++round) {
    if (round % 64 == 0 && seconds_between(start, SteadyClock::now()) > budget_s) break;
    const std::uint64_t before = ticks_begin();
    box.seq.store(2 * round - 1, std::memory_order_release);
    while (box.seq.load(std::memory_order_acquire) != 2 * round) cpu_relax();
    const std::uint64_t after = ticks_end();
    const std::uint64_t probe = box.ticks.load(std::memory_order_relaxed);
    // The probe read its counter after `before` and before `after` (real time): if its
    // counter is ours plus `offset`, then probe - after <= offset <= probe - before.
    const double lo = static_cast<double>(static_cast<std::int64_t>(probe - after));
    const double hi = static_cast<double>(static_cast<std::int64_t>(probe - before));
    out.low = std::max(out.low, lo);
    out.high = std::min(out.high, hi);
    if (hi - lo < out.best_round_trip) {
      out.best_round_trip = hi - lo;
      out.best_offset = (lo + hi) / 2;
    }
    out.ok = true;
  }
  box.seq.store(kDone, std::memory_order_release);
}

PairBounds compare_with_reference(const Topology& topology, int reference_pu, int pu,
                                  double budget_s) {
  Mailbox box;
  PairBounds bounds;
  std::thread probe([&] { probe_side(box, topology, pu); });
  std::thread reference([&] { reference_side(box, topology, reference_pu, budget_s, bounds); });
  reference.join();
  probe.join();
  return bounds;
}

}  // namespace

TscSkew measure_tsc_skew(const Topology& topology) {
  TscSkew skew;
  const TickCalibration& clock = tick_calibration();
  const auto pus = topology.usable_pus();
  if (std::string_view(clock.source) != "tsc" || !topology.is_system() || pus.size() < 2) {
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
    skew.uncertainty_ns = std::max(skew.uncertainty_ns, b.best_round_trip / 2 / clock.ticks_per_ns);
    // Zero inside [low, high] means the counters agree within what the exchanges can see.
    const double proven = std::max({0.0, b.low, -b.high});
    skew.proven_skew_ns = std::max(skew.proven_skew_ns, proven / clock.ticks_per_ns);
  }
  return skew;
}

}  // namespace contend
