// Linux futexes on a 32-bit atomic word: the kernel primitive under every blocking wait
// (std::mutex, condition variables), used directly by the signal family to measure it bare.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <ctime>

namespace contend {

// Sleeps while `word` still holds `expected`, at most `timeout_ns`; returns on a wake, a
// timeout, a signal or a changed value alike (the caller re-reads the word).
inline void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected,
                       long timeout_ns) noexcept {
  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
  const timespec timeout{0, timeout_ns};
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected,
          &timeout, nullptr, 0);
}

// Wakes at most `waiters` threads sleeping on `word`.
inline void futex_wake(std::atomic<std::uint32_t>& word, int waiters = 1) noexcept {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, waiters, nullptr,
          nullptr, 0);
}

}  // namespace contend
