// What every measuring session (`contend run`, `contend c2c`) does around its measurements, in
// one order: probe the machine and judge it, decide where the results go (before anything is
// measured), take over Ctrl-C, measure, write whatever was measured, and end with one exit-code
// rule.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "report/context.hpp"
#include "report/results_json.hpp"
#include "session/output.hpp"
#include "topology/topology.hpp"

namespace contend {

// Exit codes of a measuring session (bad input is 2, raised as InputError before measuring).
inline constexpr int kExitOk = 0;
// A point or pair failed, or the results went elsewhere, or nowhere.
inline constexpr int kExitFailed = 1;

class Session {
 public:
  // Probes the machine (facts and warnings) and records the invocation.
  Session(const Topology& topology, std::vector<std::string> argv, std::string scenario,
          std::string description);

  // Decides the results path from --out/--force and the default stem
  // "<label>-<host>-<time>-<pid>"; throws InputError now rather than after measuring. `out`
  // "-": the results go to stdout.
  void choose_output(const std::string& out, bool force, const std::string& label);

  // Adds a fact measured after the probe (the harness overhead) and the warnings it raises.
  void add_harness(const HarnessOverhead& overhead);

  // Installs the signal handlers, prints the machine warnings, starts the clock.
  void start();

  // Stops the clock; `interrupted` is recorded in the file.
  void finish(bool interrupted);

  // Writes the document (falling back elsewhere when the path fails; see write_results). When
  // no place can take it, says "contend: error: nothing was saved: WHY" on stderr and returns:
  // the caller still prints what was measured.
  void write(const nlohmann::json& document);

  // 130 when interrupted, 1 when anything failed or the results went elsewhere or nowhere,
  // else 0.
  int exit_code(int failed) const;

  // For the closing line: where the results went, or "nothing was saved (WHY)".
  std::string saved_to() const;

  const SystemFacts& facts() const { return context_.facts; }
  const Warnings& machine_warnings() const { return context_.warnings; }
  const RunInfo& info() const { return info_; }
  const std::filesystem::path& written_to() const { return written_; }
  bool results_to_stdout() const { return output_.path == "-"; }

 private:
  // The machine's warnings: the probe's, and what hwloc could not see.
  Warnings judge_machine() const;

  Warnings topology_warnings_;
  MachineContext context_;
  RunInfo info_;
  OutputChoice output_;
  std::filesystem::path written_;  // empty when nothing was saved
  std::string write_error_;        // why the results are not at output_.path; empty when they are
  bool force_ = false;
  SteadyClock::time_point started_;
};

}  // namespace contend
