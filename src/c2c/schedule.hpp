// Which PU pairs are measured together. A ping-pong keeps both of its PUs busy, so pairs that
// share no PU can run at the same time: the round-robin ("circle method") schedule splits all
// n(n-1)/2 pairs into n-1 rounds (n rounds for odd n) in which every PU appears at most once,
// so a 192-PU machine needs 191 rounds instead of 18,336 pair runs.
#pragma once

#include <cstdint>
#include <vector>

namespace contend {

// One measured pair, by OS index. `a` starts the ping-pong; `b` answers.
struct PuPair {
  int a = -1;
  int b = -1;
  friend bool operator==(const PuPair&, const PuPair&) = default;
};

// Pairs measured concurrently; no PU appears twice in one round.
using Round = std::vector<PuPair>;

// Every pair of `pus` exactly once, grouped into rounds of disjoint pairs. The order of the
// rounds, of the pairs within each round and which PU of a pair starts are drawn from `seed`,
// so no PU is always measured first or always the initiator. Fewer than two PUs: no rounds.
std::vector<Round> round_robin_schedule(const std::vector<int>& pus, std::uint64_t seed);

// Every pair exactly once, one pair per round (`--serial`), in an order drawn from `seed`.
std::vector<Round> serial_schedule(const std::vector<int>& pus, std::uint64_t seed);

// Every pair exactly once, in rounds whose pairs share no physical core: `core_of[i]` names
// the core of `pus[i]` (hwloc's core objects, so SMT siblings group even when numbered apart).
// A concurrent pair never spins on an endpoint's sibling. The circle method runs over the cores;
// each meeting of two cores becomes one round per combination of their PUs, and pairs inside
// one core (siblings) run together, one pair per core. Rounds are drawn from `seed` like
// round_robin_schedule's.
std::vector<Round> core_aware_schedule(const std::vector<int>& pus, const std::vector<int>& core_of,
                                       std::uint64_t seed);

// Number of pairs in a schedule.
std::size_t pair_count(const std::vector<Round>& rounds);

}  // namespace contend
