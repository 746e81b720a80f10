#include "runner/run_loop.hpp"

#include <fmt/format.h>

#include <exception>
#include <set>
#include <thread>

#include "runner/runner.hpp"
#include "util/console.hpp"
#include "platform/error.hpp"

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
    PointResult failed = new_point_result(point, options);
    failed.error = e.what();
    return failed;
  }
}

}  // namespace

void check_pinning(const std::vector<MeasurementPoint>& points, const Topology& topology) {
  std::set<int> pus;
  for (const auto& point : points)
    pus.insert(point.placement.pus.begin(), point.placement.pus.end());
  std::string refused;
  // A thread of its own: the caller's affinity stays as it was.
  std::thread scratch([&] {
    try {
      for (const int pu : pus) pin_thread_or_explain(topology, 0, pu);
    } catch (const std::exception& e) {
      refused = e.what();
    }
  });
  scratch.join();
  if (!refused.empty()) throw SetupError("before measuring, " + refused);
}

MeasuredRun measure_points(const std::vector<MeasurementPoint>& points, const Topology& topology,
                           const PointOptions& options, bool stop_on_failure, bool progress,
                           const std::function<void(const PointResult&)>& on_point) {
  MeasuredRun run;
  const ProgressStyle style = progress_style();
  double remaining_s = estimated_seconds(points);
  for (std::size_t i = 0; i < points.size() && !cancelled(options); ++i) {
    if (progress) {
      show_progress(style, fmt::format("[{}/{}] {}  (about {:.0f}s left)", i + 1, points.size(),
                                       describe(points[i]), remaining_s));
    }
    PointResult result = run_point_or_fail(points[i], topology, options);
    remaining_s -= estimated_seconds({points[i]});
    if (progress) clear_progress(style);
    if (!result.error.empty()) {
      print_to(stderr, "error in point {} ({}): {}\n", i, describe(points[i]), result.error);
    }
    const bool failed = !result.ok() && !result.interrupted;
    // Interrupted before its first full repetition, a point measured nothing: left out.
    if (!result.interrupted || !result.repetitions.empty()) {
      if (on_point) on_point(result);
      run.results.push_back(std::move(result));
    }
    if (failed && stop_on_failure && i + 1 < points.size()) {
      run.stopped = true;
      break;
    }
  }
  run.interrupted = cancelled(options);
  return run;
}

}  // namespace contend
