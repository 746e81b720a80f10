// Is the cycle counter one clock across PUs? Sampled latencies are read on one PU only, but
// a counter that differs between PUs also betrays a host that migrates or throttles vCPUs.
#pragma once

#include <vector>

#include "topology/topology.hpp"

namespace contend {

struct TscSkew {
  bool measured = false;      // false: not x86, synthetic topology, or fewer than two PUs
  int pus_checked = 0;        // PUs compared with the reference (the first usable PU)
  double max_skew_ns = 0;     // largest |offset| estimated between a PU and the reference
  double uncertainty_ns = 0;  // largest half round trip behind those estimates
  double proven_skew_ns = 0;  // skew no measurement error can explain (0 when consistent)
};

// Pins a reference thread to the first usable PU and a probe thread to each other PU, and
// bounces a cache line between them: the probe's reading must fall between the reference's
// readings before and after, up to the offset between the two counters. Takes a few ms per PU.
TscSkew measure_tsc_skew(const Topology& topology);

}  // namespace contend
