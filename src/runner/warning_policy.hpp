// Which machine and build conditions distort figures, judged from the probed facts: a debug or
// sanitizer build, a VM, a powersave governor, a busy machine, a drifting or skewed TSC, a
// harness that costs a visible part of the cheapest figures.
#pragma once

#include "contract/warning.hpp"
#include "runner/system_probe.hpp"

namespace contend {

// Beyond this, a cross-PU difference is more than the exchange's own noise on any machine.
inline constexpr double kLargeTscSkew_ns = 100;

// Above this the loop itself is a visible part of the cheapest figures.
inline constexpr double kLargeHarnessOverhead_ns = 1.0;

Warnings system_warnings(const SystemFacts& facts);

}  // namespace contend
