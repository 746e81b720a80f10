// Binding the calling thread to one PU, and observing where it actually runs.
#pragma once

#include <vector>

namespace contend {

// Called by each worker before it allocates anything (so first-touch memory lands on its node).
// `os_index` is the OS number of the PU (hwloc's os_index, Linux's CPU number).
// Throws SetupError "pinning thread T to PU P: <OS error>" when the OS refuses.
void pin_current_thread(int thread, int os_index);

// The PU the calling thread is running on right now, or -1 when the OS cannot say.
int current_pu() noexcept;

// While it lives, the calling thread may run on `os_indices` only; the affinity it had is
// restored at the end. Empty: nothing changes. The OS refusing is not an error: the thread
// stays where it was and moved() says so.
class ScopedAffinity {
 public:
  explicit ScopedAffinity(const std::vector<int>& os_indices);
  ~ScopedAffinity();
  ScopedAffinity(const ScopedAffinity&) = delete;
  ScopedAffinity& operator=(const ScopedAffinity&) = delete;

  bool moved() const noexcept { return moved_; }

 private:
  std::vector<unsigned long> saved_;  // the mask found, in the kernel's cpu_set_t words
  bool moved_ = false;
};

}  // namespace contend
