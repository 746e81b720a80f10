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

std::size_t pair_count(const std::vector<Round>& rounds) {
  std::size_t n = 0;
  for (const Round& round : rounds) n += round.size();
  return n;
}

}  // namespace contend
