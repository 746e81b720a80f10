#include "session/session.hpp"

#include <fmt/format.h>

#include <utility>

#include "platform/interrupt.hpp"
#include "runner/warning_policy.hpp"
#include "session/output.hpp"
#include "util/console.hpp"

namespace contend {

Session::Session(const Topology& topology, std::vector<std::string> argv, std::string scenario,
                 std::string description) {
  context_.facts = probe_system(topology);
  context_.warnings = system_warnings(context_.facts);
  info_.argv = std::move(argv);
  info_.scenario = std::move(scenario);
  info_.description = std::move(description);
}

void Session::choose_output(const std::string& out, bool force, const std::string& label) {
  force_ = force;
  if (out == "-") {
    path_ = written_ = "-";
    return;
  }
  path_ = results_path(out, force,
                       fmt::format("{}-{}-{}", label, context_.facts.hostname, utc_file_stamp()));
}

void Session::add_harness(const HarnessOverhead& overhead) {
  context_.facts.harness = overhead;
  context_.warnings = system_warnings(context_.facts);
}

void Session::start() {
  install_interrupt_handlers();
  for (const auto& w : context_.warnings) print_to(stderr, "warning: {}\n", w.text);
  info_.started_at = utc_timestamp();
  started_ = SteadyClock::now();
}

void Session::finish(bool interrupted) {
  info_.finished_at = utc_timestamp();
  info_.wall_time_s = seconds_between(started_, SteadyClock::now());
  info_.interrupted = interrupted;
}

void Session::write(const nlohmann::json& document) {
  if (results_to_stdout()) {
    write_text(stdout, document_text(document));
    return;
  }
  written_ = write_results(path_, document, force_).path;
}

int Session::exit_code(int failed) const {
  if (info_.interrupted) return kInterruptedExitCode;
  return failed > 0 || written_ != path_ ? kExitFailed : kExitOk;
}

}  // namespace contend
