// Which machine and build conditions distort figures, judged from the probed facts: a debug or
// sanitizer build, a VM, an emulator, a powersave governor, a busy machine, a drifting, skewed,
// coarse or miscalibrated tick counter, a cache line nothing reported or wider than the padding,
// a harness that costs a visible part of the cheapest figures.
#pragma once

#include "contract/warning.hpp"
#include "runner/system_probe.hpp"
#include "topology/topology.hpp"

namespace contend {

// Beyond this, a cross-PU difference is more than the exchange's own noise on any machine.
inline constexpr double kLargeTscSkew_ns = 100;

// Above this the loop itself is a visible part of the cheapest figures.
inline constexpr double kLargeHarnessOverhead_ns = 1.0;

// A tick counter coarser than this (many Arm generic timers run at 25-100 MHz) makes single
// sampled latencies of tens of ns mostly rounding.
inline constexpr double kCoarseTimerResolution_ns = 5.0;

// A measured counter rate further than this (relative) from the rate the CPU states.
inline constexpr double kTimerRateMismatch = 0.01;

Warnings system_warnings(const SystemFacts& facts);

// hwloc could not see the whole machine (its OS backends off, /sys hidden): which figures the
// file takes from elsewhere, and where from ("topology_incomplete").
Warnings topology_warnings(const Topology& topology);

}  // namespace contend
