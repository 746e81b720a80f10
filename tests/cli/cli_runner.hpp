// Runs the built `contend` binary as a user would and captures what it printed and returned.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace contend::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh empty directory under the system temp dir, unique per test.
inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("contend-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Where run_contend runs when the test names no directory: one per test process, because
// ctest -j runs tests side by side and they must not share the .stdout/.stderr capture files.
inline const std::filesystem::path& default_cwd() {
  static const std::filesystem::path dir = temp_dir("cwd");
  return dir;
}

// Runs `command` through the shell in `cwd`, capturing stdout and stderr separately.
inline CliResult run_shell(const std::string& command, const std::filesystem::path& cwd) {
  // Unique names: tests run in parallel and several share the default directory.
  static int calls = 0;
  const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(++calls);
  const auto out_file = cwd / (".stdout-" + tag);
  const auto err_file = cwd / (".stderr-" + tag);
  // Built by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
  std::string full = "cd ";
  full += shell_quote(cwd.string());
  full += " && " + command;
  full += " >";
  full += shell_quote(out_file.string());
  full += " 2>";
  full += shell_quote(err_file.string());
  full += " </dev/null";
  const int status = std::system(full.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(out_file);
  result.err = slurp(err_file);
  std::filesystem::remove(out_file);
  std::filesystem::remove(err_file);
  return result;
}

// Runs contend with `args` in `cwd`.
inline CliResult run_contend(const std::vector<std::string>& args,
                             const std::filesystem::path& cwd = default_cwd()) {
  std::string command = shell_quote(CONTEND_BINARY);
  for (const auto& arg : args) {
    command += ' ';
    command += shell_quote(arg);
  }
  return run_shell(command, cwd);
}

// plots/validate.py (the schema and the cross-field rules) on `file` in `cwd`.
inline CliResult validate_results(const std::filesystem::path& cwd, const std::string& file) {
  const std::string validator = std::string(CONTEND_SOURCE_DIR) + "/plots/validate.py";
  return run_shell(
      shell_quote(CONTEND_PYTHON) + " " + shell_quote(validator) + " " + shell_quote(file), cwd);
}

inline int line_count(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

}  // namespace contend::testing
