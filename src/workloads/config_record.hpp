// The immutable configuration the read-mostly family publishes, and the reader's check that
// what it saw was whole: every field is derived from the version, so a reader that saw half
// of one version and half of another (torn) or memory already reused (freed) notices.
#pragma once

#include <cstdint>

#include "platform/layout.hpp"

namespace contend {

struct alignas(kCacheLineBytes) ConfigRecord {
  std::uint64_t version = 0;
  std::uint64_t limit = 0;
  std::uint64_t timeout_ms = 0;
  std::uint64_t flags = 0;
  std::uint64_t checksum = 0;

  static constexpr std::uint64_t checksum_of(std::uint64_t version, std::uint64_t limit,
                                             std::uint64_t timeout_ms,
                                             std::uint64_t flags) noexcept {
    return (version * 0x9E3779B97F4A7C15ULL) ^ (limit + 0x632BE59BD9B4E019ULL) ^
           (timeout_ms * 0xD6E8FEB86659FD93ULL) ^ flags;
  }
  static constexpr ConfigRecord make(std::uint64_t version) noexcept {
    ConfigRecord c;
    c.version = version;
    c.limit = version * 3 + 1;
    c.timeout_ms = version ^ 0x5BD1E995ULL;
    c.flags = ~version;
    c.checksum = checksum_of(c.version, c.limit, c.timeout_ms, c.flags);
    return c;
  }
  // Spoils a record about to be freed, so a reader that still reached it fails its check. The
  // volatile store keeps the compiler from dropping a write that precedes a delete.
  static void poison(ConfigRecord& c) noexcept {
    *static_cast<volatile std::uint64_t*>(&c.checksum) = ~c.checksum;
  }
  constexpr bool whole() const noexcept {
    return version != 0 && limit == version * 3 + 1 && timeout_ms == (version ^ 0x5BD1E995ULL) &&
           flags == ~version && checksum == checksum_of(version, limit, timeout_ms, flags);
  }
};
// One record is one cache line: a reader touches one line per read, and no two records share.
static_assert(sizeof(ConfigRecord) == kCacheLineBytes);
static_assert(alignof(ConfigRecord) == kCacheLineBytes);
static_assert(ConfigRecord::make(7).whole() && !ConfigRecord{}.whole());

// What one reader saw, kept in registers during the loop. Reads are not counted: they are the
// thread's operations less its writes, and a count per read is one more register to keep (or spill)
// on every operation.
struct ReaderTally {
  std::uint64_t writes = 0;
  std::uint64_t bad_reads = 0;    // torn or freed records
  std::uint64_t regressions = 0;  // a version older than one this thread saw before
  std::uint64_t newest = 0;

  // Reads the fields a reader would use and checks them; returns the version (for the sink).
  std::uint64_t check(const ConfigRecord& c) noexcept {
    const ConfigRecord copy = c;
    if (!copy.whole()) {
      ++bad_reads;
    } else if (copy.version < newest) {
      ++regressions;
    } else {
      newest = copy.version;
    }
    return copy.version;
  }
};

}  // namespace contend
