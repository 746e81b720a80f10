// Writing results so that a crash, a full disk or a second run can never leave a half-written
// or overwritten file: an unnamed file (O_TMPFILE) in the same directory, fsync, then link it
// under its name; where the filesystem cannot, a temporary file, fsync, then link or rename.
#pragma once

#include <filesystem>
#include <string>

#include "platform/error.hpp"

namespace contend {

// The name asked for is taken (and replacing it was not asked for).
class FileExistsError : public SetupError {
 public:
  using SetupError::SetupError;
};

// Writes `content` to `path` atomically. Refuses (FileExistsError) to replace an existing file
// unless `overwrite`. Any write error is reported (SetupError); nothing is left behind then.
// Where the filesystem supports O_TMPFILE the file has no name until it is complete, so even a
// SIGKILL leaves no temporary file. The descriptor written to is never 0, 1 or 2.
void write_file_atomically(const std::filesystem::path& path, const std::string& content,
                           bool overwrite);

struct WriteOutcome {
  std::filesystem::path path;  // where the content went
  std::string error;           // why it is not where it was asked to go; empty when it is
};

// Who picked the name: a name the tool chose itself (a default or a name inside an --out
// directory) simply becomes the next free one when another run took it meanwhile, silently.
enum class NameChoice { kUser, kTool };

// write_file_atomically, falling back when that fails (disk full, directory removed, the name
// taken meanwhile) to a fresh name next to `path`, then in the temp directory ($TMPDIR), so
// that results measured for an hour are not lost at the last step. Throws SetupError "WHY (also
// tried DIRS)" with the first error when every place failed.
WriteOutcome write_file_or_elsewhere(const std::filesystem::path& path, const std::string& content,
                                     bool overwrite, NameChoice choice = NameChoice::kUser);

// Throws InputError when files cannot be created in `dir` (missing, not a directory, not
// writable). Called before measuring starts, so no measurement is lost to a bad --out.
void check_writable_dir(const std::filesystem::path& dir, const std::string& what);

// Throws InputError when `path` cannot become a new file: a name longer than the filesystem
// allows, a dangling symbolic link, a name the filesystem refuses (tried by creating it and
// removing it again). Existing files are the caller's to judge (--force); they pass here.
void check_file_name(const std::filesystem::path& path, const std::string& what);

// `dir/stem.json`, or `dir/stem-2.json`, ... : the first name not taken yet.
std::filesystem::path fresh_path(const std::filesystem::path& dir, const std::string& stem);

}  // namespace contend
