#include "runner/run_loop.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <set>
#include <thread>

#include "platform/error.hpp"
#include "runner/runner.hpp"
#include "util/console.hpp"

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

void report_error(std::size_t index, const MeasurementPoint& point, const PointResult& result) {
  if (!result.error.empty()) {
    print_to(stderr, "error in point {} ({}): {}\n", index, describe(point), result.error);
  }
}

// Interrupted before its first full repetition, a point measured nothing: left out.
bool worth_keeping(const PointResult& result) {
  return !result.interrupted || !result.repetitions.empty();
}

double repetition_seconds(const MeasurementPoint& point) {
  // estimated_seconds counts the warm-up and every repetition with its overhead.
  return (estimated_seconds({point}) - point.warmup_s) / std::max(1, point.repetitions);
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
    report_error(i, points[i], result);
    const bool failed = !result.ok() && !result.interrupted;
    if (worth_keeping(result)) {
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

MeasuredRun measure_interleaved(const std::vector<MeasurementPoint>& points,
                                const Topology& topology, const PointOptions& options,
                                bool progress,
                                const std::function<void(const PointResult&)>& on_point) {
  MeasuredRun run;
  run.interleaved = true;
  const ProgressStyle style = progress_style();
  double remaining_s = estimated_seconds(points);
  std::vector<PointRun> runs;
  runs.reserve(points.size());
  for (const auto& point : points) runs.emplace_back(point, topology, options);
  for (int round = 1; !cancelled(options); ++round) {
    bool any = false;
    for (std::size_t i = 0; i < runs.size() && !cancelled(options); ++i) {
      const auto show = [&] {
        if (!progress) return;
        show_progress(style,
                      fmt::format("round {}: [{}/{}] {}  (about {:.0f}s left)", round, i + 1,
                                  points.size(), describe(points[i]), std::max(0.0, remaining_s)));
      };
      const bool first = !runs[i].started();
      if (first) show();  // the warm-up or calibration runs in the first call
      const bool wants = runs[i].wants_another();
      if (first) remaining_s -= points[i].warmup_s;
      if (wants) {
        if (!first) show();
        runs[i].run_one();
        remaining_s -= repetition_seconds(points[i]);
        any = true;
      }
      if (progress) clear_progress(style);
    }
    if (!any) break;
  }
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].started()) continue;  // cancelled before its turn: never measured
    PointResult result = runs[i].finish();
    report_error(i, points[i], result);
    if (!worth_keeping(result)) continue;
    if (on_point) on_point(result);
    run.results.push_back(std::move(result));
  }
  run.interrupted = cancelled(options);
  return run;
}

}  // namespace contend
