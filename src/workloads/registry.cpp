#include "workloads/registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "platform/error.hpp"
#include "workloads/families.hpp"

namespace contend {

namespace {

std::vector<WorkloadInfo> build_registry() {
  std::vector<WorkloadInfo> all;
  // A new family is one file in src/workloads/ plus one line here.
  for (auto family : {counter_workloads, false_sharing_workloads, cas_limiter_workloads,
                      read_mostly_workloads, lock_workloads, empty_workloads, cas_window_workloads,
                      multiword_workloads, handoff_workloads, signal_workloads, sequential_workloads}) {
    for (auto& info : family()) all.push_back(std::move(info));
  }
  return all;
}

// Levenshtein distance, for suggesting a workload name close to a mistyped one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
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
  // The catalogue is too long to quote in a one-line error: name the closest entries instead.
  std::vector<std::string> close;
  for (const auto& info : registry) {
    if (edit_distance(name, info.name) <= 2) close.push_back(info.name);
  }
  const std::string hint =
      close.empty() ? std::string() : fmt::format("did you mean {}? ", fmt::join(close, ", "));
  throw InputError(fmt::format("{}: unknown workload '{}' ({}contend list shows all {})", where,
                               name, hint, registry.size()));
}

}  // namespace contend
