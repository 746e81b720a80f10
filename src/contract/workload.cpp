#include "contract/workload.hpp"

namespace contend {

std::uint64_t total_ops(std::span<const ThreadCounters> counters) {
  std::uint64_t total = 0;
  for (const auto& c : counters) total += c.ops;
  return total;
}

}  // namespace contend
