#include "platform/pinning.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <cerrno>
#include <memory>

#include "platform/error.hpp"

namespace contend {

void pin_current_thread(int thread, int os_index) {
  const auto what = [&] { return fmt::format("pinning thread {} to PU {}", thread, os_index); };
  if (os_index < 0) throw SetupError(what() + ": not a PU number");
  // A dynamically sized set: machines with more than CPU_SETSIZE (1024) PUs exist.
  const auto count = static_cast<std::size_t>(os_index) + 1;
  const auto free_set = [](cpu_set_t* s) { CPU_FREE(s); };
  std::unique_ptr<cpu_set_t, decltype(free_set)> set(CPU_ALLOC(count), free_set);
  if (!set) throw SetupError(what() + ": out of memory");
  const std::size_t bytes = CPU_ALLOC_SIZE(count);
  CPU_ZERO_S(bytes, set.get());
  CPU_SET_S(static_cast<std::size_t>(os_index), bytes, set.get());
  if (sched_setaffinity(0, bytes, set.get()) != 0) throw SetupError(os_error(what(), errno));
}

int current_pu() noexcept {
  return sched_getcpu();
}

}  // namespace contend
