// Writing results so that a crash, a full disk or a second run can never leave a half-written
// or overwritten file: temporary file in the same directory, fsync, then link or rename.
#pragma once

#include <filesystem>
#include <string>

namespace contend {

// Writes `content` to `path` atomically. Refuses (SetupError) to replace an existing file
// unless `overwrite`. Any write error is reported; the temporary file is removed.
void write_file_atomically(const std::filesystem::path& path, const std::string& content,
                           bool overwrite);

struct WriteOutcome {
  std::filesystem::path path;  // where the content went
  std::string error;           // why it is not the requested path; empty when it is
};

// write_file_atomically, falling back when that fails (disk full, directory removed, the name
// taken meanwhile) to a fresh name next to `path`, then in the temp directory, so that results
// measured for an hour are not lost at the last step. Throws the first error when every place
// failed.
WriteOutcome write_file_or_elsewhere(const std::filesystem::path& path, const std::string& content,
                                     bool overwrite);

// Throws InputError when files cannot be created in `dir` (missing, not a directory, not
// writable). Called before measuring starts, so no measurement is lost to a bad --out.
void check_writable_dir(const std::filesystem::path& dir, const std::string& what);

// `dir/stem.json`, or `dir/stem-2.json`, ... : the first name not taken yet.
std::filesystem::path fresh_path(const std::filesystem::path& dir, const std::string& stem);

}  // namespace contend
