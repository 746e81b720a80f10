// What the machine and the build were when we measured: everything a reader needs to
// interpret a figure, and the warnings about conditions that distort figures.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topology/topology.hpp"

namespace contend {

struct MachineContext {
  nlohmann::json json;                // the results file's "context" object
  std::vector<std::string> warnings;  // debug build, VM, powersave governor, load, ...
};

MachineContext capture_context(const Topology& topology);

struct HarnessOverhead;
// Records the empty loop's cost as context.harness (and warns when it is large).
void add_harness_overhead(MachineContext& context, const HarnessOverhead& overhead);

// The results file's "tool" object: version, git revision, compiler, flags, build type.
nlohmann::json tool_json();

// "AMD EPYC 9B14" (model name), for table headers. "unknown" when unreadable.
std::string cpu_model();

}  // namespace contend
