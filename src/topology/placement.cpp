#include "topology/placement.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "platform/error.hpp"
#include "util/parse.hpp"

namespace contend {

namespace {

std::vector<const PuInfo*> usable_infos(const Topology& topology) {
  std::vector<const PuInfo*> result;
  for (const auto& pu : topology.pus()) {
    if (pu.usable) result.push_back(&pu);
  }
  return result;
}

// Groups PUs by one containing object, keeping the order in which groups first appear.
std::vector<std::vector<const PuInfo*>> group_by(const std::vector<const PuInfo*>& pus,
                                                 int PuInfo::*level) {
  std::vector<std::vector<const PuInfo*>> groups;
  std::map<int, std::size_t> slot;
  for (const PuInfo* pu : pus) {
    auto [it, inserted] = slot.try_emplace(pu->*level, groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(pu);
  }
  return groups;
}

// Round-robin over the groups: the first of each, then the second of each, ...
std::vector<const PuInfo*> interleave(const std::vector<std::vector<const PuInfo*>>& lists) {
  std::vector<const PuInfo*> result;
  for (std::size_t rank = 0;; ++rank) {
    bool any = false;
    for (const auto& list : lists) {
      if (rank < list.size()) {
        result.push_back(list[rank]);
        any = true;
      }
    }
    if (!any) return result;
  }
}

// Scatter order: at each level of the hierarchy, alternate between the children, so that
// consecutive threads land as far apart as the machine allows.
std::vector<const PuInfo*> scatter(const std::vector<const PuInfo*>& pus, std::size_t depth) {
  static constexpr int PuInfo::*kLevels[] = {&PuInfo::package, &PuInfo::numa, &PuInfo::l3,
                                             &PuInfo::l2, &PuInfo::core};
  if (depth == std::size(kLevels)) return pus;
  std::vector<std::vector<const PuInfo*>> ordered;
  for (const auto& group : group_by(pus, kLevels[depth]))
    ordered.push_back(scatter(group, depth + 1));
  return interleave(ordered);
}

std::vector<int> os_indices(const std::vector<const PuInfo*>& pus) {
  std::vector<int> result;
  for (const PuInfo* pu : pus) result.push_back(pu->os_index);
  return result;
}

std::vector<int> checked_list(const Topology& topology, const std::vector<int>& pus) {
  for (int os_index : pus) {
    const PuInfo* info = topology.find_pu(os_index);
    if (!info) {
      throw InputError(fmt::format("placement: PU {} does not exist (usable PUs: {})", os_index,
                                   fmt::join(topology.usable_pus(), ",")));
    }
    if (!info->usable) {
      throw InputError(
          fmt::format("placement: PU {} is not usable by this process (usable PUs: {})", os_index,
                      fmt::join(topology.usable_pus(), ",")));
    }
  }
  return pus;
}

}  // namespace

PlacementSpec PlacementSpec::parse(std::string_view text, const std::string& what) {
  static const std::map<std::string_view, PlacementStrategy> kNamed = {
      {"compact", PlacementStrategy::kCompact},
      {"cores", PlacementStrategy::kCores},
      {"scatter", PlacementStrategy::kScatter},
      {"smt", PlacementStrategy::kSmt}};
  if (auto it = kNamed.find(text); it != kNamed.end()) return {it->second, {}};
  std::string_view list = text;
  if (list.starts_with("list:")) list.remove_prefix(5);
  if (!list.empty() && list.front() >= '0' && list.front() <= '9') {
    return {PlacementStrategy::kList, parse_pu_list(list, what)};
  }
  throw InputError(fmt::format("{}: expected {}, got '{}'", what, kPlacementNames, text));
}

std::string PlacementSpec::name() const {
  switch (strategy) {
    case PlacementStrategy::kCompact:
      return "compact";
    case PlacementStrategy::kCores:
      return "cores";
    case PlacementStrategy::kScatter:
      return "scatter";
    case PlacementStrategy::kSmt:
      return "smt";
    case PlacementStrategy::kList:
      return "list";
  }
  return "list";
}

std::string PlacementSpec::to_text() const {
  if (strategy != PlacementStrategy::kList) return name();
  return fmt::format("list:{}", fmt::join(pus, ","));
}

std::vector<int> placement_order(const Topology& topology, const PlacementSpec& spec) {
  const auto pus = usable_infos(topology);
  switch (spec.strategy) {
    case PlacementStrategy::kCompact:
      return os_indices(pus);
    case PlacementStrategy::kCores:
      return os_indices(interleave(group_by(pus, &PuInfo::core)));
    case PlacementStrategy::kScatter:
      return os_indices(scatter(pus, 0));
    case PlacementStrategy::kSmt: {
      std::vector<const PuInfo*> siblings;
      for (const auto& core : group_by(pus, &PuInfo::core)) {
        if (core.size() >= 2) siblings.insert(siblings.end(), core.begin(), core.end());
      }
      if (siblings.empty()) {
        throw InputError(
            "placement smt: no core has two usable PUs (SMT is off, hidden by a hypervisor, or "
            "masked by the affinity); use compact, cores or scatter");
      }
      return os_indices(siblings);
    }
    case PlacementStrategy::kList:
      return checked_list(topology, spec.pus);
  }
  return {};
}

Placement place(const Topology& topology, const PlacementSpec& spec, int threads,
                bool allow_oversubscribe) {
  if (threads < 1) throw InputError(fmt::format("threads: expected at least 1, got {}", threads));
  const std::vector<int> order = placement_order(topology, spec);
  if (order.empty()) throw InputError("placement: this process may not run on any PU");
  Placement placement;
  placement.spec = spec;
  placement.oversubscribed = static_cast<std::size_t>(threads) > order.size();
  if (placement.oversubscribed && !allow_oversubscribe) {
    throw InputError(fmt::format(
        "threads: {} threads exceed the {} PUs placement {} can use; pass --oversubscribe to run "
        "more threads than PUs",
        threads, order.size(), spec.to_text()));
  }
  for (int thread = 0; thread < threads; ++thread) {
    placement.pus.push_back(order[static_cast<std::size_t>(thread) % order.size()]);
  }
  placement.shared_level = topology.shared_level(placement.pus);
  return placement;
}

}  // namespace contend
