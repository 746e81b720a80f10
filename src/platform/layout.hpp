// Cache-line layout constants and the padded cell every "own line" claim is built from.
// We use our own constants, not std::hardware_destructive_interference_size, whose value
// changes with tuning flags and would silently change what a result means.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace contend {

inline constexpr std::size_t kCacheLineBytes = 64;
// Some CPUs (Intel's adjacent-line prefetcher, Apple M-series) move lines in 128-byte pairs.
inline constexpr std::size_t kWideLineBytes = 128;

// An atomic counter alone on its cache line.
struct alignas(kCacheLineBytes) PaddedCounter {
  std::atomic<std::uint64_t> value{0};
};
static_assert(alignof(PaddedCounter) == kCacheLineBytes);
static_assert(sizeof(PaddedCounter) == kCacheLineBytes);
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

}  // namespace contend
