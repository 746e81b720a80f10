#include "platform/cache_line.hpp"

#include <unistd.h>

#include <charconv>
#include <fstream>

namespace contend {

namespace {

long parse_bytes(const std::string& text) {
  long value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  // Trailing whitespace only (sysfs ends lines with '\n'; getline has removed it).
  for (const char* p = ptr; p != end; ++p) {
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return 0;
  }
  return ec == std::errc() && ptr != text.data() ? value : 0;
}

}  // namespace

bool plausible_cache_line(long bytes) {
  return bytes >= 16 && bytes <= 4096 && (bytes & (bytes - 1)) == 0;
}

CacheLine resolve_cache_line(int hwloc_bytes, long sysconf_bytes, const std::string& sysfs_text) {
  if (plausible_cache_line(hwloc_bytes)) return {hwloc_bytes, "hwloc"};
  if (plausible_cache_line(sysconf_bytes)) return {static_cast<int>(sysconf_bytes), "sysconf"};
  if (const long sysfs = parse_bytes(sysfs_text); plausible_cache_line(sysfs)) {
    return {static_cast<int>(sysfs), "sysfs"};
  }
  return {kDefaultCacheLineBytes, "default"};
}

CacheLine detect_cache_line(int hwloc_bytes) {
  long from_sysconf = 0;
#ifdef _SC_LEVEL1_DCACHE_LINESIZE
  from_sysconf = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);  // glibc: CPUID on x86, 0 on most Arm
#endif
  std::string from_sysfs;
  std::ifstream in("/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size");
  if (in) std::getline(in, from_sysfs);
  return resolve_cache_line(hwloc_bytes, from_sysconf, from_sysfs);
}

}  // namespace contend
