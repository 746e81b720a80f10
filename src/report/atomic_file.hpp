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

// Throws InputError when files cannot be created in `dir` (missing, not a directory, not
// writable). Called before measuring starts, so no measurement is lost to a bad --out.
void check_writable_dir(const std::filesystem::path& dir, const std::string& what);

// `dir/stem.json`, or `dir/stem-2.json`, ... : the first name not taken yet.
std::filesystem::path fresh_path(const std::filesystem::path& dir, const std::string& stem);

}  // namespace contend
