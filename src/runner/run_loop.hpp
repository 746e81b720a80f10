// A whole run: the points in order, each failure recorded and the run carried on, so that an
// hour of measurements is never lost to one bad point or to Ctrl-C.
#pragma once

#include <functional>
#include <vector>

#include "contract/point.hpp"
#include "runner/point_runner.hpp"
#include "topology/topology.hpp"

namespace contend {

struct MeasuredRun {
  std::vector<PointResult> results;
  bool interrupted = false;  // PointOptions::cancelled said stop: the points measured so far
  bool stopped = false;      // `stop_on_failure` ended the run after a failed point
  bool interleaved = false;  // repetitions ran in rounds over the points (measure_interleaved)
};

// Measures `points` in order with `options`. A point that fails (an invariant, an abandoned
// worker, a refused pin, an exception while setting it up) is recorded as failed and the run
// goes on, unless `stop_on_failure`. When options.cancelled turns true, the run stops: the
// point being measured keeps its full repetitions, and is left out if it has none. `progress`
// shows each point and the time left on stderr (util/console.hpp's progress_style decides
// how); `on_point` is called with each result kept, as soon as its point finishes.
// Several points are measured in rounds by measure_interleaved below, the sessions' default.
MeasuredRun measure_points(const std::vector<MeasurementPoint>& points, const Topology& topology,
                           const PointOptions& options, bool stop_on_failure, bool progress,
                           const std::function<void(const PointResult&)>& on_point = {});

// Measures `points` in rounds: each round runs one repetition of every point that wants
// another (calibrating a point just before its first), so a slow phase of the machine spreads
// over the points instead of landing on one. A point that fails drops out of later rounds.
// When options.cancelled turns true, every point keeps the full repetitions it has (a point with
// none is left out). `on_point` is called for each kept result, in point order, at the end.
MeasuredRun measure_interleaved(const std::vector<MeasurementPoint>& points,
                                const Topology& topology, const PointOptions& options,
                                bool progress,
                                const std::function<void(const PointResult&)>& on_point = {});

// Before measuring with pinning: pins a scratch thread to every PU the points use, so that an
// OS, container or cpuset that refuses pinning is one clear SetupError up front (naming the PU
// and suggesting --no-pin) rather than a failed point after each.
void check_pinning(const std::vector<MeasurementPoint>& points, const Topology& topology);

}  // namespace contend
