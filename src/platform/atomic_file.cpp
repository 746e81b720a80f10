#include "platform/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include "platform/interrupt.hpp"

namespace contend {

namespace {

namespace fs = std::filesystem;

// Another place tried after the first failed gets a name stem at most this long, so that a name
// the filesystem refused for its length is not refused again.
constexpr std::size_t kMaxFallbackStem = 120;

// Fresh names tried, next to each other, before a collision counts as an error.
constexpr int kMaxFreshNames = 1000;

fs::path directory_of(const fs::path& path) {
  return path.parent_path().empty() ? fs::path(".") : path.parent_path();
}

// Files written here never get descriptors 0-2: were one of those closed when the tool started,
// a note written to stderr (the signal handler's) would land in the results.
int above_standard_descriptors(int fd) {
  if (fd < 0 || fd > STDERR_FILENO) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  const int err = errno;
  ::close(fd);
  errno = err;
  return moved;
}

// An open file descriptor, closed when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(above_standard_descriptors(fd)) {}
  Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Descriptor& operator=(Descriptor&&) = delete;
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // close() and its result: some filesystems (NFS) report a failed write only here.
  int close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

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

// The whole content on the disk, or an exception.
void write_and_sync(int fd, const std::string& content, const std::string& what) {
  ::fchmod(fd, 0644);  // mkstemp creates files 0600; results are meant to be shared
  write_all(fd, content, what);
  if (::fsync(fd) != 0) throw SetupError(os_error(what, errno));
}

FileExistsError already_exists(const fs::path& path) {
  return FileExistsError(fmt::format("{} already exists; pass --force to replace it", path.string()));
}

// An unnamed file in `dir`; invalid where the kernel or the filesystem has no O_TMPFILE.
Descriptor open_unnamed(const fs::path& dir) {
#ifdef O_TMPFILE
  return Descriptor(::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644));
#else
  (void)dir;
  return Descriptor(-1);
#endif
}

// Gives the unnamed file `fd` the name `path`, never replacing one (EEXIST). AT_EMPTY_PATH needs
// CAP_DAC_READ_SEARCH; /proc/self/fd/N does the same for everyone where /proc is mounted.
int link_unnamed(int fd, const fs::path& path) {
  if (::linkat(fd, "", AT_FDCWD, path.c_str(), AT_EMPTY_PATH) == 0) return 0;
  if (errno == EEXIST) return -1;
  const std::string self = fmt::format("/proc/self/fd/{}", fd);
  return ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW);
}

// A name for a complete file about to be renamed over an older one.
std::string replacement_name(const fs::path& dir) {
  static std::atomic<unsigned> counter{0};
  return (dir / fmt::format(".contend-{}-{}.tmp", ::getpid(), counter.fetch_add(1))).string();
}

// The O_TMPFILE way: the file has no name until it is complete. False, with nothing left
// behind, when this filesystem cannot (no O_TMPFILE, no /proc to link through).
bool write_unnamed(const fs::path& dir, const fs::path& path, const std::string& content,
                   bool overwrite, const std::string& what) {
  Descriptor fd = open_unnamed(dir);
  if (!fd.valid()) return false;
  write_and_sync(fd.get(), content, what);  // a full disk is an answer: the other way fails too
  if (link_unnamed(fd.get(), path) == 0) return true;
  if (errno != EEXIST) return false;
  if (!overwrite) throw already_exists(path);
  // Replacing: the complete file gets a name of its own for a moment, then replaces the old one.
  TemporaryFileName temp(replacement_name(dir));
  if (link_unnamed(fd.get(), temp.c_str()) != 0) return false;
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw SetupError(os_error(what, err));
  }
  return true;
}

// Gives the finished temporary file its final name unless that name is taken (EEXIST).
// link() makes that atomic; filesystems without hard links (FAT, some network mounts) get
// renameat2(RENAME_NOREPLACE), and failing that a check before the rename.
int publish_without_replacing(const char* temp, const fs::path& path) {
  if (::link(temp, path.c_str()) == 0) return 0;
  if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS) return -1;
  if (::renameat2(AT_FDCWD, temp, AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP) return -1;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    errno = EEXIST;
    return -1;
  }
  return ::rename(temp, path.c_str());
}

// The classic way: a temporary file with a short name of its own (so a long final name is not
// made too long), fsync, then link or rename. Registered so that a second Ctrl-C, which exits at
// once, removes it too.
void write_named(const fs::path& dir, const fs::path& path, const std::string& content,
                 bool overwrite, const std::string& what) {
  TemporaryFileName temp((dir / ".contend-XXXXXX").string());
  const int raw = ::mkstemp(temp.data());
  if (raw < 0) {
    throw SetupError(os_error(fmt::format("creating a temporary file in {}", dir.string()), errno));
  }
  Descriptor fd(raw);
  try {
    if (!fd.valid()) throw SetupError(os_error(what, errno));
    write_and_sync(fd.get(), content, what);
    if (fd.close() != 0) throw SetupError(os_error(what, errno));
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  const int rc = overwrite ? ::rename(temp.c_str(), path.c_str())
                           : publish_without_replacing(temp.c_str(), path);
  const int err = errno;
  ::unlink(temp.c_str());  // after link(); after a failed rename; harmless after a successful one
  if (rc != 0) {
    if (err == EEXIST) throw already_exists(path);
    throw SetupError(os_error(what, err));
  }
}

void fsync_dir(const fs::path& dir) {
  const Descriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.valid()) ::fsync(fd.get());  // best effort: the name is already visible
}

// A name the tool chose was taken by someone else between choosing and writing (two runs in one
// directory): the next free name, as if it had been free all along.
std::optional<fs::path> write_next_free(const fs::path& path, const std::string& content) {
  for (int tries = 0; tries < kMaxFreshNames; ++tries) {
    const fs::path next = fresh_path(directory_of(path), path.stem().string());
    try {
      write_file_atomically(next, content, false);
      return next;
    } catch (const FileExistsError&) {
      // taken again meanwhile: the one after
    }
  }
  return std::nullopt;
}

}  // namespace

void write_file_atomically(const fs::path& path, const std::string& content, bool overwrite) {
  const fs::path dir = directory_of(path);
  const std::string what = fmt::format("writing {}", path.string());
  if (!write_unnamed(dir, path, content, overwrite, what)) {
    write_named(dir, path, content, overwrite, what);
  }
  fsync_dir(dir);
}

WriteOutcome write_file_or_elsewhere(const fs::path& path, const std::string& content,
                                     bool overwrite, NameChoice choice) {
  std::string first;
  try {
    write_file_atomically(path, content, overwrite);
    return {path, ""};
  } catch (const FileExistsError& e) {
    first = e.what();
    if (choice == NameChoice::kTool) {
      try {
        if (auto next = write_next_free(path, content)) return {*next, ""};
      } catch (const SetupError& later) {
        first = later.what();  // the disk filled up meanwhile, say: the fallbacks below
      }
    }
  } catch (const SetupError& e) {
    first = e.what();
  }
  std::error_code ec;
  const fs::path temp_dir = fs::temp_directory_path(ec);
  std::vector<fs::path> dirs{directory_of(path)};
  if (!temp_dir.empty() && !fs::equivalent(temp_dir, dirs.front(), ec)) dirs.push_back(temp_dir);
  const std::string stem = path.stem().string().substr(0, kMaxFallbackStem);
  std::vector<std::string> tried;
  for (const auto& dir : dirs) {
    try {
      const fs::path elsewhere = fresh_path(dir, stem);
      write_file_atomically(elsewhere, content, false);
      return {elsewhere, first};
    } catch (const std::exception&) {
      tried.push_back(dir.string());  // the next place
    }
  }
  throw SetupError(fmt::format("{} (also tried {})", first, fmt::join(tried, " and ")));
}

void check_writable_dir(const fs::path& dir, const std::string& what) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    throw InputError(fmt::format("{}: directory {} does not exist", what, dir.string()));
  }
  if (!fs::is_directory(dir, ec)) {
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

void check_file_name(const fs::path& path, const std::string& what) {
  const fs::path dir = directory_of(path);
  const std::string name = path.filename().string();
  long name_max = ::pathconf(dir.c_str(), _PC_NAME_MAX);
  if (name_max <= 0) name_max = NAME_MAX;
  if (name.size() > static_cast<std::size_t>(name_max)) {
    throw InputError(fmt::format("{}: {} is too long a file name; expected at most {} bytes (the "
                                 "filesystem's limit)",
                                 what, excerpt(name), name_max));
  }
  if (path.string().size() >= PATH_MAX) {
    throw InputError(fmt::format("{}: the path {} is {} bytes; expected fewer than {}", what,
                                 excerpt(path.string()), path.string().size(), PATH_MAX));
  }
  std::error_code ec;
  const fs::file_status link = fs::symlink_status(path, ec);
  if (fs::is_symlink(link) && !fs::exists(path, ec)) {
    throw InputError(fmt::format(
        "{}: {} is a symbolic link to {}, which does not exist; expected a new file name", what,
        path.string(), fs::read_symlink(path, ec).string()));
  }
  if (fs::exists(link)) return;
  // The name itself, tried: a filesystem may refuse its characters (FAT: ':', '?') or its length.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;  // created meanwhile: the caller's to judge, as above
    throw InputError(os_error(fmt::format("{}: cannot create {}", what, path.string()), errno));
  }
  ::close(fd);
  ::unlink(path.c_str());
}

fs::path fresh_path(const fs::path& dir, const std::string& stem) {
  // Taken: anything by that name, a dangling symbolic link included.
  const auto taken = [](const fs::path& candidate) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(candidate, ec));
  };
  fs::path candidate = dir / (stem + ".json");
  for (int n = 2; taken(candidate) && n <= kMaxFreshNames + 1; ++n) {
    candidate = dir / fmt::format("{}-{}.json", stem, n);
  }
  return candidate;
}

}  // namespace contend
