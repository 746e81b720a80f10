// One function per workload family, each defined in its own file; the registry lists them.
#pragma once

#include <vector>

#include "workloads/workload.hpp"

namespace contend {

std::vector<WorkloadInfo> counter_workloads();

}  // namespace contend
