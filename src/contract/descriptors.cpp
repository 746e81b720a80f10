#include "contract/descriptors.hpp"

#include <algorithm>
#include <array>

namespace contend {

namespace {

constexpr auto kHigher = Better::kHigher;
constexpr auto kLower = Better::kLower;
constexpr auto kNone = Better::kNone;

constexpr std::array kMetrics{
    MetricInfo{"ops_per_sec", "ops/s", kHigher, "operations completed per second, all threads"},
    MetricInfo{"ns_per_op", "ns", kLower, "thread-time per operation: threads x duration / ops"},
    MetricInfo{"total_ops", "ops", kNone, "operations completed in the repetition"},
    MetricInfo{"duration_resolution_ratio", "1", kHigher,
               "measured span in steady-clock resolution steps"},
    MetricInfo{"latency_samples", "samples", kNone, "sampled operations timed"},
    MetricInfo{"latency_p50_ns", "ns", kLower, "median sampled operation latency"},
    MetricInfo{"latency_p90_ns", "ns", kLower, "90th percentile sampled latency"},
    MetricInfo{"latency_p99_ns", "ns", kLower, "99th percentile sampled latency"},
    MetricInfo{"latency_p999_ns", "ns", kLower, "99.9th percentile sampled latency"},
    MetricInfo{"latency_max_ns", "ns", kLower, "longest sampled latency"},
    MetricInfo{"jain_index", "1", kHigher, "Jain's fairness index over per-thread operations"},
    MetricInfo{"min_share", "1", kHigher, "smallest thread's share relative to a fair share"},
    MetricInfo{"max_share", "1", kLower, "largest thread's share relative to a fair share"},
    MetricInfo{"context_switches_per_op", "switches/op", kLower,
               "voluntary and involuntary context switches per operation"},
    MetricInfo{"cpu_time_per_op_ns", "ns", kLower, "user and system CPU time per operation"},
    MetricInfo{"system_time_fraction", "1", kLower, "share of CPU time spent in the kernel"},
    MetricInfo{"cas_attempts_per_op", "attempts/op", kLower, "compare-and-swap attempts per op"},
    MetricInfo{"cas_failures_per_op", "failures/op", kLower, "failed compare-and-swaps per op"},
    MetricInfo{"cycles_per_op", "cycles/op", kLower, "CPU cycles per operation (perf)"},
    MetricInfo{"instructions_per_op", "instructions/op", kNone, "instructions per operation"},
    MetricInfo{"cache_misses_per_op", "misses/op", kLower, "cache misses per operation (perf)"},
    MetricInfo{"l1d_misses_per_op", "misses/op", kLower, "L1 data read misses per operation"},
    MetricInfo{"lost_updates", "updates", kLower, "increments lost by the racy counter"},
    MetricInfo{"lost_update_ratio", "1", kLower, "lost increments / attempted increments"},
    MetricInfo{"threads_per_cache_line", "threads", kNone,
               "threads whose slots share one cache line"},
    MetricInfo{"admitted_per_sec", "ops/s", kNone, "requests the limiter admitted per second"},
    MetricInfo{"denied_per_sec", "ops/s", kNone, "requests the limiter denied per second"},
    MetricInfo{"admitted_fraction", "1", kNone, "admitted / requested"},
    MetricInfo{"windows", "windows", kNone, "rate-limit windows the repetition went through"},
    MetricInfo{"rmw_per_admission", "rmw/admission", kLower,
               "atomic read-modify-writes per admitted request"},
    MetricInfo{"cas_attempts_per_admission", "attempts/admission", kLower,
               "CAS attempts per admitted request"},
    MetricInfo{"cas_failure_ratio", "1", kLower, "failed CAS attempts / all CAS attempts"},
    MetricInfo{"longest_retry_streak_max", "retries", kLower,
               "longest run of failed CAS attempts, worst thread"},
    MetricInfo{"longest_retry_streak_min", "retries", kLower,
               "longest run of failed CAS attempts, luckiest thread"},
    MetricInfo{"failed_time_share", "1", kLower,
               "share of timed updates' time spent before their successful attempt"},
    MetricInfo{"torn_reads", "reads", kLower, "reads that saw a half-applied multiword update"},
    MetricInfo{"torn_read_ratio", "1", kLower, "torn reads / reads"},
    MetricInfo{"read_retries_per_read", "retries/read", kLower,
               "seqlock reads started again because a writer was inside"},
    MetricInfo{"items_per_sec", "items/s", kHigher,
               "items handed from producers to consumers per second"},
    MetricInfo{"producers", "threads", kNone, "threads producing items"},
    MetricInfo{"consumers", "threads", kNone, "threads consuming items"},
    MetricInfo{"reads_per_sec", "ops/s", kHigher, "configuration reads per second"},
    MetricInfo{"writes_per_sec", "ops/s", kHigher, "configuration updates per second"},
};

}  // namespace

std::span<const MetricInfo> metric_catalogue() {
  return kMetrics;
}

const MetricInfo* find_metric(std::string_view name) {
  const auto* it = std::find_if(kMetrics.begin(), kMetrics.end(),
                                [name](const MetricInfo& m) { return m.name == name; });
  return it == kMetrics.end() ? nullptr : &*it;
}

std::string_view to_string(WorkloadRole role) {
  switch (role) {
    case WorkloadRole::kBaseline:
      return "baseline";
    case WorkloadRole::kUnsafe:
      return "unsafe";
    case WorkloadRole::kReference:
      return "reference";
    case WorkloadRole::kCandidate:
      break;
  }
  return "candidate";
}

std::string_view to_string(Better better) {
  switch (better) {
    case Better::kHigher:
      return "higher";
    case Better::kLower:
      return "lower";
    case Better::kNone:
      break;
  }
  return "none";
}

}  // namespace contend
