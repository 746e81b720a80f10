// Binding the calling thread to one PU, and observing where it actually runs.
#pragma once

#include "topology/topology.hpp"

namespace contend {

// Called by each worker before it allocates anything (so first-touch memory lands on its node).
// Throws SetupError "pinning thread T to PU P: <OS error>" when the OS refuses.
void pin_current_thread(const Topology& topology, int thread, int os_index);

// The PU the calling thread is running on right now, or -1 when the OS cannot say.
int current_pu() noexcept;

}  // namespace contend
