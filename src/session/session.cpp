#include "session/session.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <utility>

#include "platform/interrupt.hpp"
#include "runner/warning_policy.hpp"
#include "session/output.hpp"
#include "util/console.hpp"

namespace contend {

Session::Session(const Topology& topology, std::vector<std::string> argv, std::string scenario,
                 std::string description)
    : topology_warnings_(topology_warnings(topology)) {
  context_.facts = probe_system(topology);
  context_.warnings = judge_machine();
  info_.argv = std::move(argv);
  info_.scenario = std::move(scenario);
  info_.description = std::move(description);
}

void Session::choose_output(const std::string& out, bool force, const std::string& label) {
  force_ = force;
  if (out == "-") {
    output_ = {"-", NameChoice::kUser};
    written_ = "-";
    return;
  }
  output_ = results_path(out, force, default_results_stem(label, context_.facts.hostname));
}

void Session::add_harness(const HarnessOverhead& overhead) {
  context_.facts.harness = overhead;
  context_.warnings = judge_machine();
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
  try {
    const WriteOutcome outcome = write_results(output_, document, force_);
    written_ = outcome.path;
    write_error_ = outcome.error;
  } catch (const std::exception& e) {
    written_.clear();
    write_error_ = e.what();
    print_to(stderr, "contend: error: nothing was saved: {}\n", write_error_);
  }
}

Warnings Session::judge_machine() const {
  Warnings warnings = system_warnings(context_.facts);
  warnings.insert(warnings.end(), topology_warnings_.begin(), topology_warnings_.end());
  return warnings;
}

int Session::exit_code(int failed) const {
  if (info_.interrupted) return kInterruptedExitCode;
  return failed > 0 || !write_error_.empty() ? kExitFailed : kExitOk;
}

std::string Session::saved_to() const {
  if (written_.empty()) return fmt::format("nothing was saved ({})", write_error_);
  return written_.string();
}

}  // namespace contend
