#include "session/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "platform/error.hpp"
#include "report/results_json.hpp"
#include "util/console.hpp"

namespace contend {

namespace {

// Longest label-and-host part of a default name, and longest stem of any results name: with
// the time stamp, the pid and a "-N" they stay far below NAME_MAX (255).
constexpr std::size_t kMaxLabelChars = 100;
constexpr std::size_t kMaxStemChars = 160;

// A scenario's name and the host name go into the file name: a '/' in either must not send
// the results elsewhere (or into a directory that does not exist, found only after measuring),
// so anything but letters, digits, '.', '-', '_' and '+' becomes '_', and a long name is cut.
std::string file_stem(const std::string& stem, std::size_t max_chars = kMaxStemChars) {
  std::string safe;
  for (const char c : stem.substr(0, max_chars)) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_' || c == '+';
    safe += plain ? c : '_';
  }
  if (safe.starts_with('.')) safe.front() = '_';  // no hidden files, no ".."
  return safe;
}

}  // namespace

std::string default_results_stem(const std::string& label, const std::string& host) {
  const std::string who = file_stem(fmt::format("{}-{}", label, host), kMaxLabelChars);
  return fmt::format("{}-{}-{}", who, utc_file_stamp(), ::getpid());
}

OutputChoice results_path(const std::string& out, bool force, const std::string& name) {
  namespace fs = std::filesystem;
  const std::string stem = file_stem(name);
  if (out.empty()) {
    std::error_code ec;
    fs::create_directories("results", ec);
    check_writable_dir("results", "results directory");
    return {fresh_path("results", stem), NameChoice::kTool};
  }
  const fs::path path = out;
  std::error_code ec;
  if (path.extension() == ".json" && !fs::is_directory(path, ec)) {  // "x.json/" is a directory
    check_output_file(path, force, "--out");
    return {path, NameChoice::kUser};
  }
  if (!fs::is_directory(path, ec)) {
    throw InputError(
        fmt::format("--out: {} {}; expected an existing directory, or a file name ending in .json",
                    path.string(), fs::exists(path, ec) ? "is not a directory" : "does not exist"));
  }
  check_writable_dir(path, "--out");
  return {fresh_path(path, stem), NameChoice::kTool};
}

void check_output_file(const std::filesystem::path& path, bool force, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw InputError(
        fmt::format("{}: {} is a directory; expected a file name", what, path.string()));
  }
  check_writable_dir(path.parent_path().empty() ? "." : path.parent_path(), what);
  check_file_name(path, what);
  if (fs::exists(path, ec) && !force) {
    throw InputError(
        fmt::format("{}: {} already exists; pass --force to replace it", what, path.string()));
  }
}

WriteOutcome write_results(const OutputChoice& output, const nlohmann::json& document,
                           bool force) {
  WriteOutcome outcome =
      write_file_or_elsewhere(output.path, document_text(document), force, output.chosen_by);
  if (!outcome.error.empty()) {
    print_to(stderr, "contend: error: {}; results written to {} instead\n", outcome.error,
             outcome.path.string());
  }
  return outcome;
}

}  // namespace contend
