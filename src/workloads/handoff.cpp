// The hand-off family's registry entries; the queues and the loop are in handoff.hpp.
#include "workloads/handoff.hpp"

#include "workloads/families.hpp"

namespace contend {

namespace {

template <typename Queue>
std::unique_ptr<Workload> make(const Params& p) {
  return std::make_unique<Handoff<Queue>>(p.integer("producers"),
                                          static_cast<std::size_t>(p.integer("capacity")));
}

}  // namespace

std::vector<WorkloadInfo> handoff_workloads() {
  const std::vector<ParamSpec> params{
      {"producers",
       "producer threads, the rest consume (0: half the threads; at most all but one)",
       {},
       std::int64_t{0},
       0,
       4096},
      {"capacity", "items the queue holds", {}, std::int64_t{256}, 2, 1 << 20, true},
  };
  const char* invariant =
      "every item consumed exactly once, in order per producer as each consumer saw it";
  return {
      {"handoff_mutex", "handoff",
       "bounded queue behind a std::mutex, condition variables for full and empty", invariant,
       params, make<MutexCvQueue>, WorkloadRole::kBaseline},
      {"handoff_spsc", "handoff",
       "bounded lock-free SPSC rings, one per producer/consumer pair that needs one", invariant,
       params, make<Spinning<SpscMesh>>},
      {"handoff_mpmc", "handoff",
       "bounded lock-free MPMC queue with sequence-numbered cells (Vyukov)", invariant, params,
       make<Spinning<MpmcQueue>>},
  };
}

}  // namespace contend
