#include "workloads/registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "platform/error.hpp"
#include "workloads/families.hpp"

namespace contend {

namespace {

std::vector<WorkloadInfo> build_registry() {
  std::vector<WorkloadInfo> all;
  // A new family is one file in src/workloads/ plus one line here.
  for (auto family : {counter_workloads, false_sharing_workloads, cas_limiter_workloads,
                      read_mostly_workloads, lock_workloads, empty_workloads,
                      cas_window_workloads, multiword_workloads, handoff_workloads,
                      sequential_workloads}) {
    for (auto& info : family()) all.push_back(std::move(info));
  }
  return all;
}

}  // namespace

const std::vector<WorkloadInfo>& workload_registry() {
  static const std::vector<WorkloadInfo> registry = build_registry();
  return registry;
}

const WorkloadInfo& find_workload(std::string_view name, const std::string& where) {
  const auto& registry = workload_registry();
  auto it = std::find_if(registry.begin(), registry.end(),
                         [name](const WorkloadInfo& info) { return info.name == name; });
  if (it != registry.end()) return *it;
  std::vector<std::string> names;
  for (const auto& info : registry) names.push_back(info.name);
  throw InputError(
      fmt::format("{}: unknown workload '{}' (known: {})", where, name, fmt::join(names, ", ")));
}

}  // namespace contend
