// Every workload contend knows, in the order `contend list` shows them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "contract/workload.hpp"

namespace contend {

const std::vector<WorkloadInfo>& workload_registry();

// Throws InputError "<where>: unknown workload 'x' (did you mean ...? contend list shows all N)".
const WorkloadInfo& find_workload(std::string_view name, const std::string& where);

}  // namespace contend
