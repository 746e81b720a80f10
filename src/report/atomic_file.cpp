#include "report/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "util/error.hpp"

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
  std::string temp = (dir / fmt::format(".{}.XXXXXX", path.filename().string())).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0)
    throw SetupError(os_error(fmt::format("creating a temporary file in {}", dir.string()), errno));
  const std::string what = fmt::format("writing {}", path.string());
  try {
    // mkstemp creates the file 0600; results are meant to be shared.
    ::fchmod(fd, 0644);
    write_all(fd, content, what);
    if (::fsync(fd) != 0) throw SetupError(os_error(what, errno));
    if (::close(fd) != 0) throw SetupError(os_error(what, errno));
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  // link() fails with EEXIST instead of replacing: no-clobber without a check-then-act race.
  const int rc =
      overwrite ? ::rename(temp.c_str(), path.c_str()) : ::link(temp.c_str(), path.c_str());
  const int err = errno;
  if (!overwrite) ::unlink(temp.c_str());
  if (rc != 0) {
    if (overwrite) ::unlink(temp.c_str());
    if (err == EEXIST) {
      throw SetupError(fmt::format("{} already exists; pass --force to replace it", path.string()));
    }
    throw SetupError(os_error(what, err));
  }
  fsync_dir(dir);
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
  std::string probe = (dir / ".contend-write-test.XXXXXX").string();
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
