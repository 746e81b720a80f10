// The spin-wait hint: lets a sibling hyper-thread run and saves power while a lock is held.
// Which instruction it is changes how hard a spinning waiter hammers the contended line, so
// the results context records it (kSpinHint) and compare shows a difference.
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace contend {

#if defined(__x86_64__) || defined(__i386__)
inline constexpr const char* kSpinHint = "pause";
#elif defined(__aarch64__)
inline constexpr const char* kSpinHint = "isb";
#else
inline constexpr const char* kSpinHint = "none";
#endif

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  // `isb`, not `yield`. On the Arm cores people benchmark (Neoverse, Cortex-A7x/X, Apple,
  // Ampere) `yield` only hints to an SMT sibling that none of them has, and retires in about a
  // cycle: the waiter re-reads the contended line as fast as it can. `isb` drains the pipeline,
  // a few tens of cycles, which is the back-off `pause` gives on x86 and what Rust's
  // core::hint::spin_loop and several production locks chose on aarch64 for that reason.
  asm volatile("isb" ::: "memory");
#endif
}

}  // namespace contend
