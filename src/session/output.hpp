// Where a session's results file goes, decided before anything is measured, and how it is
// written at the end so that nothing measured is lost.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "platform/atomic_file.hpp"

namespace contend {

struct OutputChoice {
  std::filesystem::path path;
  NameChoice chosen_by = NameChoice::kTool;  // kUser: --out named the file itself
};

// "<label>-<host>-<UTC time>-<pid>", made a safe file name: two runs started in the same second
// in the same directory never pick the same default name.
std::string default_results_stem(const std::string& label, const std::string& host);

// Where a results file goes, checked before anything is measured so that no measurement is
// lost to a bad --out: `out` empty: results/STEM.json (the directory is created); a name
// ending in .json: that file (refused when it exists, unless `force`); else a directory.
// `stem` becomes a safe file name: no '/', no leading '.', not too long.
OutputChoice results_path(const std::string& out, bool force, const std::string& stem);

// `path` as a file to create, checked before the work that fills it: not a directory, in a
// directory that exists and is writable, a name this filesystem accepts (check_file_name), and
// not there yet unless `force`. Throws InputError naming `what` (the flag).
void check_output_file(const std::filesystem::path& path, bool force, const std::string& what);

// The end of a run: `document` as text (document_text) written to the chosen path, or
// elsewhere when that fails (write_file_or_elsewhere), which stderr then reports as
// "contend: error: WHY; results written to OTHER instead". Returns where it went; throws
// SetupError when no place could take it.
WriteOutcome write_results(const OutputChoice& output, const nlohmann::json& document,
                           bool force);

}  // namespace contend
