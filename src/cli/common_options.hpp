// Pieces every subcommand shares: the invocation's argv, one-time topology loading, and where
// output files go.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/atomic_file.hpp"
#include "topology/topology.hpp"

namespace contend {

struct Invocation {
  std::vector<std::string> argv;  // as typed, recorded in results
};

// hwloc's view of this machine with the process's affinity applied. Loaded once.
const Topology& system_topology();

// "contend 0.1.0 (git a1b2c3, Release, GNU 12.2.0)"
std::string version_line();

// True when stderr is a terminal: progress lines go there only then.
bool stderr_is_terminal();

// Where a results file goes, checked before anything is measured so that no measurement is
// lost to a bad --out: `out` empty: results/STEM.json (the directory is created); a name
// ending in .json: that file (refused when it exists, unless `force`); else a directory.
// `name` (scenario, host, time) becomes a safe file name: no '/', no leading '.', not too long.
std::filesystem::path results_path(const std::string& out, bool force, const std::string& name);

// `path` as a file to create, checked before the work that fills it: not a directory, in a
// directory that exists and is writable, and not there yet unless `force`. Throws InputError
// naming `what` (the flag).
void check_output_file(const std::filesystem::path& path, bool force, const std::string& what);

// The end of a run: `document` as text (document_text) written to `path`, or elsewhere when
// that fails (write_file_or_elsewhere), which stderr then reports as "contend: error: WHY;
// results written to OTHER instead". Returns where it went.
WriteOutcome write_results(const std::filesystem::path& path, const nlohmann::json& document,
                           bool force);

}  // namespace contend
