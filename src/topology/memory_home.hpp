// Where a workload's shared state lives: the NUMA node that holds the contended lines is a
// first-order effect on multi-socket machines, so it is a measurement axis (`--home`), bound
// with hwloc and checked afterwards by asking the kernel where the pages really are.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "topology/topology.hpp"

namespace contend {

struct MemoryHome {
  enum class Kind { kFirst, kNode, kInterleave };
  Kind kind = Kind::kFirst;  // kFirst: the NUMA node of the first worker's PU
  int node = -1;             // kNode: the node's OS index, as numactl and /sys number them

  // "first", "node:N" or "interleave". Throws InputError naming `what` for anything else.
  static MemoryHome parse(std::string_view text, const std::string& what);
  // What `parse` reads back.
  std::string to_text() const;
  friend bool operator==(const MemoryHome&, const MemoryHome&) = default;
};

inline constexpr std::string_view kMemoryHomeNames =
    "first, node:N (a NUMA node's OS index) or "
    "interleave";

// OS indices of the machine's NUMA nodes, ascending (one entry, 0, on a one-node machine or when
// hwloc cannot see the nodes).
std::vector<int> numa_nodes(const Topology& topology);

// Throws InputError naming `what` when `home` names a NUMA node this machine does not have.
void check_memory_home(const Topology& topology, const MemoryHome& home, const std::string& what);

// A range of memory a workload's threads contend on (Workload::shared_state()).
using MemoryArea = std::span<const std::byte>;

// What placing a workload's shared state did. `nodes` is where its pages are after placing
// (OS indices, ascending), empty when the kernel could not say (no move_pages, as under
// qemu-user); `error` says why binding failed ("" when it did not, or was not needed).
struct HomePlacement {
  std::vector<int> nodes;
  std::string error;
};

// Binds the pages holding `areas` to `home` (migrating pages already touched) and reads back
// where they are. `first_pu` is the first worker's PU, for kFirst. On a one-node machine nothing
// needs binding: only the location is read. Binding moves whole pages, so small areas take
// their page's neighbours along. Never throws: a refusal is reported in `error`.
HomePlacement place_shared_state(const Topology& topology, const MemoryHome& home, int first_pu,
                                 std::span<const MemoryArea> areas);

// NUMA nodes (OS indices, ascending) holding the touched pages of `areas`; empty when unknown.
std::vector<int> nodes_holding(const Topology& topology, std::span<const MemoryArea> areas);

}  // namespace contend
