// Checks shared by the c2c schedule and sibling-probe tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "c2c/schedule.hpp"

namespace contend::testing {

// Fails the test where two pairs of one round touch the same physical core.
inline void expect_no_core_shared_in_a_round(const std::vector<int>& pus,
                                             const std::vector<int>& core_of,
                                             const std::vector<Round>& rounds) {
  std::map<int, int> core;
  for (std::size_t i = 0; i < pus.size(); ++i) core[pus[i]] = core_of[i];
  for (std::size_t r = 0; r < rounds.size(); ++r) {
    std::map<int, std::size_t> pair_on_core;
    for (std::size_t k = 0; k < rounds[r].size(); ++k) {
      for (const int pu : {rounds[r][k].a, rounds[r][k].b}) {
        const auto [it, fresh] = pair_on_core.emplace(core.at(pu), k);
        EXPECT_TRUE(fresh || it->second == k)
            << "core " << core.at(pu) << " in two pairs of round " << r;
      }
    }
  }
}

}  // namespace contend::testing
