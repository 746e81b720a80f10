// The coherence unit of this machine, from the best source that knows it. hwloc finds no cache
// objects on some machines (many Arm servers and VMs expose no cache sysfs, qemu-user none at
// all), and a reader must still learn a line size and where it came from. hwloc's figure comes
// from the topology layer; this file holds the chain below it (sysconf, sysfs, a default).
#pragma once

#include <string>

namespace contend {

struct CacheLine {
  int bytes = 0;
  // "hwloc", "sysconf" (_SC_LEVEL1_DCACHE_LINESIZE), "sysfs" (cpu0's coherency_line_size) or
  // "default" (nothing said: kDefaultCacheLineBytes, with a warning in the results context).
  std::string source;
};

inline constexpr int kDefaultCacheLineBytes = 64;

// A power of two from 16 to 4096.
bool plausible_cache_line(long bytes);

// The first of the candidates that is a plausible line size; `sysfs_text` is the file's first
// line as read ("" when unreadable).
CacheLine resolve_cache_line(int hwloc_bytes, long sysconf_bytes, const std::string& sysfs_text);

// resolve_cache_line with this machine's sysconf and sysfs.
CacheLine detect_cache_line(int hwloc_bytes);

}  // namespace contend
