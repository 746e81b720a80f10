#include "c2c/schedule.hpp"

#include <algorithm>
#include <random>

namespace contend {

namespace {

constexpr int kBye = -1;  // the circle method's placeholder partner when the PU count is odd

// Randomises which PU of the pair starts, so initiator effects do not line up with PU numbers.
PuPair oriented(int x, int y, std::mt19937_64& rng) {
  return std::bernoulli_distribution(0.5)(rng) ? PuPair{x, y} : PuPair{y, x};
}

}  // namespace

std::vector<Round> round_robin_schedule(const std::vector<int>& pus, std::uint64_t seed) {
  std::vector<Round> rounds;
  if (pus.size() < 2) return rounds;
  std::mt19937_64 rng(seed);
  // Circle method: fix the first slot, rotate the others one step per round; slot i meets
  // slot n-1-i. Each pair of slots meets exactly once over n-1 rounds.
  std::vector<int> slots = pus;
  std::shuffle(slots.begin(), slots.end(), rng);
  if (slots.size() % 2 != 0) slots.push_back(kBye);
  const std::size_t n = slots.size();
  for (std::size_t r = 0; r + 1 < n; ++r) {
    Round round;
    for (std::size_t i = 0; i < n / 2; ++i) {
      const int x = slots[i];
      const int y = slots[n - 1 - i];
      if (x != kBye && y != kBye) round.push_back(oriented(x, y, rng));
    }
    std::shuffle(round.begin(), round.end(), rng);
    rounds.push_back(std::move(round));
    std::rotate(slots.begin() + 1, slots.end() - 1, slots.end());
  }
  std::shuffle(rounds.begin(), rounds.end(), rng);
  return rounds;
}

std::vector<Round> serial_schedule(const std::vector<int>& pus, std::uint64_t seed) {
  std::vector<Round> rounds;
  for (const Round& round : round_robin_schedule(pus, seed)) {
    for (const PuPair& pair : round) rounds.push_back({pair});
  }
  std::shuffle(rounds.begin(), rounds.end(), std::mt19937_64(seed ^ 0x9e3779b97f4a7c15ULL));
  return rounds;
}

std::vector<Round> core_aware_schedule(const std::vector<int>& pus, const std::vector<int>& core_of,
                                       std::uint64_t seed) {
  // The PUs of each core, cores numbered 0..n-1 in order of first appearance.
  std::vector<int> core_ids;
  std::vector<std::vector<int>> members;
  for (std::size_t i = 0; i < pus.size(); ++i) {
    const auto it = std::find(core_ids.begin(), core_ids.end(), core_of[i]);
    if (it == core_ids.end()) {
      core_ids.push_back(core_of[i]);
      members.push_back({pus[i]});
    } else {
      members[static_cast<std::size_t>(it - core_ids.begin())].push_back(pus[i]);
    }
  }
  std::mt19937_64 rng(seed);
  std::vector<int> cores(members.size());
  for (std::size_t c = 0; c < cores.size(); ++c) cores[c] = static_cast<int>(c);
  std::vector<Round> rounds;
  // Two cores meet: one round per (PU of one, PU of the other), padded where cores differ.
  for (const Round& meeting : round_robin_schedule(cores, rng())) {
    std::size_t combos = 0;
    for (const PuPair& m : meeting) {
      combos = std::max(combos, members[static_cast<std::size_t>(m.a)].size() *
                                    members[static_cast<std::size_t>(m.b)].size());
    }
    for (std::size_t k = 0; k < combos; ++k) {
      Round round;
      for (const PuPair& m : meeting) {
        const auto& x = members[static_cast<std::size_t>(m.a)];
        const auto& y = members[static_cast<std::size_t>(m.b)];
        if (k < x.size() * y.size())
          round.push_back(oriented(x[k % x.size()], y[k / x.size()], rng));
      }
      rounds.push_back(std::move(round));
    }
  }
  // Siblings: the pairs inside each core, every core's k-th pair in the same round.
  std::vector<std::vector<PuPair>> inside(members.size());
  std::size_t most = 0;
  for (std::size_t c = 0; c < members.size(); ++c) {
    for (const Round& r : round_robin_schedule(members[c], rng())) {
      for (const PuPair& pair : r) inside[c].push_back(pair);
    }
    most = std::max(most, inside[c].size());
  }
  for (std::size_t k = 0; k < most; ++k) {
    Round round;
    for (const auto& pairs : inside) {
      if (k < pairs.size()) round.push_back(pairs[k]);
    }
    rounds.push_back(std::move(round));
  }
  for (Round& round : rounds) std::shuffle(round.begin(), round.end(), rng);
  std::shuffle(rounds.begin(), rounds.end(), rng);
  return rounds;
}

std::size_t pair_count(const std::vector<Round>& rounds) {
  std::size_t n = 0;
  for (const Round& round : rounds) n += round.size();
  return n;
}

}  // namespace contend
