#include "scenario/thread_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "platform/error.hpp"
#include "util/parse.hpp"

namespace contend {

namespace {

int usable_core_count(const Topology& topology) {
  std::set<int> cores;
  for (const auto& pu : topology.pus()) {
    if (pu.usable) cores.insert(pu.core);
  }
  return static_cast<int>(cores.size());
}

}  // namespace

std::vector<int> expand_thread_counts(const std::vector<std::string>& items,
                                      const Topology& topology, const std::string& what) {
  const int pus = static_cast<int>(topology.usable_pus().size());
  std::set<int> counts;
  if (items.empty()) throw InputError(fmt::format("{}: expected at least one thread count", what));
  for (const auto& item : items) {
    if (item == "cores") {
      counts.insert(usable_core_count(topology));
    } else if (item == "pus") {
      counts.insert(pus);
    } else if (item == "pow2") {
      for (int n = 1; n < pus; n *= 2) counts.insert(n);
      counts.insert(pus);
    } else if (!item.empty() && item.front() >= '0' && item.front() <= '9') {
      counts.insert(static_cast<int>(parse_int(item, what, 1, kMaxThreads)));
    } else {
      throw InputError(fmt::format(
          "{}: expected a thread count (a number from 1 to {}, cores, pus or pow2), got '{}'", what,
          kMaxThreads, item));
    }
  }
  return {counts.begin(), counts.end()};
}

}  // namespace contend
