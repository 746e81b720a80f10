#include "topology/memory_home.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "platform/error.hpp"
#include "util/parse.hpp"

namespace contend {

namespace {

constexpr std::string_view kNodePrefix = "node:";

struct BitmapFree {
  void operator()(hwloc_bitmap_s* bitmap) const { hwloc_bitmap_free(bitmap); }
};
using Bitmap = std::unique_ptr<hwloc_bitmap_s, BitmapFree>;

Bitmap new_bitmap() {
  Bitmap bitmap(hwloc_bitmap_alloc());
  if (!bitmap) throw SetupError("hwloc_bitmap_alloc: out of memory");
  return bitmap;
}

std::vector<int> indices_of(hwloc_const_bitmap_t set) {
  std::vector<int> out;
  for (int i = hwloc_bitmap_first(set); i != -1; i = hwloc_bitmap_next(set, i)) out.push_back(i);
  return out;
}

// OS index of the NUMA node whose cpuset holds `pu`; -1 when none does.
int node_of_pu(const Topology& topology, int pu) {
  hwloc_obj_t node = nullptr;
  while ((node = hwloc_get_next_obj_by_type(topology.handle(), HWLOC_OBJ_NUMANODE, node)) !=
         nullptr) {
    if (node->cpuset != nullptr && hwloc_bitmap_isset(node->cpuset, static_cast<unsigned>(pu)))
      return static_cast<int>(node->os_index);
  }
  return -1;
}

// The nodes `home` asks for, as an hwloc nodeset; empty when the first worker's node is unknown.
Bitmap nodeset_for(const Topology& topology, const MemoryHome& home, int first_pu) {
  Bitmap set = new_bitmap();
  switch (home.kind) {
    case MemoryHome::Kind::kFirst:
      if (const int node = node_of_pu(topology, first_pu); node >= 0)
        hwloc_bitmap_set(set.get(), static_cast<unsigned>(node));
      break;
    case MemoryHome::Kind::kNode:
      hwloc_bitmap_set(set.get(), static_cast<unsigned>(home.node));
      break;
    case MemoryHome::Kind::kInterleave:
      for (const int node : numa_nodes(topology))
        hwloc_bitmap_set(set.get(), static_cast<unsigned>(node));
      break;
  }
  return set;
}

}  // namespace

MemoryHome MemoryHome::parse(std::string_view text, const std::string& what) {
  if (text == "first") return {};
  if (text == "interleave") return {Kind::kInterleave, -1};
  if (text.starts_with(kNodePrefix)) {
    text.remove_prefix(kNodePrefix.size());
    return {Kind::kNode, static_cast<int>(parse_int(text, what + " (node:N)", 0, 4095))};
  }
  throw InputError(fmt::format("{}: expected {}, got '{}'", what, kMemoryHomeNames, excerpt(text)));
}

std::string MemoryHome::to_text() const {
  switch (kind) {
    case Kind::kFirst:
      return "first";
    case Kind::kNode:
      return fmt::format("{}{}", kNodePrefix, node);
    case Kind::kInterleave:
      return "interleave";
  }
  return "first";
}

std::vector<int> numa_nodes(const Topology& topology) {
  std::vector<int> nodes;
  hwloc_obj_t node = nullptr;
  while ((node = hwloc_get_next_obj_by_type(topology.handle(), HWLOC_OBJ_NUMANODE, node)) !=
         nullptr) {
    nodes.push_back(static_cast<int>(node->os_index));
  }
  std::sort(nodes.begin(), nodes.end());
  if (nodes.empty()) nodes.push_back(0);
  return nodes;
}

void check_memory_home(const Topology& topology, const MemoryHome& home, const std::string& what) {
  if (home.kind != MemoryHome::Kind::kNode) return;
  const std::vector<int> nodes = numa_nodes(topology);
  if (std::find(nodes.begin(), nodes.end(), home.node) != nodes.end()) return;
  throw InputError(fmt::format("{}: NUMA node {} does not exist here (this machine has node{} {})",
                               what, home.node, nodes.size() == 1 ? "" : "s",
                               fmt::join(nodes, ", ")));
}

std::vector<int> nodes_holding(const Topology& topology, std::span<const MemoryArea> areas) {
  std::vector<int> nodes = numa_nodes(topology);
  if (nodes.size() == 1) return nodes;  // nowhere else to be
  if (!topology.is_system() || areas.empty()) return {};
  Bitmap all = new_bitmap();
  Bitmap one = new_bitmap();
  for (const MemoryArea& area : areas) {
    // move_pages(2) underneath: refused in some sandboxes, absent under qemu-user.
    if (hwloc_get_area_memlocation(topology.handle(), area.data(), area.size(), one.get(),
                                   HWLOC_MEMBIND_BYNODESET) != 0) {
      return {};
    }
    hwloc_bitmap_or(all.get(), all.get(), one.get());
  }
  return indices_of(all.get());
}

HomePlacement place_shared_state(const Topology& topology, const MemoryHome& home, int first_pu,
                                 std::span<const MemoryArea> areas) {
  HomePlacement out;
  // One node: every page is on it whatever the policy, and binding would only add system calls
  // that containers without CAP_SYS_NICE refuse.
  if (numa_nodes(topology).size() > 1 && topology.is_system()) {
    const Bitmap nodes = nodeset_for(topology, home, first_pu);
    const auto policy =
        home.kind == MemoryHome::Kind::kInterleave ? HWLOC_MEMBIND_INTERLEAVE : HWLOC_MEMBIND_BIND;
    if (hwloc_bitmap_iszero(nodes.get())) {
      out.error = fmt::format("no NUMA node holds PU {}", first_pu);
    }
    for (const MemoryArea& area : areas) {
      if (!out.error.empty()) break;
      if (hwloc_set_area_membind(topology.handle(), area.data(), area.size(), nodes.get(), policy,
                                 HWLOC_MEMBIND_BYNODESET | HWLOC_MEMBIND_MIGRATE) != 0) {
        out.error = os_error("hwloc_set_area_membind (mbind; containers need CAP_SYS_NICE)", errno);
      }
    }
  }
  out.nodes = nodes_holding(topology, areas);
  return out;
}

}  // namespace contend
