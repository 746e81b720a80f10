#include "platform/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "platform/interrupt.hpp"
#include "platform/error.hpp"

namespace contend {

namespace {

void write_all(int fd, const std::string& content, const std::string& what) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw SetupError(os_error(what, errno));
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

// Gives the finished temporary file its final name unless that name is taken (EEXIST).
// link() makes that atomic; filesystems without hard links (FAT, some network mounts) get
// renameat2(RENAME_NOREPLACE), and failing that a check before the rename.
int publish_without_replacing(const char* temp, const std::filesystem::path& path) {
  if (::link(temp, path.c_str()) == 0) return 0;
  if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS) return -1;
  if (::renameat2(AT_FDCWD, temp, AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP) return -1;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    errno = EEXIST;
    return -1;
  }
  return ::rename(temp, path.c_str());
}

void fsync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);  // best effort: the rename is already visible
    ::close(fd);
  }
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::string& content,
                           bool overwrite) {
  const std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  // Registered so that a second Ctrl-C, which exits at once, removes it too.
  TemporaryFileName temp_name((dir / fmt::format(".{}.XXXXXX", path.filename().string())).string());
  char* temp = temp_name.data();
  int fd = ::mkstemp(temp);
  if (fd < 0)
    throw SetupError(os_error(fmt::format("creating a temporary file in {}", dir.string()), errno));
  const std::string what = fmt::format("writing {}", path.string());
  try {
    // mkstemp creates the file 0600; results are meant to be shared.
    ::fchmod(fd, 0644);
    write_all(fd, content, what);
    if (::fsync(fd) != 0) throw SetupError(os_error(what, errno));
    const int closed = ::close(fd);
    fd = -1;  // closed even when close() reports an error
    if (closed != 0) throw SetupError(os_error(what, errno));
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(temp);
    throw;
  }
  const int rc = overwrite ? ::rename(temp, path.c_str()) : publish_without_replacing(temp, path);
  const int err = errno;
  ::unlink(temp);  // after link(); after a failed rename; harmless after a successful one
  if (rc != 0) {
    if (err == EEXIST) {
      throw SetupError(fmt::format("{} already exists; pass --force to replace it", path.string()));
    }
    throw SetupError(os_error(what, err));
  }
  fsync_dir(dir);
}

WriteOutcome write_file_or_elsewhere(const std::filesystem::path& path, const std::string& content,
                                     bool overwrite) {
  try {
    write_file_atomically(path, content, overwrite);
    return {path, ""};
  } catch (const SetupError& first) {
    std::error_code ec;
    const std::filesystem::path dirs[] = {
        path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path(),
        std::filesystem::temp_directory_path(ec)};
    for (const auto& dir : dirs) {
      if (dir.empty()) continue;
      try {
        const auto elsewhere = fresh_path(dir, path.stem().string());
        write_file_atomically(elsewhere, content, false);
        return {elsewhere, first.what()};
      } catch (const std::exception&) {
        // the next place
      }
    }
    throw;
  }
}

void check_writable_dir(const std::filesystem::path& dir, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    throw InputError(fmt::format("{}: directory {} does not exist", what, dir.string()));
  }
  if (!std::filesystem::is_directory(dir, ec)) {
    throw InputError(fmt::format("{}: {} is not a directory", what, dir.string()));
  }
  // access(W_OK) is wrong for root on read-only mounts; creating a file is the real test.
  TemporaryFileName probe((dir / ".contend-write-test.XXXXXX").string());
  const int fd = ::mkstemp(probe.data());
  if (fd < 0) {
    throw InputError(
        os_error(fmt::format("{}: cannot create files in {}", what, dir.string()), errno));
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

std::filesystem::path fresh_path(const std::filesystem::path& dir, const std::string& stem) {
  std::filesystem::path candidate = dir / (stem + ".json");
  for (int n = 2; std::filesystem::exists(candidate); ++n) {
    candidate = dir / fmt::format("{}-{}.json", stem, n);
  }
  return candidate;
}

}  // namespace contend
