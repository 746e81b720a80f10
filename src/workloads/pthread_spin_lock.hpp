// The C library's spin lock (glibc: an atomic exchange loop with a relaxed read between
// tries), wrapped to look like the other locks. Shared between threads of one process only.
#pragma once

#include <pthread.h>

#include "platform/error.hpp"

namespace contend {

class PthreadSpinLock {
 public:
  PthreadSpinLock() {
    if (const int err = pthread_spin_init(&lock_, PTHREAD_PROCESS_PRIVATE); err != 0) {
      throw SetupError(os_error("pthread_spin_init", err));
    }
  }
  ~PthreadSpinLock() { pthread_spin_destroy(&lock_); }
  PthreadSpinLock(const PthreadSpinLock&) = delete;
  PthreadSpinLock& operator=(const PthreadSpinLock&) = delete;

  void lock() noexcept { pthread_spin_lock(&lock_); }
  void unlock() noexcept { pthread_spin_unlock(&lock_); }

 private:
  pthread_spinlock_t lock_;
};

}  // namespace contend
