#include "runner/run_loop.hpp"

#include <fmt/format.h>

#include <exception>

namespace contend {

namespace {

bool cancelled(const PointOptions& options) {
  return options.cancelled != nullptr && options.cancelled();
}

// run_point, with anything it throws turned into a failed point.
PointResult run_point_or_fail(const MeasurementPoint& point, const Topology& topology,
                              const PointOptions& options) {
  try {
    return run_point(point, topology, options);
  } catch (const std::exception& e) {
    PointResult failed;
    failed.point = point;
    failed.pinned = options.pin;
    failed.invariant = point.workload->invariant;
    failed.noise_threshold_pct = options.noise_threshold_pct;
    failed.stability = "fixed";
    failed.error = e.what();
    return failed;
  }
}

}  // namespace

MeasuredRun measure_points(const std::vector<MeasurementPoint>& points, const Topology& topology,
                           const PointOptions& options, bool stop_on_failure, bool progress) {
  MeasuredRun run;
  double remaining_s = estimated_seconds(points);
  for (std::size_t i = 0; i < points.size() && !cancelled(options); ++i) {
    if (progress) {
      fmt::print(stderr, "\r\033[K[{}/{}] {}  (about {:.0f}s left)", i + 1, points.size(),
                 describe(points[i]), remaining_s);
    }
    PointResult result = run_point_or_fail(points[i], topology, options);
    remaining_s -= estimated_seconds({points[i]});
    if (!result.error.empty()) {
      fmt::print(stderr, "{}error in point {} ({}): {}\n", progress ? "\n" : "", i,
                 describe(points[i]), result.error);
    }
    const bool failed = !result.ok() && !result.interrupted;
    // Interrupted before its first full repetition, a point measured nothing: left out.
    if (!result.interrupted || !result.repetitions.empty()) {
      run.results.push_back(std::move(result));
    }
    if (failed && stop_on_failure && i + 1 < points.size()) {
      run.stopped = true;
      break;
    }
  }
  if (progress) fmt::print(stderr, "\r\033[K");
  run.interrupted = cancelled(options);
  return run;
}

}  // namespace contend
