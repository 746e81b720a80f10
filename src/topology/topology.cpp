#include "topology/topology.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <set>
#include <utility>

#include "platform/cache_line.hpp"
#include "platform/error.hpp"

namespace contend {

namespace {

// Logical index of the closest ancestor of `obj` with this type, -1 if none.
int ancestor_index(hwloc_topology_t topology, hwloc_obj_t obj, hwloc_obj_type_t type) {
  hwloc_obj_t ancestor = hwloc_get_ancestor_obj_by_type(topology, type, obj);
  return ancestor ? static_cast<int>(ancestor->logical_index) : -1;
}

// NUMA nodes hang off the tree as memory children, so find the one whose cpuset holds the PU.
int numa_index(hwloc_topology_t topology, hwloc_obj_t pu) {
  hwloc_obj_t node = nullptr;
  while ((node = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_NUMANODE, node)) != nullptr) {
    if (hwloc_bitmap_isset(node->cpuset, pu->os_index))
      return static_cast<int>(node->logical_index);
  }
  return -1;
}

hwloc_topology_t init_topology() {
  hwloc_topology_t topology = nullptr;
  if (hwloc_topology_init(&topology) != 0) throw SetupError(os_error("hwloc_topology_init", errno));
  return topology;
}

void load_or_throw(hwloc_topology_t topology, const std::string& what) {
  if (hwloc_topology_load(topology) != 0) {
    const int err = errno;
    hwloc_topology_destroy(topology);
    throw SetupError(os_error("loading the hwloc topology (" + what + ")", err));
  }
}

// hwloc describes another machine than this one when one of these is set (hwloc's own list).
std::string foreign_source() {
  for (const char* name : {"HWLOC_SYNTHETIC", "HWLOC_XMLFILE", "HWLOC_FSROOT", "HWLOC_CPUID_PATH",
                           "HWLOC_SYNTHETIC_FILE"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
      return fmt::format("{}={}", name, excerpt(value));
    }
  }
  return "the hwloc environment";
}

// Packages and cores as /proc/cpuinfo lists them ("physical id", "core id"); 0 when it does
// not say (some architectures, some sandboxes).
struct CpuinfoCounts {
  int packages = 0;
  int cores = 0;
};

CpuinfoCounts count_cpuinfo() {
  std::ifstream in("/proc/cpuinfo");
  std::set<std::string> packages;
  std::set<std::pair<std::string, std::string>> cores;
  std::string line;
  std::string package;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
    const std::string value = line.substr(std::min(line.size(), colon + 2));
    if (key == "physical id") {
      package = value;
      packages.insert(value);
    } else if (key == "core id") {
      cores.emplace(package, value);
    }
  }
  return {static_cast<int>(packages.size()), static_cast<int>(cores.size())};
}

// Line size of the first data cache hwloc reports, 0 when it reports none.
int hwloc_cache_line_bytes(hwloc_topology_t topology) {
  for (hwloc_obj_type_t type : {HWLOC_OBJ_L1CACHE, HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L3CACHE}) {
    hwloc_obj_t cache = hwloc_get_next_obj_by_type(topology, type, nullptr);
    if (cache && cache->attr && cache->attr->cache.linesize > 0) {
      return static_cast<int>(cache->attr->cache.linesize);
    }
  }
  return 0;
}

void describe_object(hwloc_topology_t topology, hwloc_obj_t obj, int depth, std::string& out) {
  char type[64];
  char attrs[256];
  hwloc_obj_type_snprintf(type, sizeof type, obj, 0);
  hwloc_obj_attr_snprintf(attrs, sizeof attrs, obj, " ", 0);
  std::string line = fmt::format("{:{}}{} L#{}", "", depth * 2, type, obj->logical_index);
  if (obj->os_index != HWLOC_UNKNOWN_INDEX &&
      (obj->type == HWLOC_OBJ_PU || obj->type == HWLOC_OBJ_NUMANODE ||
       obj->type == HWLOC_OBJ_PACKAGE)) {
    line += fmt::format(" P#{}", obj->os_index);
  }
  if (attrs[0] != '\0') line += fmt::format(" ({})", attrs);
  out += line + "\n";
  for (hwloc_obj_t child = obj->memory_first_child; child; child = child->next_sibling) {
    describe_object(topology, child, depth + 1, out);
  }
  for (hwloc_obj_t child = obj->first_child; child; child = child->next_sibling) {
    describe_object(topology, child, depth + 1, out);
  }
}

}  // namespace

std::string_view to_string(SharedLevel level) {
  switch (level) {
    case SharedLevel::kPu:
      return "pu";
    case SharedLevel::kCore:
      return "core";
    case SharedLevel::kL2:
      return "l2";
    case SharedLevel::kL3:
      return "l3";
    case SharedLevel::kNuma:
      return "numa";
    case SharedLevel::kPackage:
      return "package";
    case SharedLevel::kMachine:
      return "machine";
  }
  return "machine";
}

Topology::Topology(hwloc_topology_t topology, bool is_system)
    : topology_(topology), is_system_(is_system) {
  index_pus();
}

Topology Topology::load_system() {
  hwloc_topology_t topology = init_topology();
  load_or_throw(topology, "this machine");
  if (!hwloc_topology_is_thissystem(topology)) {
    const std::string source = foreign_source();
    hwloc_topology_destroy(topology);
    throw InputError(fmt::format(
        "{}: with it, hwloc describes a machine that is not this one, where threads cannot be "
        "placed or pinned; unset it to measure this machine (contend topo --synthetic shows a "
        "synthetic topology)",
        source));
  }
  Topology result(topology, true);
  result.fill_gaps();
  // The affinity mask we were started with (taskset, cgroup cpuset): threads may go nowhere else.
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof mask, &mask) != 0) {
    throw SetupError(os_error("reading this process's CPU affinity", errno));
  }
  hwloc_const_cpuset_t allowed = hwloc_topology_get_allowed_cpuset(topology);
  for (auto& pu : result.pus_) {
    pu.usable = CPU_ISSET(pu.os_index, &mask) && hwloc_bitmap_isset(allowed, pu.os_index);
  }
  return result;
}

Topology Topology::load_synthetic(const std::string& description) {
  hwloc_topology_t topology = init_topology();
  if (hwloc_topology_set_synthetic(topology, description.c_str()) != 0) {
    hwloc_topology_destroy(topology);
    throw InputError(fmt::format("synthetic topology '{}': hwloc cannot parse it", description));
  }
  load_or_throw(topology, description);
  return Topology(topology, false);
}

Topology::Topology(Topology&& other) noexcept
    : topology_(std::exchange(other.topology_, nullptr)),
      is_system_(other.is_system_),
      pus_(std::move(other.pus_)),
      fallbacks_(std::move(other.fallbacks_)) {}

Topology& Topology::operator=(Topology&& other) noexcept {
  if (this != &other) {
    if (topology_) hwloc_topology_destroy(topology_);
    topology_ = std::exchange(other.topology_, nullptr);
    is_system_ = other.is_system_;
    pus_ = std::move(other.pus_);
    fallbacks_ = std::move(other.fallbacks_);
  }
  return *this;
}

Topology::~Topology() {
  if (topology_) hwloc_topology_destroy(topology_);
}

void Topology::index_pus() {
  pus_.clear();
  hwloc_obj_t pu = nullptr;
  while ((pu = hwloc_get_next_obj_by_type(topology_, HWLOC_OBJ_PU, pu)) != nullptr) {
    PuInfo info;
    info.os_index = static_cast<int>(pu->os_index);
    info.logical_index = static_cast<int>(pu->logical_index);
    info.core = ancestor_index(topology_, pu, HWLOC_OBJ_CORE);
    info.l2 = ancestor_index(topology_, pu, HWLOC_OBJ_L2CACHE);
    info.l3 = ancestor_index(topology_, pu, HWLOC_OBJ_L3CACHE);
    info.package = ancestor_index(topology_, pu, HWLOC_OBJ_PACKAGE);
    info.numa = numa_index(topology_, pu);
    pus_.push_back(info);
  }
}

std::vector<int> Topology::usable_pus() const {
  std::vector<int> result;
  for (const auto& pu : pus_) {
    if (pu.usable) result.push_back(pu.os_index);
  }
  return result;
}

const PuInfo* Topology::find_pu(int os_index) const {
  auto it = std::find_if(pus_.begin(), pus_.end(),
                         [os_index](const PuInfo& pu) { return pu.os_index == os_index; });
  return it == pus_.end() ? nullptr : &*it;
}

int Topology::count(hwloc_obj_type_t type) const {
  const int n = hwloc_get_nbobjs_by_type(topology_, type);
  return n < 0 ? 0 : n;
}

bool Topology::smt() const {
  hwloc_obj_t core = nullptr;
  while ((core = hwloc_get_next_obj_by_type(topology_, HWLOC_OBJ_CORE, core)) != nullptr) {
    if (hwloc_bitmap_weight(core->cpuset) > 1) return true;
  }
  return false;
}

int Topology::cache_line_bytes() const {
  const int line = hwloc_cache_line_bytes(topology_);
  return line > 0 ? line : fallback("cache_line_bytes");
}

int Topology::core_count() const {
  const int cores = count(HWLOC_OBJ_CORE);
  return cores > 0 ? cores : fallback("cores");
}

int Topology::package_count() const {
  const int packages = count(HWLOC_OBJ_PACKAGE);
  return packages > 0 ? packages : fallback("packages");
}

int Topology::fallback(std::string_view figure) const {
  for (const auto& f : fallbacks_) {
    if (f.figure == figure) return f.value;
  }
  return 0;
}

// Without its OS backends hwloc sees PUs and one NUMA node only; a results file must still say
// how many packages and cores there are and how long a cache line is.
void Topology::fill_gaps() {
  const CpuinfoCounts cpuinfo = count_cpuinfo();
  if (count(HWLOC_OBJ_PACKAGE) == 0) {
    fallbacks_.push_back(cpuinfo.packages > 0
                             ? TopologyFallback{"packages", cpuinfo.packages, "/proc/cpuinfo"}
                             : TopologyFallback{"packages", 1, "assumed"});
  }
  if (count(HWLOC_OBJ_CORE) == 0) {
    const int pus = std::max<int>(1, static_cast<int>(pus_.size()));
    fallbacks_.push_back(cpuinfo.cores > 0
                             ? TopologyFallback{"cores", cpuinfo.cores, "/proc/cpuinfo"}
                             : TopologyFallback{"cores", pus, "assumed: one PU per core"});
  }
  if (hwloc_cache_line_bytes(topology_) == 0) {
    const CacheLine line = detect_cache_line(0);  // sysconf, sysfs, or the default
    fallbacks_.push_back({"cache_line_bytes", line.bytes, line.source});
  }
}

SharedLevel Topology::shared_level(const std::vector<int>& os_indices) const {
  std::vector<const PuInfo*> infos;
  for (int os_index : os_indices) {
    const PuInfo* info = find_pu(os_index);
    if (!info) throw InputError(fmt::format("PU {} does not exist on this machine", os_index));
    infos.push_back(info);
  }
  if (infos.empty()) return SharedLevel::kMachine;
  // All PUs agree on a level when they have the same (known) object at that level.
  auto all_share = [&infos](int PuInfo::*member) {
    const int first = infos.front()->*member;
    return first >= 0 && std::all_of(infos.begin(), infos.end(),
                                     [&](const PuInfo* pu) { return pu->*member == first; });
  };
  if (all_share(&PuInfo::os_index)) return SharedLevel::kPu;
  if (all_share(&PuInfo::core)) return SharedLevel::kCore;
  if (all_share(&PuInfo::l2)) return SharedLevel::kL2;
  if (all_share(&PuInfo::l3)) return SharedLevel::kL3;
  // A single NUMA node spanning the machine says nothing about locality.
  const bool share_numa = numa_count() > 1 && all_share(&PuInfo::numa);
  const bool share_package = all_share(&PuInfo::package);
  if (share_numa && share_package) {
    // Name NUMA only when the node is a real subdivision of the package (sub-NUMA clustering):
    // a node that is the whole package says nothing more than "package".
    auto weight = [this](hwloc_obj_type_t type, int index) {
      return hwloc_bitmap_weight(hwloc_get_obj_by_type(topology_, type, index)->cpuset);
    };
    return weight(HWLOC_OBJ_NUMANODE, infos.front()->numa) <
                   weight(HWLOC_OBJ_PACKAGE, infos.front()->package)
               ? SharedLevel::kNuma
               : SharedLevel::kPackage;
  }
  if (share_numa) return SharedLevel::kNuma;
  if (share_package) return SharedLevel::kPackage;
  return SharedLevel::kMachine;
}

std::string Topology::describe() const {
  std::string out;
  describe_object(topology_, hwloc_get_root_obj(topology_), 0, out);
  return out;
}

}  // namespace contend
