#include "topology/pinning.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <cerrno>
#include <memory>

#include "util/error.hpp"

namespace contend {

void pin_current_thread(const Topology& topology, int thread, int os_index) {
  const auto what = [&] { return fmt::format("pinning thread {} to PU {}", thread, os_index); };
  if (!topology.is_system()) throw SetupError(what() + ": the topology is synthetic");
  std::unique_ptr<hwloc_bitmap_s, decltype(&hwloc_bitmap_free)> set(hwloc_bitmap_alloc(),
                                                                    &hwloc_bitmap_free);
  if (!set) throw SetupError(what() + ": out of memory");
  hwloc_bitmap_only(set.get(), static_cast<unsigned>(os_index));
  if (hwloc_set_cpubind(topology.handle(), set.get(), HWLOC_CPUBIND_THREAD) != 0) {
    throw SetupError(os_error(what(), errno));
  }
}

int current_pu() noexcept {
  return sched_getcpu();
}

}  // namespace contend
