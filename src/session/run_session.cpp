#include "session/run_session.hpp"

#include <fmt/format.h>

#include "platform/interrupt.hpp"
#include "report/console_table.hpp"
#include "runner/harness_overhead.hpp"
#include "runner/run_loop.hpp"
#include "runner/worker_group.hpp"
#include "session/session.hpp"
#include "util/console.hpp"

namespace contend {

namespace {

// What happened to the run as a whole, beyond the machine's warnings.
Warnings run_warnings(const MeasuredRun& run, std::size_t planned) {
  Warnings out;
  const auto measured = static_cast<double>(run.results.size());
  if (run.interrupted) {
    const auto partly = std::count_if(run.results.begin(), run.results.end(),
                                      [](const PointResult& r) { return r.interrupted; });
    std::string which;
    if (partly > 0 && !run.interleaved) which = ", the last one partly";
    if (partly > 0 && run.interleaved) which = fmt::format(", {} of them partly", partly);
    out.push_back(
        {"interrupted",
         fmt::format("interrupted: {} of {} points measured{}", run.results.size(), planned, which),
         {{"measured", measured}, {"planned", static_cast<double>(planned)}}});
  }
  if (run.stopped) {
    out.push_back({"stopped_on_failure",
                   fmt::format("--stop-on-failure: stopped after {} of {} points",
                               run.results.size(), planned),
                   {{"measured", measured}, {"planned", static_cast<double>(planned)}}});
  }
  if (abandoned_workers() > 0) {
    out.push_back({"abandoned_workers",
                   fmt::format("{} worker threads did not stop and were abandoned; they kept "
                               "running and may have disturbed the points measured after them",
                               abandoned_workers()),
                   {{"workers", abandoned_workers()}}});
  }
  return out;
}

}  // namespace

int run_session(const std::vector<MeasurementPoint>& points, const Topology& topology,
                RunSessionSettings settings) {
  Session session(topology, settings.argv, settings.scenario, settings.description);
  // The output is checked before anything is measured, the harness overhead included.
  session.choose_output(settings.out, settings.force, settings.scenario);
  const bool pin = settings.point.pin;
  if (pin) check_pinning(points, topology);  // a refusal: one clear error, up front
  session.add_harness(measure_harness_overhead(topology, pin));
  session.start();

  settings.point.cancelled = &interrupt_requested;
  // Each row as its point finishes (in rounds: after the last round); with the results on
  // stdout, the table goes to stderr.
  std::FILE* table = session.results_to_stdout() ? stderr : stdout;
  const TableLayout layout = table_layout(points, settings.wide);
  print_to(table, "{}", console_header(layout));
  const auto print_row = [&](const PointResult& r) {
    print_to(table, "{}", console_row(r, layout));
  };
  // Rounds unless told otherwise: stopping at the first failure is a sequential notion, and one
  // point has nothing to interleave with.
  const bool interleave = points.size() > 1 && !settings.in_order && !settings.stop_on_failure;
  const MeasuredRun run =
      interleave ? measure_interleaved(points, topology, settings.point, true, print_row)
                 : measure_points(points, topology, settings.point, settings.stop_on_failure, true,
                                  print_row);
  session.finish(run.interrupted);
  Warnings warnings = session.machine_warnings();
  for (auto& w : run_warnings(run, points.size())) warnings.push_back(std::move(w));
  RunInfo info = session.info();
  info.scenario_file = settings.scenario_file;
  info.repetition_order = run.interleaved ? "interleaved" : "in_order";
  session.write(results_document(info, session.facts(), run.results, warnings));

  int failed = 0;
  for (const auto& r : run.results) failed += r.ok() ? 0 : 1;
  print_to(table, "\n{} points in {:.1f}s, {} failed; results: {}\n", run.results.size(),
           info.wall_time_s, failed, session.results_to_stdout() ? "stdout" : session.saved_to());
  return session.exit_code(failed);
}

}  // namespace contend
