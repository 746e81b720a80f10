// One function per workload family, each defined in its own file; the registry lists them.
#pragma once

#include <vector>

#include "contract/workload.hpp"

namespace contend {

std::vector<WorkloadInfo> counter_workloads();
std::vector<WorkloadInfo> false_sharing_workloads();
std::vector<WorkloadInfo> cas_limiter_workloads();
std::vector<WorkloadInfo> read_mostly_workloads();
std::vector<WorkloadInfo> lock_workloads();
std::vector<WorkloadInfo> empty_workloads();
std::vector<WorkloadInfo> cas_window_workloads();
std::vector<WorkloadInfo> multiword_workloads();
std::vector<WorkloadInfo> handoff_workloads();
std::vector<WorkloadInfo> signal_workloads();
std::vector<WorkloadInfo> sequential_workloads();

}  // namespace contend
