// Binding the calling thread to one PU, and observing where it actually runs.
#pragma once

namespace contend {

// Called by each worker before it allocates anything (so first-touch memory lands on its node).
// `os_index` is the OS number of the PU (hwloc's os_index, Linux's CPU number).
// Throws SetupError "pinning thread T to PU P: <OS error>" when the OS refuses.
void pin_current_thread(int thread, int os_index);

// The PU the calling thread is running on right now, or -1 when the OS cannot say.
int current_pu() noexcept;

}  // namespace contend
