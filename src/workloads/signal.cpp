// The signal family's registry entries; the primitives and the loop are in signal.hpp.
#include "workloads/signal.hpp"

#include "workloads/families.hpp"

namespace contend {

namespace {

template <typename Primitive>
std::unique_ptr<Workload> make(const Params&) {
  return std::make_unique<Signal<Primitive>>();
}

}  // namespace

std::vector<WorkloadInfo> signal_workloads() {
  const char* invariant =
      "each pair's replies == its signals; every signal number received once, in order";
  return {
      {"signal_cv",
       "signal",
       "wake a waiting thread: std::condition_variable and its mutex (the portable way)",
       invariant,
       {},
       make<CvSignal>,
       WorkloadRole::kBaseline},
      {"signal_futex",
       "signal",
       "wake a waiting thread: a bare Linux futex wait/wake on the signal's number",
       invariant,
       {},
       make<FutexSignal>},
      {"signal_spin",
       "signal",
       "wake a waiting thread: it spins on a flag (no system call; burns its PU while waiting)",
       invariant,
       {},
       make<SpinSignal>},
  };
}

}  // namespace contend
