// How a time-bounded point cuts its workers' loops, sized by time rather than by a fixed
// operation count: a batch (operations between two looks at the stop flag) lasts about
// kBatchFraction of the duration on the slowest thread, so every worker sees the stop flag
// within that much of it, whatever one operation costs (1 ns or a 1 ms critical section). The
// operation time comes from the warm-up (or, without one, a short calibration run) measured with
// one-operation batches; timed samples and PU observations are spaced by time the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "contract/worker_context.hpp"

namespace contend {

struct ThreadReport;

inline constexpr double kBatchFraction = 0.001;  // a batch: ~0.1% of the duration
inline constexpr std::uint64_t kMaxBatchOps = std::uint64_t{1} << 24;
// One timed op per ~50 us of a thread's work: 4 000 samples per thread in a 200 ms repetition
// (more where the calibration overestimates the op time), enough for a p99.9 over the threads,
// while the fences around a timed op stay rare enough not to change a contended loop's rhythm.
// Measured against the minimal loop: false_sharing stride=8 at 2 threads on the development VM
// read 6% below its unsampled figure at 5 us, 2% at 20 us; at 16 threads on a 16-core Xeon (KVM)
// atomic_add and stride=8 read 10-16% below the minimal loop at 20 us, ~5% at 50 us and level
// with it unsampled (bench/results/many-core-16cpu-xeon-kvm.txt): a timed, fenced operation
// breaks its core's run of back-to-back operations on the line, a cost that grows with the
// threads waiting. --sample-spacing trades samples for that; --no-sampling removes it.
inline constexpr double kSampleSpacing_s = 50e-6;
inline constexpr double kObserveSpacing_s = 1e-3;    // where it runs: about once a millisecond
inline constexpr double kStopSpreadFraction = 0.01;  // stop times further apart: warned
inline constexpr double kCalibrationFraction = 0.1;  // no warm-up: calibrate on 10% of it
inline constexpr double kMinCalibration_s = 0.002;
inline constexpr double kMaxCalibration_s = 0.05;

// A point's loop plan and where it came from: recorded in the results.
struct BatchPlan {
  LoopPlan loop;
  std::string calibrated_from = "fixed";  // "warmup", "calibration" or "fixed" (fixed count)
  double op_s = 0;                        // slowest thread's time per operation during calibration
  double batch_s = 0;                     // loop.batch_ops x op_s: the stop latency it promises
  double stop_timeout_s = 5;    // workers still running this long after the stop flag: abandoned
  double sample_spacing_s = 0;  // asked-for thread time between timed samples; 0: no sampling
};

// The plan used while calibrating: one operation per batch (so even a 1 s operation stops
// within one operation), no timed samples.
LoopPlan calibration_loop();

// Stop timeout before the batch time is known: `base_s` scaled with the thread count (a FIFO
// hand-off across 256 oversubscribed threads takes longer than across 4).
double initial_stop_timeout_s(double base_s, int threads);

// The slowest thread's seconds per operation in a calibration run (start_s/stop_s and ops of
// each thread that ran); a thread that completed no operation counts its whole span as one.
double slowest_op_s(const std::vector<ThreadReport>& threads);

// The plan for a point of `duration_s` on `threads` threads whose slowest thread took `op_s`
// per operation, with one timed sample per `sample_spacing_s` of a thread's work (0: none,
// --no-sampling).
BatchPlan plan_batches(double op_s, double duration_s, int threads, double base_timeout_s,
                       double sample_spacing_s);

// Seconds between the first and the last worker's stop among those that ran.
double stop_spread_s(const std::vector<ThreadReport>& threads);

}  // namespace contend
