#include "platform/pinning.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <algorithm>
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

namespace {

// A cpu_set_t for `cpus` CPUs, as whole words (CPU_ALLOC_SIZE is a multiple of one).
std::vector<unsigned long> cpu_words(std::size_t cpus) {
  return std::vector<unsigned long>(CPU_ALLOC_SIZE(cpus) / sizeof(unsigned long), 0);
}

cpu_set_t* as_set(std::vector<unsigned long>& words) {
  return reinterpret_cast<cpu_set_t*>(words.data());
}

std::size_t bytes_of(const std::vector<unsigned long>& words) {
  return words.size() * sizeof(unsigned long);
}

}  // namespace

ScopedAffinity::ScopedAffinity(const std::vector<int>& os_indices) {
  if (os_indices.empty() || *std::min_element(os_indices.begin(), os_indices.end()) < 0) return;
  // The mask found, in a set grown until the kernel's fits (it refuses a smaller one: EINVAL).
  for (std::size_t cpus = 1024; cpus <= (std::size_t{1} << 20); cpus *= 2) {
    saved_ = cpu_words(cpus);
    if (sched_getaffinity(0, bytes_of(saved_), as_set(saved_)) == 0) break;
    saved_.clear();
    if (errno != EINVAL) return;
  }
  if (saved_.empty()) return;
  const int highest = *std::max_element(os_indices.begin(), os_indices.end());
  auto wanted = cpu_words(static_cast<std::size_t>(highest) + 1);
  for (const int pu : os_indices) {
    CPU_SET_S(static_cast<std::size_t>(pu), bytes_of(wanted), as_set(wanted));
  }
  moved_ = sched_setaffinity(0, bytes_of(wanted), as_set(wanted)) == 0;
}

ScopedAffinity::~ScopedAffinity() {
  if (moved_) sched_setaffinity(0, bytes_of(saved_), as_set(saved_));
}

}  // namespace contend
