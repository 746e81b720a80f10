// Cache-line layout constants and the padded cell every "own line" claim is built from.
// We use our own constants, not std::hardware_destructive_interference_size, whose value
// changes with tuning flags and would silently change what a result means.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace contend {

// The coherence unit of most x86 and Arm server cores; the false-sharing sweep reports how many
// threads share one such line. Not a padding size.
inline constexpr std::size_t kCommonLineBytes = 64;
// Some CPUs move lines in 128-byte pairs (Intel's adjacent-line prefetcher) or have 128-byte
// lines (Apple M-series, POWER).
inline constexpr std::size_t kWideLineBytes = 128;
// What every layout that promises "its own line" pads and aligns to: the larger of the lines
// above, so the promise holds on all of them. A machine whose detected line is larger still is
// warned about in the results context (cache_line_bytes > padding_bytes).
inline constexpr std::size_t kCacheLineBytes = kWideLineBytes;
static_assert(kCacheLineBytes >= kCommonLineBytes && kCacheLineBytes % kCommonLineBytes == 0);

// An atomic counter alone on its cache line.
struct alignas(kCacheLineBytes) PaddedCounter {
  std::atomic<std::uint64_t> value{0};
};
static_assert(alignof(PaddedCounter) == kCacheLineBytes);
static_assert(sizeof(PaddedCounter) == kCacheLineBytes);
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

}  // namespace contend
