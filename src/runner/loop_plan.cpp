#include "runner/loop_plan.hpp"

#include <algorithm>
#include <cmath>

#include "runner/runner.hpp"

namespace contend {

namespace {

// `spacing_s / unit_s` as a count of at least 1 and at most kMaxBatchOps.
std::uint64_t count_for(double spacing_s, double unit_s) {
  if (!(unit_s > 0)) return kMaxBatchOps;
  const double n = std::floor(spacing_s / unit_s);
  return static_cast<std::uint64_t>(std::clamp(n, 1.0, static_cast<double>(kMaxBatchOps)));
}

}  // namespace

LoopPlan calibration_loop() {
  LoopPlan plan;
  plan.batch_ops = 1;
  plan.sample_every_ops = 0;
  plan.observe_every_batches = std::uint64_t{1} << 12;
  return plan;
}

double initial_stop_timeout_s(double base_s, int threads) {
  return base_s * std::max(1.0, threads / 16.0);
}

double slowest_op_s(const std::vector<ThreadReport>& threads) {
  double slowest = 0;
  for (const auto& t : threads) {
    if (!t.error.empty()) continue;
    const double span = std::max(0.0, t.stop_s - t.start_s);
    const double ops = static_cast<double>(std::max<std::uint64_t>(t.counters.ops, 1));
    slowest = std::max(slowest, span / ops);
  }
  return slowest;
}

BatchPlan plan_batches(double op_s, double duration_s, int threads, double base_timeout_s,
                       double sample_spacing_s) {
  BatchPlan plan;
  plan.op_s = op_s;
  plan.loop.batch_ops = count_for(kBatchFraction * duration_s, op_s);
  plan.batch_s = static_cast<double>(plan.loop.batch_ops) * op_s;
  plan.sample_spacing_s = sample_spacing_s;
  plan.loop.sample_every_ops = sample_spacing_s > 0 ? count_for(sample_spacing_s, op_s) : 0;
  plan.loop.observe_every_batches = count_for(kObserveSpacing_s, plan.batch_s);
  // A worker answers the stop flag within a batch; a generous multiple of it covers a slow
  // phase, and never less than the configured base.
  plan.stop_timeout_s =
      std::max(initial_stop_timeout_s(base_timeout_s, threads), 50 * plan.batch_s);
  return plan;
}

double stop_spread_s(const std::vector<ThreadReport>& threads) {
  double first = 0;
  double last = 0;
  bool any = false;
  for (const auto& t : threads) {
    if (!t.error.empty()) continue;
    first = any ? std::min(first, t.stop_s) : t.stop_s;
    last = any ? std::max(last, t.stop_s) : t.stop_s;
    any = true;
  }
  return last - first;
}

}  // namespace contend
