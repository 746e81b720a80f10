// The multiword family's registry entries; the stores and the loop are in multiword.hpp.
#include "workloads/multiword.hpp"

#include "workloads/families.hpp"

namespace contend {

namespace {

template <typename Store>
std::unique_ptr<Workload> make(const Params& p) {
  return std::make_unique<Multiword<Store>>(static_cast<std::uint64_t>(p.integer("write_every")));
}

}  // namespace

std::vector<WorkloadInfo> multiword_workloads() {
  const ParamSpec write_every{"write_every",
                              "one operation in N is a transfer, the others read (0: never)",
                              {},
                              std::int64_t{10},
                              0,
                              1'000'000'000};
  const char* invariant =
      "every read sums to the total and never goes back; the record holds every transfer made";
  return {
      {"mw_mutex",
       "multiword",
       "four balances behind a std::mutex; a transfer moves money between two",
       invariant,
       {write_every},
       make<MutexBalances>,
       WorkloadRole::kBaseline},
      {"mw_seqlock",
       "multiword",
       "seqlock: readers copy the balances and retry when a writer was inside",
       invariant,
       {write_every},
       make<SeqlockBalances<true>>},
      {"mw_cow",
       "multiword",
       "copy-on-write record behind an atomic pointer, old ones reclaimed by quiescent states",
       invariant,
       {write_every},
       make<CowBalances>},
      {"mw_atomics",
       "multiword",
       "one atomic per balance: a reader can see the debit without the credit (torn reads "
       "counted)",
       "the record holds every transfer made and sums to the total at the end (torn reads "
       "reported)",
       {write_every},
       make<AtomicFieldBalances>,
       WorkloadRole::kUnsafe},
  };
}

}  // namespace contend
