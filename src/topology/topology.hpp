// RAII wrapper around an hwloc topology, reduced to what placement and reporting need:
// the PUs in hwloc's logical order, each with the objects that contain it.
#pragma once

#include <hwloc.h>

#include <string>
#include <string_view>
#include <vector>

namespace contend {

// The closest level of the hierarchy that a set of PUs shares, tightest first.
enum class SharedLevel { kPu, kCore, kL2, kL3, kNuma, kPackage, kMachine };

std::string_view to_string(SharedLevel level);

// One processing unit and the logical index of each object containing it (-1: no such level).
struct PuInfo {
  int os_index = -1;
  int logical_index = -1;
  int core = -1;
  int l2 = -1;
  int l3 = -1;
  int numa = -1;
  int package = -1;
  bool usable = true;  // the process may run on it (cgroup cpuset and affinity mask)
};

// A figure hwloc could not give (its OS backends disabled with HWLOC_COMPONENTS, or /sys not
// readable in a sandbox), taken from elsewhere so that the results still describe the machine.
struct TopologyFallback {
  std::string figure;  // "packages", "cores", "cache_line_bytes"
  int value = 0;
  std::string source;  // "/proc/cpuinfo" or "assumed" (counts); "sysconf", "sysfs" or "default"
                       // (cache_line_bytes, as detect_cache_line says)
};

class Topology {
 public:
  // The machine we run on, with PUs outside this process's affinity mask marked unusable
  // (so `taskset -c 0,1 contend ...` places threads on 0 and 1 only). Throws InputError when
  // hwloc describes another machine (HWLOC_SYNTHETIC, HWLOC_XMLFILE, HWLOC_FSROOT): threads
  // would be placed on PUs and levels that do not exist here. Packages, cores and the cache
  // line that hwloc cannot see are taken from /proc/cpuinfo and sysconf (fallbacks()).
  static Topology load_system();
  // An hwloc synthetic description such as "pack:2 l3:2 core:4 pu:2"; every PU is usable.
  // Threads cannot be bound to a synthetic topology: it is for placement logic and tests.
  static Topology load_synthetic(const std::string& description);

  Topology(Topology&& other) noexcept;
  Topology& operator=(Topology&& other) noexcept;
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;
  ~Topology();

  hwloc_topology_t handle() const { return topology_; }
  bool is_system() const { return is_system_; }

  // Every PU in logical order (cores' PUs adjacent), usable or not.
  const std::vector<PuInfo>& pus() const { return pus_; }
  // OS indices of the usable PUs, logical order.
  std::vector<int> usable_pus() const;
  // Null when no PU has this OS index.
  const PuInfo* find_pu(int os_index) const;

  int count(hwloc_obj_type_t type) const;
  // Cores and packages as hwloc counts them, or their fallbacks().
  int core_count() const;
  int package_count() const;
  int numa_count() const { return count(HWLOC_OBJ_NUMANODE); }
  int l3_count() const { return count(HWLOC_OBJ_L3CACHE); }
  // True when some core holds more than one PU.
  bool smt() const;
  // Line size of the first data cache hwloc reports, or its fallback; 0 when unknown.
  int cache_line_bytes() const;
  // What load_system had to take from elsewhere than hwloc; empty when hwloc saw everything.
  const std::vector<TopologyFallback>& fallbacks() const { return fallbacks_; }

  // Closest level all of `os_indices` share. Throws InputError for an unknown PU.
  SharedLevel shared_level(const std::vector<int>& os_indices) const;

  // hwloc's tree, one object per line, indented: for `contend topo` and the results context.
  std::string describe() const;

 private:
  Topology(hwloc_topology_t topology, bool is_system);
  void index_pus();
  void fill_gaps();
  int fallback(std::string_view figure) const;

  hwloc_topology_t topology_ = nullptr;
  bool is_system_ = false;
  std::vector<PuInfo> pus_;
  std::vector<TopologyFallback> fallbacks_;
};

}  // namespace contend
